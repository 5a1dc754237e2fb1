// vanban review app: a few lines, no library. The pages work without it (cards are anchors);
// with it, clicking a marked value opens its card, and "use the selected text" fills an add form.
(function () {
  "use strict";
  function focusCard(id, scroll) {
    var card = document.getElementById(id);
    if (!card) return;
    document.querySelectorAll(".focus").forEach(function (el) { el.classList.remove("focus"); });
    for (var p = card; p; p = p.parentElement) { if (p.tagName === "DETAILS") p.open = true; }
    card.classList.add("focus");
    document.querySelectorAll('.hl[data-item="' + id + '"]').forEach(function (el) { el.classList.add("focus"); });
    if (scroll) card.scrollIntoView({block: "nearest"});
  }
  document.addEventListener("click", function (ev) {
    var mark = ev.target.closest("#doc-text .hl");
    if (!mark) return;
    var id = mark.getAttribute("data-item");
    history.replaceState(null, "", "#" + id);
    focusCard(id, true);
  });
  document.addEventListener("keydown", function (ev) {
    var mark = ev.target.closest && ev.target.closest("#doc-text .hl");
    if (mark && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); mark.click(); }
  });
  document.querySelectorAll("button.use-selection").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = button.form.querySelector(".from-selection");
      var text = String(window.getSelection() || "").trim();
      if (field && text) field.value = text;
    });
  });
  window.addEventListener("DOMContentLoaded", function () {
    if (location.hash.length > 1) focusCard(decodeURIComponent(location.hash.slice(1)), true);
  });
})();
