/* Small form behaviours kept out of the pages, so the Content-Security-Policy can forbid inline
   scripts and event-handler attributes. <select data-submit-on-change> submits its form when a
   choice is made (a <noscript> button does it without JavaScript). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLElement && field.matches("[data-submit-on-change]") && field.form) {
      field.form.submit();
    }
  });
})();
