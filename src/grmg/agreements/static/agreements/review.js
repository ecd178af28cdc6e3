// The review screen: a provision shows its evidence in the text; marked text shows its provisions.
// Each column scrolls on its own, so only the column scrolls, never the page.
(function () {
  "use strict";
  function reveal(element, container, where) {
    if (!element || !container) { return; }
    var top = element.getBoundingClientRect().top - container.getBoundingClientRect().top + container.scrollTop;
    var offset = where === "center" ? container.clientHeight / 3 : 64;  // below the sticky group heading
    container.scrollTo({ top: Math.max(0, top - offset), behavior: "smooth" });
  }
  function show(provision, anchorId, keepText) {
    document.querySelectorAll(".agreement-text mark.active").forEach(function (m) { m.classList.remove("active"); });
    document.querySelectorAll(".provision.selected").forEach(function (p) { p.classList.remove("selected"); });
    var marks = document.querySelectorAll('.agreement-text mark[data-provisions~="' + provision + '"]');
    marks.forEach(function (m) { m.classList.add("active"); });
    var card = document.getElementById("provision-" + provision);
    if (card) { card.classList.add("selected"); }
    if (!keepText) {
      var target = (anchorId && document.getElementById(anchorId)) || marks[0];
      reveal(target, document.querySelector(".agreement-text"), "center");
    }
  }
  document.addEventListener("click", function (event) {
    var trigger = event.target.closest("[data-show]");
    if (trigger) {
      event.preventDefault();
      show(trigger.dataset.show, trigger.dataset.anchor, false);
      return;
    }
    var mark = event.target.closest(".agreement-text mark");
    if (!mark) { return; }
    var provisions = mark.dataset.provisions.split(" ");
    show(provisions[0], null, true);
    mark.classList.add("active");
    provisions.forEach(function (p) {
      var card = document.getElementById("provision-" + p);
      if (card) {
        card.classList.add("selected");
        var group = card.closest("details");
        if (group) { group.open = true; }
      }
    });
    reveal(document.getElementById("provision-" + provisions[0]), document.querySelector(".review-checklist"), "top");
  });
})();
