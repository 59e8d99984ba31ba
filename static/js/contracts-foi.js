// FoI pages: the print view's Print button. No inline scripts (CSP).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
