/* Kizuna's one script: after a refused form, focus moves to the error summary (a screen reader reads it, the
   keyboard starts from it); every link in the summary moves to its field. On a phone, Escape closes the open
   menu (a <details>: Enter on its button opens and closes it without any script) and gives focus back to its
   button. */
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
document.addEventListener("keydown", function (event) {
  var menu = document.querySelector("details.menu-toggle[open]");
  if (event.key === "Escape" && menu) {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});
