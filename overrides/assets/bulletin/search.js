/* Exact search over the static index written by bulletin/core/search (docs/search-index.md).
   Loaded only by the search page; ordinary pages download nothing for search.

   The index is cut into segments of articles in date order, newest first. A query reads the
   directory entries of its bigrams (which segments can hold a match), then the postings of
   those segments one after another, and stops as soon as the page asked for is full: the
   first page costs the same however long the archive grows. */
(function () {
  "use strict";
  var PAGE = 10;
  var RELEVANCE_WINDOW = 50;  // relevance ranks the newest matches, at least this many
  var CATEGORY_MARK = "\ufdd0", SOURCE_MARK = "\ufdd1", KIND_MARK = "\ufdd2", VALUE_BASE = 0xf0000;  // index.py
  var KINDS = { article: 0, policy: 1 };  // the 专刊文章 / 政策文件 filter (type=…), as in index.py
  var root = document.querySelector("[data-search-root]");
  if (!root) return;
  var base = root.getAttribute("data-search-root");
  var status = document.getElementById("search-status");
  var list = document.querySelector("[data-search-results]");
  var pager = document.getElementById("search-pager");
  var params = new URLSearchParams(location.search);
  var t2s = {};

  function fetched(path) {
    return fetch(base + path).then(function (r) {
      if (!r.ok) throw new Error(path);
      return r;
    });
  }
  function get(path) { return fetched(path).then(function (r) { return r.json(); }); }
  function getBytes(path) {
    return fetched(path).then(function (r) { return r.arrayBuffer(); })
      .then(function (b) { return new Uint8Array(b); });
  }

  // Same folding as fold_char() in fold.py: NFKC, lower case, traditional to simplified.
  function foldChar(c) {
    var f = c.normalize("NFKC");
    if (f.length !== c.length) f = c;
    var l = f.toLowerCase();
    if (l.length === f.length) f = l;
    return t2s[f] || f;
  }
  function chars(text) { return Array.from(text); }
  function fold(text) { return chars(text).map(foldChar).join(""); }

  // pair_hash() in layout.py.
  function pairHash(gram) {
    var a = gram.codePointAt(0), b = chars(gram)[1].codePointAt(0);
    var h = (Math.imul(a, 0x9e3779b1) ^ b) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
    return (h ^ (h >>> 13)) >>> 0;
  }

  // Unsigned LEB128 varints, the only number format of the .bin files (layout.py).
  function Reader(bytes) { this.bytes = bytes; this.at = 0; }
  Reader.prototype.next = function () {
    var value = 0, scale = 1, byte;
    do {
      byte = this.bytes[this.at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte >= 0x80);
    return value;
  };
  function gramOf(first, second) { return String.fromCodePoint(first) + String.fromCodePoint(second); }

  // A directory file: bigram → {articles, segments} (read_directory() in layout.py).
  function readDirectory(bytes, into) {
    var r = new Reader(bytes), m = r.next(), first = 0;
    for (var i = 0; i < m; i++) {
      first += r.next();
      var gram = gramOf(first, r.next()), articles = r.next(), runs = r.next();
      var segments = [], end = 0;
      for (var k = 0; k < runs; k++) {
        var start = end + r.next();
        end = start + r.next();
        for (var s = start; s < end; s++) segments.push(s);
      }
      into.set(gram, { articles: articles, segments: segments });
    }
  }

  // A postings file: only the wanted bigrams' blocks are decoded, into article → positions.
  function readPostings(bytes, wanted, into) {
    var r = new Reader(bytes), m = r.next(), first = 0, heads = [];
    for (var i = 0; i < m; i++) {
      first += r.next();
      var gram = gramOf(first, r.next());
      heads.push([gram, r.next()]);
    }
    var at = r.at;
    heads.forEach(function (head) {
      if (wanted.has(head[0])) {
        var block = new Map(), article = 0;
        r.at = at;
        while (r.at < at + head[1]) {
          article += r.next();
          var n = r.next(), positions = new Set(), p = 0;
          for (var k = 0; k < n; k++) { p += r.next(); positions.add(p); }
          block.set(article, positions);
        }
        into.set(head[0], block);
      }
      at += head[1];
    });
  }

  // The bigrams a term is checked with, and their offsets in it: every other one, and the
  // last, cover each character, so finding them at those offsets is finding the term; a
  // long phrase reads half the postings.
  function gramsOf(term) {
    var cs = chars(term), grams = [];
    for (var i = 0; i + 1 < cs.length; i += 2) grams.push([cs[i] + cs[i + 1], i]);
    var last = cs.length - 2;
    if (grams[grams.length - 1][1] < last) grams.push([cs[last] + cs[last + 1], last]);
    return grams;
  }

  // Articles of one segment holding every term, each term's bigrams at their offsets from
  // one position; the value is the number of occurrences (for relevance).
  function matchSegment(terms, postings) {
    var scores = null;
    terms.forEach(function (term) {
      var grams = gramsOf(term);
      var lists = grams.map(function (g) { return postings.get(g[0]) || new Map(); });
      var next = new Map();
      lists[0].forEach(function (positions, doc) {
        if (scores && !scores.has(doc)) return;
        var count = 0;
        positions.forEach(function (p) {
          for (var k = 1; k < lists.length; k++) {
            var at = lists[k].get(doc);
            if (!at || !at.has(p + grams[k][1])) return;
          }
          count++;
        });
        if (count) next.set(doc, (scores ? scores.get(doc) : 0) + count);
      });
      scores = next;
    });
    return scores;
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // An excerpt around the first match in the article's text, every match marked.
  function excerpt(text, terms) {
    var cs = chars(text), folded = cs.map(foldChar), marked = [], first = -1;
    terms.forEach(function (term) {
      var tc = chars(term);
      for (var i = 0; i + tc.length <= folded.length; i++) {
        var k = 0;
        while (k < tc.length && folded[i + k] === tc[k]) k++;
        if (k < tc.length) continue;
        if (first < 0 || i < first) first = i;
        for (k = 0; k < tc.length; k++) marked[i + k] = true;
      }
    });
    var begin = Math.max(0, first - 40), end = Math.min(cs.length, Math.max(first, 0) + 80);
    var html = begin > 0 ? "…" : "";
    for (var i = begin; i < end; i++) {
      if (marked[i] && !marked[i - 1] || marked[i] && i === begin) html += "<mark>";
      html += escapeHtml(cs[i]);
      if (marked[i] && (!marked[i + 1] || i + 1 === end)) html += "</mark>";
    }
    return html + (end < cs.length ? "…" : "");
  }

  function fillForm(meta) {
    var form = document.getElementById("search-form");
    form.q.value = params.get("q") || "";
    [["year", meta.years.map(function (y) { return String(y[0]); })
      .filter(function (y, i, all) { return all.indexOf(y) === i; })],
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
    if (form.type) form.type.value = Object.prototype.hasOwnProperty.call(KINDS, params.get("type")) ? params.get("type") : "";
  }

  function pageLink(n) {
    var p = new URLSearchParams(params);
    p.set("page", n);
    return "?" + p.toString();
  }

  // 第一页, 上一页, two numbers either side of the current page, 下一页, 末页. The last page
  // is a number once the count is exact; before that, "last" reads on to the end.
  function drawPager(page, known, exact) {
    var items = [];
    function link(target, text, label, rel) {
      items.push('<li><a href="' + escapeHtml(pageLink(target)) + '"' +
        (label ? ' aria-label="' + label + '"' : "") + (rel ? ' rel="' + rel + '"' : "") +
        (target === page ? ' aria-current="page"' : "") + ">" + text + "</a></li>");
    }
    var more = !exact || page < known;
    if (page > 1) { link(1, "第一页", ""); link(page - 1, "上一页", "", "prev"); }
    var from = Math.max(1, page - 2), to = Math.min(known, page + 2);
    if (from > 1) items.push('<li aria-hidden="true">…</li>');
    for (var n = from; n <= to; n++) link(n, String(n), "第" + n + "页");
    if (to < known || !exact) items.push('<li aria-hidden="true">…</li>');
    if (more) { link(page + 1, "下一页", "", "next"); link(exact ? known : "last", "末页", ""); }
    pager.innerHTML = known > 1 || !exact ? "<ul>" + items.join("") + "</ul>" : "";
  }

  function show(meta, results, terms, page, count) {
    var shown = results.slice((page - 1) * PAGE, page * PAGE);
    var per = meta.docsPerFile, chunks = new Map();
    shown.forEach(function (r) {
      var n = Math.floor(r[0] / per);
      if (!chunks.has(n)) chunks.set(n, get("docs/" + n + ".json"));
    });
    return Promise.all(shown.map(function (r) {
      return chunks.get(Math.floor(r[0] / per)).then(function (chunk) { return chunk[r[0] % per]; });
    })).then(function (docs) {
      list.setAttribute("start", String((page - 1) * PAGE + 1));
      list.innerHTML = docs.map(function (d) {
        var policy = d.k === "p";  // a 政策文件: its label is its 发文字号, its source its publisher
        return '<li class="bulletin-result"><a class="bulletin-result__title" href="' +
          escapeHtml(base + "../" + d.u) + '">' + escapeHtml(d.t) + "</a>" +
          // Parts set apart by a gap (bulletin.css), not by a mark a line could begin with.
          '<p class="bulletin-result__meta">' + (policy ? "<span>政策文件</span> " : "") + "<span>" + escapeHtml(d.l) +
          "</span> <time datetime=\"" + escapeHtml(d.d) + '">' +
          escapeHtml(d.d.replace(/^(\d+)-0?(\d+)-0?(\d+).*/, "$1年$2月$3日")) + "</time> <span>" +
          (policy ? "发布机构：" : "来源：") + escapeHtml(d.s) +
          (d.c ? "</span> <span>类别：" + escapeHtml(d.c) : "") + "</span></p>" +
          '<p class="bulletin-result__excerpt">' + excerpt(d.x, terms) + "</p></li>";
      }).join("");
      var pages = Math.max(1, Math.ceil(count.total / PAGE));
      // Documents are counted as 份文件, articles as 篇文章, both together as 条结果.
      var noun = {policy: " 份文件", article: " 篇文章"}[params.get("type")] || " 条结果";
      status.textContent = count.total === 0 ? none() : count.exact
        ? "共找到 " + count.total + noun + (pages > 1 ? "，第 " + page + " / " + pages + " 页" : "")
        : "找到约 " + count.total + noun + "，第 " + page + " 页（条数是估计的，往后翻页时会更准确）";
      root.setAttribute("data-search-count", count.exact ? "exact" : "estimate");
      drawPager(page, count.exact ? pages : Math.ceil(results.length / PAGE), count.exact);
    });
  }

  function none() { return "没有找到包含“" + params.get("q") + "”的文章"; }

  function nothing() {
    status.textContent = none();
    root.setAttribute("data-search-count", "exact");
  }

  // A filter: the range of articles a year keeps, and the category and source as terms
  // (index.py indexes them as pairs of a mark and a numbered private-use character); null
  // when a value is not in the column, which then matches nothing.
  function filterOf(meta) {
    var year = params.get("year"), cat = params.get("category"), src = params.get("source");
    var filter = { range: [0, meta.count], terms: [], year: year };
    if (year) {
      var runs = meta.years.filter(function (y) { return String(y[0]) === year; });
      if (!runs.length) return null;
      filter.range = [runs[0][1], runs[runs.length - 1][2]];  // articles run newest first
    }
    var kind = params.get("type");
    if (kind) {
      if (!Object.prototype.hasOwnProperty.call(KINDS, kind)) return null;
      filter.terms.push(KIND_MARK + String.fromCodePoint(VALUE_BASE + KINDS[kind]));
    }
    var values = [[cat, meta.categories, CATEGORY_MARK], [src, meta.sources, SOURCE_MARK]];
    for (var i = 0; i < values.length; i++) {
      if (!values[i][0]) continue;
      var id = values[i][1].indexOf(values[i][0]);
      if (id < 0) return null;
      filter.terms.push(values[i][2] + String.fromCodePoint(VALUE_BASE + id));
    }
    filter.keeps = function (doc) {
      return !year || meta.years.some(function (y) {
        return String(y[0]) === year && doc >= y[1] && doc < y[2];
      });
    };
    return filter;
  }

  function run(meta) {
    fillForm(meta);
    var raw = (params.get("q") || "").trim();
    if (!raw) { status.textContent = "请输入要查找的词语，至少两个字。"; return; }
    var rawTerms = raw.split(/\s+/), terms = [];
    for (var i = 0; i < rawTerms.length; i++) {
      var term = fold(rawTerms[i]);
      if (chars(term).length < 2) {
        status.textContent = "“" + rawTerms[i] + "”太短：每个检索词至少两个字。";
        return;
      }
      if (terms.indexOf(term) < 0) terms.push(term);
    }
    var filter = filterOf(meta);
    if (!filter) { nothing(); return; }
    var shownTerms = terms.slice();
    terms = terms.concat(filter.terms);
    var grams = new Set();
    terms.forEach(function (t) { gramsOf(t).forEach(function (g) { grams.add(g[0]); }); });
    var dirFiles = new Set();
    grams.forEach(function (g) { dirFiles.add(pairHash(g) % meta.directory); });
    var directory = new Map();
    return Promise.all(Array.from(dirFiles).map(function (n) {
      return getBytes("dir/" + n + ".bin").then(function (b) { readDirectory(b, directory); });
    })).then(function () {
      var segments = null;
      grams.forEach(function (g) {
        var entry = directory.get(g), has = new Set(entry ? entry.segments : []);
        segments = (segments || (entry ? entry.segments : [])).filter(function (s) { return has.has(s); });
      });
      var size = meta.segment;
      function docsIn(s) {
        return Math.max(0, Math.min((s + 1) * size, filter.range[1]) - Math.max(s * size, filter.range[0]));
      }
      segments = segments.filter(function (s) { return docsIn(s) > 0; });
      var pageParam = params.get("page"), last = pageParam === "last";
      var page = last ? Infinity : Math.max(1, parseInt(pageParam || "1", 10) || 1);
      var relevance = params.get("sort") === "relevance";
      var need = last ? Infinity : page * PAGE + 1;  // one more tells whether a next page exists
      if (relevance) need = Math.max(need, RELEVANCE_WINDOW);
      var results = [], windowEnd = -1, scanned = 0, scannedDocs = 0;

      function readSegment(s) {
        var files = new Map();
        grams.forEach(function (g) {
          var name = "p/" + s + "-" + (pairHash(g) % meta.shards) + ".bin";
          if (!files.has(name)) files.set(name, new Set());
          files.get(name).add(g);
        });
        var postings = new Map();
        return Promise.all(Array.from(files).map(function (f) {
          return getBytes(f[0]).then(function (b) { readPostings(b, f[1], postings); });
        })).then(function () {
          var found = matchSegment(terms, postings), kept = [];
          Array.from(found.keys()).sort(function (a, b) { return a - b; }).forEach(function (local) {
            var doc = s * size + local;
            if (doc >= filter.range[0] && doc < filter.range[1] && filter.keeps(doc)) {
              kept.push([doc, found.get(local)]);
            }
          });
          return kept;
        });
      }
      function step() {
        if (scanned >= segments.length || results.length >= need) return null;
        var s = segments[scanned];
        return readSegment(s).then(function (kept) {
          results = results.concat(kept);
          scanned++;
          scannedDocs += docsIn(s);
          if (windowEnd < 0 && results.length >= RELEVANCE_WINDOW) windowEnd = results.length;
          return step();
        });
      }
      var only = terms.length === 1 && grams.size === 1 && !filter.year && directory.has(terms[0]);
      if (only && !relevance) {
        // One bigram, no filter: the directory gives the exact count, so a page in the older
        // half is found by reading from the oldest segment back, and 末页 costs a first page.
        var known = directory.get(terms[0]).articles, lastPage = Math.max(1, Math.ceil(known / PAGE));
        if (page > lastPage) page = lastPage;
        var tail = known - (page - 1) * PAGE, older = [], from = segments.length;
        if (tail <= known / 2) {
          var back = function () {
            if (older.length >= tail || from === 0) return null;
            return readSegment(segments[--from]).then(function (kept) {
              older = kept.concat(older);
              return back();
            });
          };
          return Promise.resolve(back()).then(function () {
            var placed = new Array(known - older.length).concat(older);
            return show(meta, placed, shownTerms, page, { total: known, exact: true });
          });
        }
      }
      return Promise.resolve(step()).then(function () {
        var exact = scanned >= segments.length;
        var total = results.length;
        if (!exact && only) {
          total = directory.get(terms[0]).articles;  // one bigram: its article count is exact
          exact = true;
        } else if (!exact) {
          var all = segments.reduce(function (sum, s) { return sum + docsIn(s); }, 0);
          total = Math.max(results.length + 1, Math.round(results.length * all / scannedDocs));
        }
        if (relevance) {
          if (windowEnd < 0) windowEnd = results.length;
          var ranked = results.slice(0, windowEnd).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
          results = ranked.concat(results.slice(windowEnd));
        }
        if (!total) { nothing(); return; }
        var pages = Math.max(1, Math.ceil((exact ? total : results.length) / PAGE));
        if (page > pages) page = pages;
        return show(meta, results, shownTerms, page, { total: total, exact: exact });
      });
    });
  }

  var needsTable = /[^\x00-\x7f]/.test(params.get("q") || "");
  Promise.all([get("meta.json"), needsTable ? get("t2s.json") : Promise.resolve({})])
    .then(function (loaded) { t2s = loaded[1]; return run(loaded[0]); })
    .catch(function () { status.textContent = "检索暂时不可用，请稍后再试。"; })
    .then(function () { root.setAttribute("data-search-state", "done"); });
})();
