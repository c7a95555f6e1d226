// Keeps server-rendered countdowns ("3 days, 4 hours left") current without a reload.
// The words come from data attributes rendered in the page's language; "%(count)d" is
// replaced by the number. Without JavaScript the server's text stays, correct at load time.
(function () {
  "use strict";

  function unit(el, name, n) {
    var label = el.dataset[n === 1 ? "label" + name : "label" + name + "s"];
    return label.replace("%(count)d", String(n));
  }

  function render(el) {
    var deadline = Date.parse(el.dataset.deadline);
    if (isNaN(deadline)) return;
    var seconds = Math.floor((deadline - Date.now()) / 1000);
    if (seconds <= 0) {
      el.textContent = el.dataset.labelPassed;
      return;
    }
    var days = Math.floor(seconds / 86400);
    var hours = Math.floor((seconds % 86400) / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var parts;
    if (days) parts = [unit(el, "Day", days), unit(el, "Hour", hours)];
    else if (hours) parts = [unit(el, "Hour", hours), unit(el, "Minute", minutes)];
    else parts = [unit(el, "Minute", Math.max(minutes, 1))];
    el.textContent = el.dataset.labelLeft.replace("%(time)s", parts.join(", "));
    el.dataset.live = "true";
  }

  function tick() {
    document.querySelectorAll(".countdown[data-deadline]").forEach(render);
  }

  tick();
  window.setInterval(tick, 30000);
})();
