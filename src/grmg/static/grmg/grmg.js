// Draws every Vega-Lite chart on the page, and again after htmx swaps content in.
(function () {
  "use strict";
  function draw(root) {
    root.querySelectorAll("[data-vega]").forEach(function (element) {
      if (element.dataset.drawn) { return; }
      var source = document.getElementById(element.dataset.vega);
      if (!source || typeof vegaEmbed === "undefined") { return; }
      element.dataset.drawn = "1";
      vegaEmbed(element, JSON.parse(source.textContent), { actions: false, renderer: "svg" });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.target); });
})();
