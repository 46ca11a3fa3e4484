/* The dashboard's charts (no inline script, so a strict CSP can forbid them).
   Each <canvas data-chart="ID"> is drawn from the JSON in <script type="application/json"
   id="ID">: {labels, datasets: [{label, data, color}], stacked, horizontal}. Numbers are
   formatted in the page's language. Changing the policy or the month reloads the page. */
(function () {
  "use strict";
  var COLORS = {
    ok: "#2e7d32",
    running: "#1565c0",
    warning: "#f9a825",
    late: "#c62828",
    neutral: "#6a1b9a"
  };

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") return;
    var spec = JSON.parse(source.textContent);
    var valueAxis = spec.horizontal ? "x" : "y";
    var scales = {
      x: { stacked: spec.stacked },
      y: { stacked: spec.stacked }
    };
    scales[valueAxis].beginAtZero = true;
    scales[valueAxis].ticks = { precision: 0 };
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set) {
          var color = COLORS[set.color] || COLORS.neutral;
          return { label: set.label, data: set.data, backgroundColor: color, borderColor: color };
        })
      },
      options: {
        locale: document.documentElement.lang || undefined,
        indexAxis: spec.horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: { legend: { display: spec.datasets.length > 1, position: "bottom" } }
      }
    });
  }

  function autoSubmit() {
    var form = document.getElementById("dashboard-scope");
    if (!form) return;
    form.addEventListener("change", function () { form.requestSubmit(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
    autoSubmit();
  });
})();
