/* The desk's keyboard shortcuts (no inline script, so a strict CSP can forbid them).
   Queue: j / k move the selection, Enter opens the selected case, / focuses the filters.
   Case page: r focuses the reply box. Keys typed into a field, or with a modifier, are left alone. */
(function () {
  "use strict";
  var selected = -1;

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-queue-row]"));
  }

  function select(index) {
    var all = rows();
    if (!all.length) return;
    selected = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (row, i) {
      row.classList.toggle("selected", i === selected);
      if (i === selected) row.setAttribute("aria-selected", "true");
      else row.removeAttribute("aria-selected");
    });
    all[selected].scrollIntoView({ block: "nearest" });
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function focusIn(detailsId, selector) {
    var box = document.querySelector(selector);
    if (!box) return false;
    var details = detailsId ? document.getElementById(detailsId) : box.closest("details");
    if (details) details.open = true;
    box.focus();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var handled = true;
    switch (event.key) {
      case "j": select(selected + 1); break;
      case "k": select(selected < 0 ? 0 : selected - 1); break;
      case "Enter": {
        var row = rows()[selected];
        var link = row && row.querySelector("a[href]");
        if (link) window.location.href = link.href;
        else handled = false;
        break;
      }
      case "r": handled = focusIn(null, "#reply-body"); break;
      case "/": handled = focusIn("queue-filters", "#queue-filters input, #queue-filters select"); break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });

  // the rows are polled and replaced every 30 s: keep the selection on the same place
  document.addEventListener("htmx:afterSwap", function () {
    if (selected >= 0) select(selected);
  });
})();
