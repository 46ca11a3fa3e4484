/* SLA countdowns (tiquetera/sla/countdown.py renders them; no inline script: the CSP forbids it).
   The server says how much business time is left (data-countdown, seconds), whether it shrinks
   ("down") or, once late, grows ("up"), and for how many seconds from now business time passes
   at the wall clock's rate (data-steady: the calendar is open). Between the server's refreshes
   (htmx, every minute) this ticks only inside that stretch; spans of a working day or more
   (data-day) keep the server's words ("3 días hábiles (24 h)"). */
(function () {
  "use strict";

  function text(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var hours = Math.floor(seconds / 3600), rest = seconds % 3600;
    var minutes = Math.floor(rest / 60), secs = rest % 60;
    if (hours) return hours + " h " + String(minutes).padStart(2, "0") + " min";
    return minutes + " min " + String(secs).padStart(2, "0") + " s";
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      if (!el.dataset.seenAt) el.dataset.seenAt = String(now);
      var steady = Number(el.dataset.steady) || 0;
      if (!steady) return;
      var elapsed = Math.min((now - Number(el.dataset.seenAt)) / 1000, steady);
      var start = Number(el.dataset.countdown) || 0;
      var value = el.dataset.direction === "up" ? start + elapsed : start - elapsed;
      var day = Number(el.dataset.day) || 0;
      if (day && value >= day) return;
      var shown = text(value);
      if (el.textContent !== shown) el.textContent = shown;
    });
  }

  setInterval(tick, 1000);
})();
