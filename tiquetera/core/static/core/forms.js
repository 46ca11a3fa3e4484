// A choice that redraws its form submits it when changed (`<select data-autosubmit>`); without
// JavaScript the form's <noscript> button does the same. No inline handler: the pages are
// served under a Content-Security-Policy.
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("[data-autosubmit]") && field.form) {
    field.form.requestSubmit();
  }
});
