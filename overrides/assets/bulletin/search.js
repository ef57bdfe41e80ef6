/* Exact search over the static index written by bulletin/core/search (devdocs/search-index.md).
   Loaded only by the search page; ordinary pages download nothing for search.

   Articles are numbered in date order, newest first, and each bigram's postings are cut into
   files by article range. A query reads the directory entries of its bigrams (how common each
   is, and which file holds which range), takes its rarest bigram's articles as candidates,
   newest first, and fetches the other bigrams' postings only for the ranges those candidates
   fall in, in rounds sized by the hits found so far; it stops as soon as the page asked for is
   full. What the first page reads depends on the results, not on the archive's size. */
(function () {
  "use strict";
  var PAGE = 10;
  var RELEVANCE_WINDOW = 50;  // relevance ranks the newest this many matches
  var FULL_SCAN_FILES = 30;
  var ESTIMATE_SAMPLE = 200;  // candidates checked before a count is estimated from them  // 末页 reads every candidate (an exact count) within this many files
  var CATEGORY_MARK = "\ufdd0", SOURCE_MARK = "\ufdd1", KIND_MARK = "\ufdd2", VALUE_BASE = 0xf0000;  // index.py
  var COLUMN_MARK = "\ufdd3";  // a site of several columns: meta.columns lists them (index.py)
  var KINDS = { article: 0, policy: 1 };  // the 专刊文章 / 政策文件 filter (type=…), as in index.py
  var root = document.querySelector("[data-search-root]");
  if (!root) return;
  var base = root.getAttribute("data-search-root");
  var home = base + "../";  // the site's root: results' addresses are relative to it
  var status = document.getElementById("search-status");
  var list = document.querySelector("[data-search-results]");
  var pager = document.getElementById("search-pager");
  var params = new URLSearchParams(location.search);
  // A search kept within one column of a site of several reads that column's own index
  // (search/c/<slug>/, index.py), not the site's, where its articles are spread among the
  // other columns'. A column this site does not have finds nothing.
  var column = params.get("column");
  var ownIndex = !!column && /^[a-z0-9-]{1,64}$/.test(column);
  if (ownIndex) base += "c/" + column + "/";
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

  // A directory file: bigram → {articles, lists, positions}, each of the last two a run of
  // files {file, starts} (read_directory() in layout.py).
  function readDirectory(bytes, into) {
    var r = new Reader(bytes), m = r.next(), first = 0;
    function run() {
      var file = r.next(), k = r.next(), starts = [], at = 0;
      for (var j = 0; j < k; j++) { at += r.next(); starts.push(at); }
      return { file: file, starts: starts };
    }
    for (var i = 0; i < m; i++) {
      first += r.next();
      var gram = gramOf(first, r.next()), articles = r.next(), lists = run();
      into.set(gram, { articles: articles, lists: lists, positions: run() });
    }
  }

  // The postings file holding a bigram's postings for an article: its first file, plus the
  // number of later files starting at or before the article.
  function fileOf(entry, doc) {
    var lo = 0, hi = entry.starts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (entry.starts[mid] <= doc) lo = mid + 1; else hi = mid;
    }
    return entry.file + lo;
  }

  // A postings file (a/ lists or p/ positions): the wanted bigrams' blocks are decoded into
  // bigram → article → occurrences (lists) or positions (a Set); a bigram's articles from
  // several files merge into one map.
  function readPostings(bytes, wanted, into, positions) {
    var r = new Reader(bytes), m = r.next(), first = 0, heads = [];
    for (var i = 0; i < m; i++) {
      first += r.next();
      var gram = gramOf(first, r.next());
      heads.push([gram, r.next()]);
    }
    var at = r.at;
    heads.forEach(function (head) {
      if (wanted.has(head[0])) {
        if (!into.has(head[0])) into.set(head[0], new Map());
        var block = into.get(head[0]), article = 0;
        r.at = at;
        while (r.at < at + head[1]) {
          article += r.next();
          var n = r.next();
          if (!positions) { block.set(article, n); continue; }
          var found = new Set(), p = 0;
          for (var k = 0; k < n; k++) { p += r.next(); found.add(p); }
          block.set(article, found);
        }
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

  // How often an article holds every term: 0 when it misses one, else the sum of the terms'
  // occurrences (for relevance). A one-bigram term is counted from the article lists; a
  // longer one from the positions of its bigrams at their offsets from one position.
  function matchDoc(terms, lists, positions, doc) {
    var score = 0;
    for (var t = 0; t < terms.length; t++) {
      var grams = gramsOf(terms[t]);
      if (grams.length === 1) {
        var n = lists.get(grams[0][0]).get(doc);
        if (!n) return 0;
        score += n;
        continue;
      }
      var found = [];
      for (var k = 0; k < grams.length; k++) {
        var at = positions.get(grams[k][0]), these = at && at.get(doc);
        if (!these) return 0;
        found.push(these);
      }
      var count = 0;
      found[0].forEach(function (p) {
        for (var k = 1; k < found.length; k++) if (!found[k].has(p + grams[k][1])) return;
        count++;
      });
      if (!count) return 0;
      score += count;
    }
    return score;
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
    if (form.column) form.column.value = params.get("column") || "";
    var widen = document.getElementById("search-widen");
    if (widen && params.get("column")) {  // one control to search every column instead
      var all = new URLSearchParams(params);
      all.delete("column");
      all.delete("page");
      widen.querySelector("a").search = "?" + all.toString();
      widen.hidden = false;
    }
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

  // The ten results of a page, newest first, with their records; then status and pager.
  function show(meta, shown, terms, first, describe) {
    var per = meta.docsPerFile, chunks = new Map();
    shown.forEach(function (r) {
      var n = Math.floor(r[0] / per);
      if (!chunks.has(n)) chunks.set(n, get("docs/" + n + ".json"));
    });
    return Promise.all(shown.map(function (r) {
      return chunks.get(Math.floor(r[0] / per)).then(function (chunk) { return chunk[r[0] % per]; });
    })).then(function (docs) {
      list.setAttribute("start", String(first));
      list.innerHTML = docs.map(function (d) {
        var policy = d.k === "p";  // a 政策文件: its label is its 发文字号, its source its publisher
        return '<li class="bulletin-result"><a class="bulletin-result__title" href="' +
          escapeHtml(home + d.u) + '">' + escapeHtml(d.t) + "</a>" +
          // Parts set apart by a gap (bulletin.css), not by a mark a line could begin with.
          '<p class="bulletin-result__meta">' + (policy ? "<span>政策文件</span> " : "") +
          (d.m ? '<span class="bulletin-result__column">' + escapeHtml(d.m) + "</span> " : "") + "<span>" + escapeHtml(d.l) +
          "</span> <time datetime=\"" + escapeHtml(d.d) + '">' +
          escapeHtml(d.d.replace(/^(\d+)-0?(\d+)-0?(\d+).*/, "$1年$2月$3日")) + "</time> <span>" +
          (policy ? "发布机构：" : "来源：") + escapeHtml(d.s) +
          (d.c ? "</span> <span>类别：" + escapeHtml(d.c) : "") + "</span></p>" +
          '<p class="bulletin-result__excerpt">' + excerpt(d.x, terms) + "</p></li>";
      }).join("");
      describe();
    });
  }

  // Page `page` of results known newest first; the count exact or estimated.
  function showPage(meta, results, terms, page, count) {
    return show(meta, results.slice((page - 1) * PAGE, page * PAGE), terms, (page - 1) * PAGE + 1, function () {
      var pages = Math.max(1, Math.ceil(count.total / PAGE));
      status.textContent = count.total === 0 ? none() : count.exact
        ? "共找到 " + count.total + noun() + (pages > 1 ? "，第 " + page + " / " + pages + " 页" : "")
        : "找到约 " + count.total + noun() + "，第 " + page + " 页（条数是估计的，往后翻页时会更准确）";
      root.setAttribute("data-search-count", count.exact ? "exact" : "estimate");
      drawPager(page, count.exact ? pages : Math.ceil(results.length / PAGE), count.exact);
    });
  }

  // Page `back` counted from the oldest result (1: the oldest ten), the total not yet exact:
  // read from the oldest end, older is the order of the reader's 下一页.
  function showFromEnd(meta, oldest, terms, back, estimate) {
    var shown = oldest.slice((back - 1) * PAGE, back * PAGE).reverse();
    return show(meta, shown, terms, 1, function () {
      status.textContent = "找到约 " + estimate + noun() + "，倒数第 " + back + " 页（最早的文章在末页）";
      root.setAttribute("data-search-count", "estimate");
      list.removeAttribute("start");
      drawPagerFromEnd(back);
    });
  }

  // Pages counted from the end: 第一页, 上一页 (newer), this page, 下一页 (older), 末页.
  function drawPagerFromEnd(back) {
    var items = [];
    function link(target, text, rel) {
      items.push('<li><a href="' + escapeHtml(pageLink(target)) + '"' +
        (rel ? ' rel="' + rel + '"' : "") + ">" + text + "</a></li>");
    }
    link(1, "第一页");
    link(-(back + 1), "上一页", "prev");
    items.push('<li><a href="' + escapeHtml(pageLink(-back)) + '" aria-current="page">倒数第 ' + back + " 页</a></li>");
    if (back > 1) { link(-(back - 1), "下一页", "next"); link("last", "末页"); }
    pager.innerHTML = "<ul>" + items.join("") + "</ul>";
  }

  // Documents are counted as 份文件, articles as 篇文章, both together as 条结果.
  function noun() {
    return {policy: " 份文件", article: " 篇文章"}[params.get("type")] || " 条结果";
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
    var values = [[cat, meta.categories, CATEGORY_MARK], [src, meta.sources, SOURCE_MARK],
      [ownIndex ? null : column, (meta.columns || []).map(function (c) { return c[0]; }), COLUMN_MARK]];
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
      var missing = Array.from(grams).some(function (g) { return !directory.has(g); });
      var lo = filter.range[0], hi = filter.range[1];
      if (missing || lo >= hi) { nothing(); return; }
      return search(meta, terms, shownTerms, grams, directory, filter);
    });
  }

  // Rarest bigram first: its articles are the candidates. The other bigrams' article lists are
  // fetched only for the files covering a round's candidates, and the positions of a phrase's
  // bigrams only for the candidates holding every bigram.
  function search(meta, terms, shownTerms, grams, directory, filter) {
    var lo = filter.range[0], hi = filter.range[1];
    var order = Array.from(grams).sort(function (a, b) {
      return directory.get(a).articles - directory.get(b).articles || (a < b ? -1 : 1);
    });
    var driver = directory.get(order[0]), others = order.slice(1), phrase = [];
    terms.forEach(function (t) {
      var g = gramsOf(t);
      if (g.length > 1) g.forEach(function (x) { if (phrase.indexOf(x[0]) < 0) phrase.push(x[0]); });
    });
    var lists = new Map(), positions = new Map(), loaded = new Map();
    function load(kind, n) {
      var path = kind + "/" + n + ".bin";
      if (!loaded.has(path)) {
        loaded.set(path, getBytes(path).then(function (b) {
          readPostings(b, grams, kind === "a" ? lists : positions, kind === "p");
        }));
      }
      return loaded.get(path);
    }
    function listFile(g, doc) { return fileOf(directory.get(g).lists, doc); }
    function positionFile(g, doc) { return fileOf(directory.get(g).positions, doc); }
    function here(kind, n) { return loaded.has(kind + "/" + n + ".bin"); }
    function fileEnd(run, n) {  // the first article after file n's range of this bigram
      var k = n - run.file;
      return k < run.starts.length ? run.starts[k] : Infinity;
    }
    function fileStart(run, n) { var k = n - run.file; return k > 0 ? run.starts[k - 1] : 0; }
    function loadAll(kind, files) {
      return Promise.all(Array.from(files).map(function (n) { return load(kind, n); }));
    }

    // A scan in one direction: forward (newest first) or backward (oldest first).
    function Scan(forward) {
      var first = fileOf(driver.lists, lo), last = fileOf(driver.lists, hi - 1);
      var next = forward ? first : last, pending = [], scan = { hits: [], seen: 0, done: false };
      function moreCandidates() {
        if (next < first || next > last) return Promise.resolve(false);
        var n = next;
        next += forward ? 1 : -1;
        return load("a", n).then(function () {
          var from = Math.max(lo, fileStart(driver.lists, n)), to = Math.min(hi, fileEnd(driver.lists, n));
          var found = [];
          lists.get(order[0]).forEach(function (count, doc) {
            if (doc >= from && doc < to && filter.keeps(doc)) found.push(doc);
          });
          found.sort(function (a, b) { return forward ? a - b : b - a; });
          pending = pending.concat(found);
          return true;
        });
      }
      function fill(count) {
        if (pending.length >= count) return Promise.resolve();
        return moreCandidates().then(function (more) { return more ? fill(count) : null; });
      }
      function free(doc) {
        return others.every(function (g) { return here("a", listFile(g, doc)); }) &&
          phrase.every(function (g) { return here("p", positionFile(g, doc)); });
      }
      // One round: about `count` candidates, and any after them whose files are already here.
      scan.round = function (count) {
        return fill(count).then(function () {
          var batch = pending.slice(0, count), wanted = new Set();
          for (var i = batch.length; i < pending.length && free(pending[i]); i++) batch.push(pending[i]);
          pending = pending.slice(batch.length);
          batch.forEach(function (doc) {
            others.forEach(function (g) { wanted.add(listFile(g, doc)); });
          });
          return loadAll("a", wanted).then(function () {
            var holding = batch.filter(function (doc) {
              return others.every(function (g) { return lists.get(g).has(doc); });
            }), needed = new Set();
            holding.forEach(function (doc) {
              phrase.forEach(function (g) { needed.add(positionFile(g, doc)); });
            });
            return loadAll("p", needed).then(function () {
              holding.forEach(function (doc) {
                var score = matchDoc(terms, lists, positions, doc);
                if (score) scan.hits.push([doc, score]);
              });
              scan.seen += batch.length;
              scan.done = !pending.length && (next < first || next > last);
            });
          });
        });
      };
      // Until `need` hits, and `sample` candidates seen (what an estimate rests on), or the
      // end; rounds sized by the hit rate so far.
      scan.until = function (need, sample) {
        var short = Math.max(0, (sample || 0) - scan.seen);
        if (scan.done || scan.hits.length >= need && !short) return Promise.resolve(scan);
        var left = need - scan.hits.length;
        var count = need === Infinity ? Infinity : left <= 0 ? short
          : Math.max(8, short, Math.min(Math.ceil(left * (scan.seen + 1) / (scan.hits.length + 1) * 1.25),
                                        4 * Math.max(scan.seen, 16)));
        return scan.round(count).then(function () { return scan.until(need, sample); });
      };
      // What is worth fetching before the candidates are known: each bigram's files at the
      // start, when the driver's density says a candidate should fall in their range.
      var start = forward ? lo : hi - 1, gap = meta.count / Math.max(1, driver.articles);
      function early(kind, run) {
        var n = fileOf(run, start);
        var span = forward ? fileEnd(run, n) - start : start - fileStart(run, n);
        if (span >= gap) load(kind, n);
      }
      others.forEach(function (g) { early("a", directory.get(g).lists); });
      phrase.forEach(function (g) { early("p", directory.get(g).positions); });
      return scan;
    }
    // Fetching every candidate's files: the exact count, when the directory says it is cheap.
    function fullScanFiles() {
      function span(run) { return fileOf(run, hi - 1) - fileOf(run, lo) + 1; }
      return order.reduce(function (sum, g) { return sum + span(directory.get(g).lists); }, 0) +
        phrase.reduce(function (sum, g) { return sum + span(directory.get(g).positions); }, 0);
    }
    // The hits so far, plus the rest of the driver's articles at the hit rate so far.
    function estimate(scan) {
      if (scan.done) return scan.hits.length;
      var candidates = Math.round(driver.articles * (hi - lo) / meta.count);
      var rate = scan.seen ? scan.hits.length / scan.seen : 0;
      return Math.max(scan.hits.length, Math.round(scan.hits.length + rate * Math.max(0, candidates - scan.seen)));
    }
    var pageParam = params.get("page");
    var page = pageParam === "last" ? -1 : parseInt(pageParam || "1", 10) || 1;
    var relevance = params.get("sort") === "relevance";
    // One bigram and no year range: the directory's article count is exact.
    var only = terms.length === 1 && grams.size === 1 && !filter.year;
    var known = only ? driver.articles : -1;
    if (page < 0 && !relevance) {
      var back = -page;
      if (known < 0 && fullScanFiles() > FULL_SCAN_FILES) {
        var tail = Scan(false);
        return tail.until(back * PAGE + 1, ESTIMATE_SAMPLE).then(function () {
          if (!tail.done) return showFromEnd(meta, tail.hits, shownTerms, back, estimate(tail));
          var all = tail.hits.slice().reverse(), pages = Math.max(1, Math.ceil(all.length / PAGE));
          if (!all.length) { nothing(); return; }
          return showPage(meta, all, shownTerms, Math.max(1, pages - back + 1), { total: all.length, exact: true });
        });
      }
      if (known < 0) {
        var full = Scan(true);
        return full.until(Infinity).then(function () {
          var pages = Math.max(1, Math.ceil(full.hits.length / PAGE));
          if (!full.hits.length) { nothing(); return; }
          return showPage(meta, full.hits, shownTerms, Math.max(1, pages - back + 1), { total: full.hits.length, exact: true });
        });
      }
      page = Math.max(1, Math.ceil(known / PAGE) - back + 1);
    }
    if (page < 1) page = 1;
    if (known >= 0 && !relevance) {
      // The exact count places any page: one in the older half is read from the oldest end.
      var lastPage = Math.max(1, Math.ceil(known / PAGE));
      if (page > lastPage) page = lastPage;
      var tailCount = known - (page - 1) * PAGE;
      if (tailCount <= known / 2) {
        var older = Scan(false);
        return older.until(tailCount).then(function () {
          var placed = new Array(known - older.hits.length).concat(older.hits.slice().reverse());
          return showPage(meta, placed, shownTerms, page, { total: known, exact: true });
        });
      }
    }
    var need = page * PAGE + 1;  // one more tells whether a next page exists
    if (relevance) need = Math.max(need, RELEVANCE_WINDOW);
    var scan = Scan(true);
    return scan.until(need, known < 0 ? ESTIMATE_SAMPLE : 0).then(function () {
      var results = scan.hits, exact = scan.done, total = results.length;
      if (!exact && known >= 0) { total = known; exact = true; }
      else if (!exact) total = estimate(scan);
      if (relevance) {
        var windowEnd = Math.min(results.length, RELEVANCE_WINDOW);
        var ranked = results.slice(0, windowEnd).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        results = ranked.concat(results.slice(windowEnd));
      }
      if (!total) { nothing(); return; }
      var pages = Math.max(1, Math.ceil((exact ? total : results.length) / PAGE));
      if (page > pages) page = pages;
      return showPage(meta, results, shownTerms, page, { total: total, exact: exact });
    });
  }

  var needsTable = /[^\x00-\x7f]/.test(params.get("q") || "");
  var metaRead = get("meta.json").then(null, function (error) {
    if (!ownIndex) throw error;
    return null;  // no index for that column: nothing to find
  });
  Promise.all([metaRead, needsTable ? get("t2s.json").then(null, function (error) {
    if (!ownIndex) throw error;
    return {};  // likewise
  }) : Promise.resolve({})])
    .then(function (loaded) {
      t2s = loaded[1];
      if (!loaded[0]) { nothing(); return; }
      return run(loaded[0]);
    })
    .catch(function () { status.textContent = "检索暂时不可用，请稍后再试。"; })
    .then(function () { root.setAttribute("data-search-state", "done"); });
})();
