/* The queue's bulk bar and polling (no inline script: the Content-Security-Policy forbids it).
   - The heading's checkbox checks every row shown; the bar says how many are checked ("1 caso
     marcado", "2 casos marcados"), and on a phone shows its actions only while some case is
     checked (`data-checked`; queue.css), so the first cases come on the first screen. Without
     JavaScript the actions always show.
   - The rows refresh every 30 s (htmx polls the tbody): the refresh asks for as many rows as are
     loaded (`rows`, so the pages added with "More" stay) and the rows checked stay checked. */
(function () {
  "use strict";

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll("#queue-rows input[name=case]"));
  }

  // "1 caso marcado", "2 casos marcados": the words in the page's language come with the bar
  // (data-one, data-other); the language's plural rules pick one.
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;

  function count() {
    var checkedNow = boxes().filter(function (box) { return box.checked; }).length;
    var shown = document.querySelector("[data-bulk-count]");
    if (shown) shown.textContent = String(checkedNow);
    var words = document.querySelector("[data-bulk-words]");
    if (words) {
      var one = plural ? plural.select(checkedNow) === "one" : checkedNow === 1;
      words.textContent = words.getAttribute(one ? "data-one" : "data-other");
    }
    if (bar) bar.toggleAttribute("data-checked", checkedNow > 0);
  }

  var bar = document.getElementById("queue-bulk");
  if (bar) bar.classList.add("bulk-scripted");

  var checked = [];

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-select-all]")) {
      boxes().forEach(function (box) { box.checked = target.checked; });
    }
    count();
  });

  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt || event.detail.elt.id !== "queue-rows") return;
    event.detail.parameters.rows = String(document.querySelectorAll("#queue-rows [data-queue-row]").length);
    checked = boxes().filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "queue-rows") return;
    boxes().forEach(function (box) { if (checked.indexOf(box.value) !== -1) box.checked = true; });
    count();
  });
})();
