/* Kizuna's one script: after a refused form, focus moves to the error summary (a screen reader reads it, the
   keyboard starts from it); every link in the summary moves to its field. */
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
