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

  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
})();
