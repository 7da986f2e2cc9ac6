// 开放空间 marketplace wall on the projector: every few seconds the page is fetched again and the wall (#wall) replaced,
// so new topics, placements and counts appear without anyone touching the laptop. No inline script: the CSP refuses it.
(function () {
  'use strict';
  var wall = document.getElementById('wall');
  if (!wall || !window.fetch || !window.DOMParser) return;
  var seconds = parseInt(wall.getAttribute('data-refresh-seconds'), 10) || 10;
  function refresh() {
    fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var next = new DOMParser().parseFromString(html, 'text/html').getElementById('wall');
        if (next) { wall.innerHTML = next.innerHTML; wall.setAttribute('data-refreshed', new Date().toISOString()); }
      })
      .catch(function () { /* offline for a moment: the next tick tries again */ })
      .then(function () { window.setTimeout(refresh, seconds * 1000); });
  }
  window.setTimeout(refresh, seconds * 1000);
})();
