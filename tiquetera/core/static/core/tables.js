// A table wider than the screen scrolls inside its box (<div class="table-scroll">), never the
// page. While a box scrolls, a keyboard can reach it (tabindex) and a screen reader names it (a
// region called by the table's caption or the heading of its section); when it fits again, it
// leaves the tab order. Run at load, on resizing and after htmx swaps.
(function () {
  "use strict";

  function nameOf(box) {
    var caption = box.querySelector("caption");
    if (caption) return caption.textContent.trim();
    var section = box.closest("section, article, details, main");
    var heading = section && section.querySelector("h1, h2, h3, h4, summary, header");
    return (heading || document.querySelector("h1") || document).textContent.trim();
  }

  function mark() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", nameOf(box));
        box.dataset.scrolls = "";
      } else if (!scrolls && "scrolls" in box.dataset) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.scrolls;
      }
    });
  }

  var pending = false;
  function soon() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      mark();
    });
  }

  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", soon);
  document.addEventListener("htmx:afterSettle", soon);
})();
