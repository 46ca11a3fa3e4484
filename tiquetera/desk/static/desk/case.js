/* The case page's composer (no inline script: the Content-Security-Policy forbids it).
   - Reply / internal note as tabs: the tab list is shown, the other panel hidden; which one is
     open comes from the section's data-active (the note after a refused note).
   - A canned response or an article chosen fills the box (htmx swaps #reply-body): the pickers go
     back to their prompt, so choosing another adds only that one, and the cursor goes to the end.
   - The presence poll tells the server whether a box has text ("writing").
   The page's #case block is swapped by htmx after every action: everything is set up again on
   each htmx load. */
(function () {
  "use strict";

  function activate(composer, name) {
    composer.dataset.active = name;
    composer.querySelectorAll("[role=tab]").forEach(function (tab) {
      var selected = tab.id === "tab-" + name;
      tab.setAttribute("aria-selected", selected ? "true" : "false");
      tab.tabIndex = selected ? 0 : -1;
      tab.classList.toggle("outline", !selected);
    });
    composer.querySelectorAll("[role=tabpanel]").forEach(function (panel) {
      panel.hidden = panel.id !== "composer-" + name;
    });
  }

  function setUp(root) {
    var composer = (root.querySelector && root.querySelector("#composer")) || (root.id === "composer" ? root : null);
    if (!composer || composer.dataset.ready) return;
    composer.dataset.ready = "1";
    var tabs = composer.querySelector("[role=tablist]");
    tabs.hidden = false;
    tabs.addEventListener("click", function (event) {
      var tab = event.target.closest("[role=tab]");
      if (!tab) return;
      activate(composer, tab.id.replace("tab-", ""));
      var box = composer.querySelector("#composer-" + composer.dataset.active + " textarea");
      if (box) box.focus();
    });
    tabs.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      var next = composer.dataset.active === "reply" ? "note" : "reply";
      activate(composer, next);
      document.getElementById("tab-" + next).focus();
      event.preventDefault();
    });
    activate(composer, composer.dataset.active || "reply");
  }

  // "r" (shortcuts.js) goes to the reply box: show its tab first (capture runs before it).
  document.addEventListener("keydown", function (event) {
    var composer = document.getElementById("composer");
    var tag = event.target && event.target.tagName;
    if (event.key !== "r" || !composer || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    activate(composer, "reply");
  }, true);

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "reply-body") return;
    var box = document.getElementById("reply-body");
    document.querySelectorAll("select[data-picker]").forEach(function (picker) { picker.value = ""; });
    if (box) {
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    }
  });

  // The presence poll (#presence) says whether this agent is writing: a box with text.
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt || event.detail.elt.id !== "presence") return;
    var writing = ["reply-body", "note-body"].some(function (id) {
      var box = document.getElementById(id);
      return box && box.value.trim() !== "";
    });
    event.detail.parameters.writing = writing ? "1" : "0";
  });

  if (window.htmx) window.htmx.onLoad(setUp);
  else document.addEventListener("DOMContentLoaded", function () { setUp(document); });
})();
