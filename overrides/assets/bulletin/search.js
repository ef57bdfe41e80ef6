/* Exact search over the static bigram index written by bulletin/search.py.
   Loaded only by the search page; ordinary pages download nothing for search. */
(function () {
  "use strict";
  var KINDS = { article: "a", policy: "p" };  // the 专刊文章 / 政策文件 filter, as in search.py
  var PAGE = 10;  // results per page: each fetches at most one record file, keeping a query small
  var root = document.querySelector("[data-search-root]");
  if (!root) return;
  var base = root.getAttribute("data-search-root");
  var status = document.getElementById("search-status");
  var list = document.querySelector("[data-search-results]");
  var pager = document.getElementById("search-pager");
  var params = new URLSearchParams(location.search);
  var t2s = {};

  function get(path) {
    return fetch(base + path).then(function (r) {
      if (!r.ok) throw new Error(path);
      return r.json();
    });
  }

  // Same folding as fold_char() in search.py: NFKC, lower case, traditional to simplified.
  function foldChar(c) {
    var f = c.normalize("NFKC");
    if (f.length !== c.length) f = c;
    var l = f.toLowerCase();
    if (l.length === f.length) f = l;
    return t2s[f] || f;
  }
  function chars(text) { return Array.from(text); }
  function isWord(c) { return /[\p{L}\p{N}]/u.test(c); }

  // FNV-1a over UTF-16 code units, as shard_of() in search.py.
  function shardOf(gram, shards) {
    var h = 0x811c9dc5;
    for (var i = 0; i < gram.length; i++) {
      h ^= gram.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % shards;
  }

  // A term is split at non-word characters into runs; runs of one character are dropped,
  // unless the whole term is one character, which cannot be searched exactly.
  function runsOf(term) {
    var runs = [], run = "";
    chars(term).map(foldChar).forEach(function (c) {
      if (isWord(c)) { run += c; } else { if (run) runs.push(run); run = ""; }
    });
    if (run) runs.push(run);
    return runs.filter(function (r) { return chars(r).length >= 2; });
  }

  function decode(flat) {
    var byDoc = new Map(), i = 0, doc = 0;
    while (i < flat.length) {
      doc += flat[i]; var n = flat[i + 1]; i += 2;
      var positions = new Set(), p = 0;
      for (var k = 0; k < n; k++) { p += flat[i + k]; positions.add(p); }
      i += n;
      byDoc.set(doc, positions);
    }
    return byDoc;
  }

  // Documents where the run's bigrams stand at consecutive positions, with match counts.
  function matchRun(run, shards, cache) {
    var cs = chars(run), grams = [];
    for (var i = 0; i + 1 < cs.length; i++) grams.push(cs[i] + cs[i + 1]);
    var lists = grams.map(function (g) {
      var shard = cache.get(shardOf(g, shards)) || {};
      return shard[g] ? decode(shard[g]) : new Map();
    });
    var found = new Map();
    lists[0].forEach(function (positions, doc) {
      var count = 0;
      positions.forEach(function (p) {
        for (var k = 1; k < lists.length; k++) {
          var at = lists[k].get(doc);
          if (!at || !at.has(p + k)) return;
        }
        count++;
      });
      if (count) found.set(doc, count);
    });
    return found;
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // An excerpt around the first match in the article's text, matches marked.
  function excerpt(text, runs) {
    var cs = chars(text), folded = cs.map(foldChar).join("");
    var fc = chars(folded), hits = [];
    runs.forEach(function (run) {
      var rl = chars(run).length, from = 0, idx;
      var joined = fc.join("");
      while ((idx = joined.indexOf(run, from)) !== -1) {
        var start = chars(joined.slice(0, idx)).length;
        hits.push([start, start + rl]);
        from = idx + run.length;
      }
    });
    hits.sort(function (a, b) { return a[0] - b[0]; });
    var first = hits.length ? hits[0][0] : 0;
    var begin = Math.max(0, first - 40), end = Math.min(cs.length, first + 80);
    var html = begin > 0 ? "…" : "";
    for (var i = begin; i < end; i++) {
      var opens = hits.some(function (h) { return h[0] === i; });
      var closes = hits.some(function (h) { return h[1] === i; });
      if (closes) html += "</mark>";
      if (opens) html += "<mark>";
      html += escapeHtml(cs[i]);
    }
    if (hits.some(function (h) { return h[0] < end && h[1] >= end; })) html += "</mark>";
    return html.replace(/<mark><\/mark>/g, "") + (end < cs.length ? "…" : "");
  }

  function fillForm(meta) {
    var form = document.getElementById("search-form");
    form.q.value = params.get("q") || "";
    [["year", Array.from(new Set(meta.years)).sort().reverse()],
     ["category", meta.categories], ["source", meta.sources]].forEach(function (pair) {
      var select = form[pair[0]];
      pair[1].forEach(function (value) {
        var option = document.createElement("option");
        option.value = option.textContent = value;
        select.appendChild(option);
      });
      select.value = params.get(pair[0]) || "";
    });
    form.sort.value = params.get("sort") === "relevance" ? "relevance" : "date";
    if (form.type) form.type.value = KINDS[params.get("type")] ? params.get("type") : "";
  }

  function pageLink(n) {
    var p = new URLSearchParams(params);
    p.set("page", n);
    return "?" + p.toString();
  }

  function show(meta, results, runs) {
    var page = Math.max(1, parseInt(params.get("page") || "1", 10));
    var pages = Math.max(1, Math.ceil(results.length / PAGE));
    page = Math.min(page, pages);
    var shown = results.slice((page - 1) * PAGE, page * PAGE);
    status.textContent = results.length
      ? "共找到 " + results.length + " 篇文章" + (pages > 1 ? "，第 " + page + " / " + pages + " 页" : "")
      : "没有找到包含“" + params.get("q") + "”的文章";
    var per = meta.docsPerFile, chunks = new Map();
    shown.forEach(function (r) {
      var n = Math.floor(r[0] / per);
      if (!chunks.has(n)) chunks.set(n, get("docs/" + n + ".json"));
    });
    return Promise.all(shown.map(function (r) {
      return chunks.get(Math.floor(r[0] / per)).then(function (chunk) { return chunk[r[0] % per]; });
    }))
      .then(function (docs) {
        list.innerHTML = docs.map(function (d) {
          var policy = d.k === KINDS.policy;  // label: its 发文字号; source: its publisher
          return '<li class="bulletin-result"><a class="bulletin-result__title" href="' +
            escapeHtml(base + "../" + d.u) + '">' + escapeHtml(d.t) + "</a>" +
            '<p class="bulletin-result__meta">' + (policy ? "政策文件 · " : "") + escapeHtml(d.l) +
            " · <time datetime=\"" + escapeHtml(d.d) + '">' +
            escapeHtml(d.d.replace(/^(\d+)-0?(\d+)-0?(\d+).*/, "$1年$2月$3日")) + "</time> · " +
            (policy ? "发布机构：" : "来源：") + escapeHtml(d.s) +
            (d.c ? " · 类别：" + escapeHtml(d.c) : "") + "</p>" +
            '<p class="bulletin-result__excerpt">' + excerpt(d.x, runs) + "</p></li>";
        }).join("");
        var links = [];
        for (var n = 1; n <= pages && pages > 1; n++) {
          links.push('<li><a href="' + escapeHtml(pageLink(n)) + '"' +
            (n === page ? ' aria-current="page"' : "") + ">第" + n + "页</a></li>");
        }
        pager.innerHTML = links.length ? "<ul>" + links.join("") + "</ul>" : "";
      });
  }

  function run(meta) {
    fillForm(meta);
    var query = (params.get("q") || "").trim();
    if (!query) { status.textContent = "请输入要查找的词语，至少两个字。"; return; }
    var terms = query.split(/\s+/), runs = [];
    for (var i = 0; i < terms.length; i++) {
      var r = runsOf(terms[i]);
      if (!r.length) { status.textContent = "“" + terms[i] + "”太短：每个检索词至少两个字。"; return; }
      runs = runs.concat(r);
    }
    var needed = new Set();
    runs.forEach(function (run) {
      var cs = chars(run);
      for (var k = 0; k + 1 < cs.length; k++) needed.add(shardOf(cs[k] + cs[k + 1], meta.shards));
    });
    var cache = new Map();
    return Promise.all(Array.from(needed).map(function (n) {
      return get("index/" + n + ".json").then(function (shard) { cache.set(n, shard); });
    })).then(function () {
      var scores = null;
      runs.forEach(function (run) {
        var found = matchRun(run, meta.shards, cache), next = new Map();
        found.forEach(function (count, doc) {
          if (!scores || scores.has(doc)) next.set(doc, (scores ? scores.get(doc) : 0) + count);
        });
        scores = next;
      });
      var year = params.get("year"), cat = params.get("category"), src = params.get("source");
      var catId = cat ? meta.categories.indexOf(cat) : null;
      var srcId = src ? meta.sources.indexOf(src) : null;
      var kind = KINDS[params.get("type")] || null;
      var results = [];
      scores.forEach(function (score, doc) {
        if (year && String(meta.years[doc]) !== year) return;
        if (catId !== null && meta.category[doc] !== catId) return;
        if (srcId !== null && meta.source[doc] !== srcId) return;
        if (kind && (meta.kind ? meta.kind[doc] : KINDS.article) !== kind) return;
        results.push([doc, score]);
      });
      if (params.get("sort") === "relevance") {
        results.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      } else {
        results.sort(function (a, b) { return a[0] - b[0]; });  // ids run newest first
      }
      return show(meta, results, runs);
    });
  }

  var needsTable = /[^\x00-\x7f]/.test(params.get("q") || "");
  Promise.all([get("meta.json"), needsTable ? get("t2s.json") : Promise.resolve({})])
    .then(function (loaded) { t2s = loaded[1]; return run(loaded[0]); })
    .catch(function () { status.textContent = "检索暂时不可用，请稍后再试。"; })
    .then(function () { root.setAttribute("data-search-state", "done"); });
})();
