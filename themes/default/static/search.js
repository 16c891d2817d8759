// lessonbook search: the box in every page's header. Nothing of the index
// is loaded until the box is focused (click, `/` or `s`); then
// `search/index.js` names the shards, and a query loads only its terms'
// shards and the document shards of the results it shows. Every file is a
// script added with a <script> tag, so search works from file:// (where
// fetch() does not) and from any static server, with no other request.
// Record text reaches the page only through textContent.
(function () {
  "use strict";

  var SHOWN = 20;
  // A prefix (the word being typed) spanning more term shards than this is
  // matched as a whole word only.
  var PREFIX_SHARDS = 3;
  // A prefix match counts for less than the word itself.
  var PREFIX_WEIGHT = 0.5;
  var KINDS = { incident: "Incident", review: "Review", risk: "Risk", control: "Control" };

  // As src/render/search/tokens.rs: runs of letters and digits, lowercased,
  // at most 40 characters.
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  function tokens(text) {
    var out = [];
    (text.match(WORD) || []).forEach(function (t) {
      if (Array.from(t).length <= 40) { out.push(t.toLowerCase()); }
    });
    return out;
  }

  var root = "";
  var manifest = null;
  var loading = {};
  var termShards = {};
  var docShards = {};

  // The shard files call these.
  window.lessonbookSearch = {
    index: function (data) { manifest = data; },
    terms: function (n, entries) { termShards[n] = entries; },
    docs: function (n, documents) { docShards[n] = documents; }
  };

  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = root + "search/" + path;
        script.onload = resolve;
        script.onerror = function () { delete loading[path]; reject(new Error(path)); };
        document.head.appendChild(script);
      });
    }
    return loading[path];
  }

  // The last shard whose first entry is at or below `key`.
  function shardOf(starts, key) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= key) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }

  function termRange(term, prefix) {
    var first = shardOf(manifest.terms, term);
    var last = prefix ? shardOf(manifest.terms, term + "\uffff") : first;
    if (last - first + 1 > PREFIX_SHARDS) { last = first; prefix = false; }
    var shards = [];
    for (var n = first; n <= last; n++) { shards.push(n); }
    return { term: term, prefix: prefix, shards: shards };
  }

  // Document number -> score for one query word.
  function matches(range) {
    var scores = new Map();
    range.shards.forEach(function (n) {
      var entries = termShards[n];
      var lo = 0, hi = entries.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (entries[mid][0] < range.term) { lo = mid + 1; } else { hi = mid; }
      }
      for (var i = lo; i < entries.length; i++) {
        var word = entries[i][0];
        var exact = word === range.term;
        if (!exact && !(range.prefix && word.lastIndexOf(range.term, 0) === 0)) { break; }
        var weight = exact ? 1 : PREFIX_WEIGHT;
        var postings = entries[i][1], doc = 0;
        for (var p = 0; p < postings.length; p += 2) {
          doc += postings[p];
          var score = postings[p + 1] * weight;
          if (!(scores.get(doc) >= score)) { scores.set(doc, score); }
        }
      }
    });
    return scores;
  }

  // Documents with every word, best first; ties in document order.
  function rank(ranges) {
    var sets = ranges.map(matches);
    sets.sort(function (a, b) { return a.size - b.size; });
    var hits = [];
    sets[0].forEach(function (score, doc) {
      for (var s = 1; s < sets.length; s++) {
        var other = sets[s].get(doc);
        if (other === undefined) { return; }
        score += other;
      }
      hits.push([doc, score]);
    });
    hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return hits;
  }

  function isMatch(word, ranges) {
    word = word.toLowerCase();
    return ranges.some(function (r) {
      return word === r.term || (r.prefix && word.lastIndexOf(r.term, 0) === 0);
    });
  }

  // Appends `text` to `parent` with the query's words in <mark>.
  function marked(parent, text, ranges) {
    var at = 0, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      if (isMatch(m[0], ranges)) {
        parent.appendChild(document.createTextNode(text.slice(at, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        parent.appendChild(mark);
        at = m.index + m[0].length;
      }
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  // About twenty words around the first match in the shown texts (or the
  // start of the first), with an ellipsis where it was cut.
  function snippet(texts, ranges) {
    var best = null;
    for (var t = 0; t < texts.length && !best; t++) {
      var words = [], m;
      WORD.lastIndex = 0;
      while ((m = WORD.exec(texts[t])) !== null) {
        words.push([m.index, m.index + m[0].length]);
        if (!best && isMatch(m[0], ranges)) { best = { text: texts[t], words: words, hit: words.length - 1 }; }
        if (best && words.length > best.hit + 12) { break; }
      }
    }
    if (!best) {
      if (!texts.length) { return ""; }
      best = { text: texts[0], words: [], hit: 0 };
      WORD.lastIndex = 0;
      var w;
      while ((w = WORD.exec(best.text)) !== null && best.words.length < 21) { best.words.push([w.index, w.index + w[0].length]); }
      if (!best.words.length) { return ""; }
    }
    var from = Math.max(0, best.hit - 8);
    var to = Math.min(best.words.length - 1, from + 20);
    var text = best.text.slice(best.words[from][0], best.words[to][1]);
    if (from > 0) { text = "… " + text; }
    if (best.words[to][1] < best.text.length && /[\p{Alphabetic}\p{N}]/u.test(best.text.slice(best.words[to][1]))) { text += " …"; }
    return text;
  }

  function setup(form) {
    var input = form.querySelector("input");
    var status = form.querySelector("[role=status]");
    var list = form.querySelector("ol");
    var query = 0;
    root = form.getAttribute("data-root") || "";
    form.hidden = false;

    function say(text) { status.textContent = text; }

    function close() {
      list.textContent = "";
      list.hidden = true;
      say("");
    }

    function open() {
      return load("index.js").catch(function () {
        say("The search index could not be loaded.");
        throw new Error("no index");
      });
    }

    function show(hits, ranges, words) {
      list.textContent = "";
      hits.forEach(function (hit) {
        var shard = shardOf(manifest.docs, hit[0]);
        var d = docShards[shard][hit[0] - manifest.docs[shard]];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + d[3];
        var kind = document.createElement("span");
        kind.className = "search-kind";
        kind.textContent = KINDS[d[0]] || d[0];
        var id = document.createElement("span");
        id.className = "search-id";
        id.textContent = d[1];
        var title = document.createElement("span");
        title.className = "search-title";
        marked(title, d[2], ranges);
        a.appendChild(kind);
        a.appendChild(document.createTextNode(" "));
        a.appendChild(id);
        a.appendChild(document.createTextNode(" "));
        a.appendChild(title);
        var text = snippet(d[4], ranges);
        if (text) {
          var p = document.createElement("span");
          p.className = "search-snippet";
          marked(p, text, ranges);
          a.appendChild(p);
        }
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = hits.length === 0;
      return words;
    }

    function run() {
      var mine = ++query;
      var text = input.value;
      var words = tokens(text);
      if (!words.length) { close(); return; }
      open().then(function () {
        var typing = /[\p{Alphabetic}\p{N}]$/u.test(text);
        var ranges = words.map(function (w, i) {
          return termRange(w, typing && i === words.length - 1 && w.length >= 2);
        });
        var needed = [];
        ranges.forEach(function (r) { r.shards.forEach(function (n) { needed.push(load("terms-" + n + ".js")); }); });
        return Promise.all(needed).then(function () {
          if (mine !== query) { return; }
          var hits = rank(ranges);
          var top = hits.slice(0, SHOWN);
          var docs = [];
          top.forEach(function (h) { docs.push(load("docs-" + shardOf(manifest.docs, h[0]) + ".js")); });
          return Promise.all(docs).then(function () {
            if (mine !== query) { return; }
            show(top, ranges);
            if (!hits.length) {
              say("No results for “" + text.trim() + "”.");
            } else if (hits.length > SHOWN) {
              say(hits.length + " results; the first " + SHOWN + " are shown.");
            } else {
              say(hits.length === 1 ? "1 result." : hits.length + " results.");
            }
          });
        });
      }).catch(function (error) {
        if (mine === query && error.message !== "no index") { say("Part of the search index could not be loaded."); }
      });
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 80);
    });
    input.addEventListener("focus", function () { open().catch(function () {}); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("a");
      if (first) { window.location.href = first.href; }
    });

    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    form.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "Escape") {
        close();
        input.value = "";
        input.blur();
        event.preventDefault();
      } else if (event.key === "ArrowDown" && all.length) {
        all[Math.min(at + 1, all.length - 1)].focus();
        event.preventDefault();
      } else if (event.key === "ArrowUp" && all.length) {
        if (at <= 0) { input.focus(); } else { all[at - 1].focus(); }
        event.preventDefault();
      }
    });

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
      if (event.key !== "/" && event.key !== "s") { return; }
      var target = event.target;
      var tag = target && target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) { return; }
      event.preventDefault();
      input.focus();
      input.select();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.search[data-root]");
    if (form) { setup(form); }
  });
}());
