// Survey pages work without JavaScript; this only moves focus to the error summary when there is one,
// so screen-reader and keyboard users land on the list of problems (GOV.UK pattern).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary[data-autofocus]");
  if (summary) {
    summary.focus();
  }
});
