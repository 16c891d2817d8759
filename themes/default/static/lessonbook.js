// lessonbook: sortable tables and list filters. No network, no
// dependencies; pages work without it.
//
// A long list (partials/list.html) is a table with data-list. When it has
// more than one page, data-scripts says how many scripts hold its rows
// (data/lists/NAME-K.js, one per page, each calling lessonbookList), and
// sorting or filtering loads them all and works on the whole list, showing
// the result a page at a time. A list of one page, and any other sortable
// table, is read from the page itself. A script holds each row's HTML
// (render/pages/listing.rs writes it); the rows are parsed here and read
// as the rows of a page are.
(function () {
  "use strict";

  var received = {};

  window.lessonbookList = function (name, page, rows) {
    var list = received[name];
    if (!list) { return; }
    list.pages[page - 1] = rows;
    list.count += 1;
    if (list.count === list.expected) {
      var all = [];
      list.pages.forEach(function (rowsOfPage) { all = all.concat(rowsOfPage); });
      // One parse for the whole list; a template's content is inert (its
      // links and images load nothing).
      var template = document.createElement("template");
      template.innerHTML = "<table><tbody>" + all.join("") + "</tbody></table>";
      var rows = template.content.querySelector("tbody").rows;
      list.done(Array.prototype.map.call(rows, entryOf));
    }
  };

  function collapse(text) { return text.replace(/\s+/g, " ").trim(); }

  // What a row is sorted and filtered by: [html, text, cells,
  // attributes], a cell "text" or ["data-value", "text"].
  function entryOf(row) {
    var cells = [], texts = [], attributes = [];
    Array.prototype.forEach.call(row.cells, function (cell) {
      var text = collapse(cell.textContent);
      var value = cell.getAttribute("data-value");
      cells.push(value === null ? text : [value, text]);
      texts.push(text);
    });
    Array.prototype.forEach.call(row.attributes, function (attribute) {
      if (attribute.name.indexOf("data-") === 0) {
        attributes.push([attribute.name.slice(5), attribute.value]);
      }
    });
    return [row.outerHTML, texts.join(" ").toLowerCase(), cells, attributes];
  }

  // entry: [html, text, cells, attributes].
  function attribute(entry, name) {
    for (var i = 0; i < entry[3].length; i += 1) {
      if (entry[3][i][0] === name) { return entry[3][i][1]; }
    }
    return "";
  }

  function List(table) {
    this.table = table;
    this.name = table.getAttribute("data-list");
    this.scripts = parseInt(table.getAttribute("data-scripts") || "0", 10);
    this.perPage = parseInt(table.getAttribute("data-rows-per-page") || "0", 10) || Infinity;
    this.root = table.getAttribute("data-root") || "";
    this.form = table.id ? document.querySelector("form[data-filter-table='" + table.id + "']") : null;
    this.entries = null;
    this.loading = null;
    this.sort = null;
    this.page = 0;
    this.pager = null;
  }

  // Calls back with every row of the list, loading the scripts once.
  List.prototype.withEntries = function (callback) {
    var self = this;
    if (self.entries) { callback(self.entries); return; }
    if (self.loading) { self.loading.push(callback); return; }
    self.loading = [callback];
    var finish = function (entries) {
      self.entries = entries;
      var waiting = self.loading;
      self.loading = null;
      waiting.forEach(function (f) { f(entries); });
    };
    if (!self.scripts) {
      var rows = Array.prototype.filter.call(self.table.tBodies[0].rows, function (row) {
        return !row.classList.contains("empty");
      });
      finish(rows.map(entryOf));
      return;
    }
    self.say("loading the whole list…");
    received[self.name] = { pages: [], count: 0, expected: self.scripts, done: finish };
    for (var k = 1; k <= self.scripts; k += 1) {
      var script = document.createElement("script");
      script.src = self.root + "data/lists/" + self.name + "-" + k + ".js";
      script.onerror = function () { self.say("the list's rows could not be loaded"); };
      document.head.appendChild(script);
    }
  };

  List.prototype.say = function (text) {
    var output = this.form && this.form.querySelector("output");
    if (output) { output.textContent = text; }
  };

  List.prototype.matching = function (entries) {
    if (!this.form) { return entries; }
    var box = this.form.querySelector("[data-filter=text]");
    var text = box ? box.value.trim().toLowerCase() : "";
    var wanted = Array.prototype.filter.call(
      this.form.querySelectorAll("select[data-filter]"),
      function (select) { return select.value !== ""; }
    ).map(function (select) { return [select.getAttribute("data-filter"), select.value]; });
    return entries.filter(function (entry) {
      if (text && entry[1].indexOf(text) === -1) { return false; }
      return wanted.every(function (want) {
        return attribute(entry, want[0]).split("|").indexOf(want[1]) !== -1;
      });
    });
  };

  List.prototype.sorted = function (entries) {
    var sort = this.sort;
    if (!sort) { return entries; }
    var keyed = entries.map(function (entry, position) {
      var cell = entry[2][sort.index];
      var raw = cell === undefined ? "" : typeof cell === "string" ? cell : cell[0];
      var key = sort.kind === "number" ? parseFloat(raw) : raw.toLowerCase();
      if (sort.kind === "number" && isNaN(key)) { key = -Infinity; }
      return [key, position, entry];
    });
    keyed.sort(function (a, b) {
      if (a[0] < b[0]) { return sort.ascending ? -1 : 1; }
      if (a[0] > b[0]) { return sort.ascending ? 1 : -1; }
      return a[1] - b[1];
    });
    return keyed.map(function (k) { return k[2]; });
  };

  // Filters and sorts the whole list and shows one page of the result.
  List.prototype.apply = function () {
    var self = this;
    self.withEntries(function (entries) {
      var shown = self.sorted(self.matching(entries));
      var pages = Math.max(1, Math.ceil(shown.length / self.perPage));
      self.page = Math.min(self.page, pages - 1);
      var start = self.page * self.perPage;
      var slice = shown.slice(start, start + self.perPage);
      self.table.tBodies[0].innerHTML = slice.map(function (entry) { return entry[0]; }).join("");
      self.say(shown.length === entries.length ? shown.length + " shown" : shown.length + " of " + entries.length + " shown");
      self.showPager(shown.length, pages);
    });
  };

  List.prototype.showPager = function (count, pages) {
    var self = this;
    var staticPager = self.table.previousElementSibling;
    if (staticPager && staticPager.matches("nav.pager:not([data-script])")) { staticPager.hidden = true; }
    if (pages <= 1 && !self.pager) { return; }
    if (!self.pager) {
      self.pager = document.createElement("nav");
      self.pager.className = "pager";
      self.pager.setAttribute("data-script", "");
      self.pager.setAttribute("aria-label", "Pages of the result");
      self.table.parentNode.insertBefore(self.pager, self.table);
    }
    self.pager.textContent = "";
    self.pager.hidden = pages <= 1;
    var start = self.page * self.perPage;
    var label = document.createElement("span");
    label.textContent = "Rows " + (count ? start + 1 : 0) + "–" + Math.min(count, start + self.perPage) + " of " + count + " ";
    self.pager.appendChild(label);
    [["Previous", -1], ["Next", 1]].forEach(function (step) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = step[0];
      var target = self.page + step[1];
      button.disabled = target < 0 || target >= pages;
      button.addEventListener("click", function () { self.page = target; self.apply(); });
      self.pager.appendChild(button);
      self.pager.appendChild(document.createTextNode(" "));
    });
  };

  List.prototype.makeSortable = function () {
    var self = this;
    var headers = self.table.tHead ? self.table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var kind = th.getAttribute("data-sort");
      if (!kind) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        self.sort = { index: index, kind: kind, ascending: ascending };
        self.page = 0;
        self.apply();
      });
    });
  };

  List.prototype.watchFilters = function () {
    var self = this;
    var form = self.form;
    if (!form) { return; }
    var changed = function () { self.page = 0; self.apply(); };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var asked = false;
    new URLSearchParams(window.location.search).forEach(function (value, key) {
      var field = form.elements[key];
      if (field && value) { field.value = value; asked = asked || field.value === value; }
    });
    if (asked) { self.apply(); }
  };

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
      var list = new List(table);
      list.makeSortable();
      list.watchFilters();
    });
  });
}());
