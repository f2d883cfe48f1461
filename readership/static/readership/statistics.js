/* Draws the statistics page's charts (Chart.js, vendored beside this file).
 * Each <canvas data-chart="ID"> reads its data from <script type="application/json" id="ID">;
 * the same figures are in the table below each chart. */
(function () {
  "use strict";
  if (!window.Chart) {
    return;
  }
  var palette = ["#1f5fa8", "#c0392b", "#2e8b57", "#b9770e", "#6c3483", "#117a8b", "#7f8c8d", "#a04000"];
  var canvases = document.querySelectorAll("canvas[data-chart]");
  Array.prototype.forEach.call(canvases, function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var datasets = data.series.map(function (series, index) {
      var colour = palette[index % palette.length];
      return {label: series.label, data: series.data, borderColor: colour, backgroundColor: colour,
              fill: false, tension: 0.2, pointRadius: data.labels.length > 60 ? 0 : 2};
    });
    new window.Chart(canvas, {
      type: data.type,
      data: {labels: data.labels, datasets: datasets},
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {legend: {display: datasets.length > 1}},
        scales: {
          x: {stacked: !!data.stacked},
          y: {stacked: !!data.stacked, beginAtZero: true, ticks: {precision: 0}}
        }
      }
    });
  });
})();
