// The one chart script (survey analysis #23, scenes' preference cards #25): every canvas.chart-canvas carries its labels and
// counts in data-* attributes (JSON);
// Chart.js (wwwroot/lib/chartjs, from npm: src/CommunityAcademy.Web/ClientLibs) draws them. The table beside each chart
// holds the same figures (screen readers, no JavaScript, tests). No inline script: the CSP.
(function () {
  'use strict';
  if (!window.Chart) return;
  var palette = ['#2f6fb3', '#e07b39', '#4a9c5d', '#c9463d', '#8e6bbf', '#b59b2b', '#3aa6a6', '#d16ba5', '#7f7f7f', '#5b8def', '#a0522d'];
  document.querySelectorAll('canvas.chart-canvas').forEach(function (canvas) {
    var labels, values;
    try { labels = JSON.parse(canvas.getAttribute('data-labels') || '[]'); values = JSON.parse(canvas.getAttribute('data-values') || '[]'); }
    catch (e) { return; }
    var kind = canvas.getAttribute('data-kind'), pie = kind === 'pie';
    if (kind === 'line') { // a trend (the dashboard #24): one line, or two with data-values2 and the labels of both
      var second = null;
      try { second = JSON.parse(canvas.getAttribute('data-values2') || 'null'); } catch (e) { second = null; }
      var sets = [{ label: canvas.getAttribute('data-label1') || '', data: values, borderColor: palette[0], backgroundColor: palette[0] }];
      if (second) sets.push({ label: canvas.getAttribute('data-label2') || '', data: second, borderColor: palette[1], backgroundColor: palette[1] });
      new window.Chart(canvas, { type: 'line', data: { labels: labels, datasets: sets },
        options: { animation: false, responsive: true, plugins: { legend: { display: !!second } }, scales: { y: { beginAtZero: true, max: 100 } } } });
      return;
    }
    new window.Chart(canvas, {
      type: pie ? 'pie' : 'bar',
      data: { labels: labels, datasets: [{ data: values, backgroundColor: pie ? palette : palette[0] }] },
      options: { animation: false, responsive: true, plugins: { legend: { display: pie } }, scales: pie ? {} : { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  });
})();
