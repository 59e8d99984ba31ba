// Organising tools: the print button on the workforce grid (no inline handlers under the CSP).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
