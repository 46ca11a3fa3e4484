/* Small form behaviours kept out of the pages, so the Content-Security-Policy can forbid inline
   scripts and event-handler attributes. <select data-submit-on-change> submits its form when a
   choice is made (a <noscript> button does it without JavaScript). A file picker
   (core/widgets.py) says which files were chosen, in the page's words; html.scripted lets the
   stylesheet swap the browser's own face for it. */
(function () {
  "use strict";
  document.documentElement.classList.add("scripted");

  function showChosen(input) {
    var names = input.closest(".file-picker");
    names = names && names.querySelector(".file-picker-names");
    if (!names) return;
    var chosen = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
    names.textContent = chosen.length ? chosen.join(", ") : names.dataset.none;
  }

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLInputElement && field.matches(".file-picker input[type=file]")) {
      showChosen(field);
    }
  });
  document.addEventListener("reset", function (event) {
    var form = event.target;
    setTimeout(function () {  // after the browser has emptied the inputs
      form.querySelectorAll(".file-picker input[type=file]").forEach(showChosen);
    });
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLElement && field.matches("[data-submit-on-change]") && field.form) {
      field.form.submit();
    }
  });
})();
