// 世界咖啡 projector: counts the round down from the seconds the server says are left (its round start, so a reload
// does not reset it), and the full-screen button. No inline script: the CSP refuses it.
(function () {
  'use strict';
  var el = document.getElementById('countdown');
  if (el) {
    var left = parseInt(el.getAttribute('data-left'), 10) || 0;
    var end = Date.now() + left * 1000;
    var show = function (s) {
      if (s <= 0) { el.textContent = el.getAttribute('data-over'); el.classList.add('over'); return; }
      var m = Math.floor(s / 60), r = s % 60;
      el.textContent = (m < 10 ? '0' : '') + m + ':' + (r < 10 ? '0' : '') + r;
    };
    show(left);
    if (el.getAttribute('data-running') === 'true') {
      var timer = setInterval(function () {
        var s = Math.max(0, Math.round((end - Date.now()) / 1000));
        show(s);
        if (s <= 0) clearInterval(timer);
      }, 250);
    }
  }
  var full = document.getElementById('fullscreen');
  if (full) full.addEventListener('click', function () {
    if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen();
  });
})();
