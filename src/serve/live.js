// lessonbook serve: reloads the page when a new site is ready, and shows the
// checker's messages over the page while the records have errors. Injected
// by `lessonbook serve` only; never part of a built site.
(function () {
  "use strict";
  var OVERLAY = "lessonbook-problems";

  function hide() {
    var overlay = document.getElementById(OVERLAY);
    if (overlay) {
      overlay.remove();
    }
  }

  function show(text) {
    var overlay = document.getElementById(OVERLAY);
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = OVERLAY;
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-label", "lessonbook check found errors");
      var s = overlay.style;
      s.position = "fixed";
      s.inset = "0";
      s.zIndex = "2147483647";
      s.overflow = "auto";
      s.background = "rgba(20, 20, 20, 0.94)";
      s.color = "#f5f5f5";
      s.padding = "1.5rem";
      s.font = "14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
      document.body.appendChild(overlay);
    }
    var title = document.createElement("p");
    title.textContent =
      "lessonbook: the records have errors. This is the last good site; fix the records and it reloads.";
    title.style.fontWeight = "bold";
    title.style.color = "#ff8a80";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", hide);
    var messages = document.createElement("pre");
    messages.textContent = text;
    messages.style.whiteSpace = "pre-wrap";
    overlay.replaceChildren(title, close, messages);
  }

  var events = new EventSource("/__lessonbook/events");
  events.addEventListener("reload", function () {
    window.location.reload();
  });
  events.addEventListener("problems", function (event) {
    show(JSON.parse(event.data));
  });
})();
