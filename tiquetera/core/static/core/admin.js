/* Django's admin, as scrolling boxes need it (no inline script: the CSP forbids it): an inline
   table or a change list that scrolls sideways can be reached with Tab and is named after its
   heading, so a keyboard can scroll it (axe-core: scrollable-region-focusable). */
(function () {
  "use strict";

  function mark() {
    document.querySelectorAll(".inline-group, #changelist .results").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var heading = box.querySelector("h2, caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (heading) box.setAttribute("aria-label", heading.textContent.trim());
      } else if (!scrolls && box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  // On a phone a change list is a pile of cards (core/admin.css): each cell says its column.
  function label() {
    var table = document.getElementById("result_list");
    if (!table || !table.tHead) return;
    var names = Array.prototype.map.call(table.tHead.rows[0].cells, function (cell) {
      var name = cell.querySelector(".text") || cell;  // not the sorting links' "1"
      return cell.classList.contains("action-checkbox-column") ? "" : name.textContent.trim();
    });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, index) {
        if (cell.tagName === "TD" && names[index]) {  // the row's own link (a th) heads the card
          cell.setAttribute("data-label", names[index]);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", label);
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
})();
