// Print buttons on the members' leaflet page (no inline scripts: CSP).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
