// Drafts saved as typed (#18). A form with data-autosave="URL" (not empty: the form tag helper keeps an empty one)
// posts its fields (its antiforgery token among them) to that URL two seconds after typing stops, and when the page is
// hidden; the element whose id is the form's data-autosave-status then says its data-saved text ({0}: the time, HH:mm),
// the server's refusal, or its data-failed text when the network fails. The form's own buttons work without this file;
// pressing one cancels a pending save and waits for one on its way, so a draft never lands after a hand-in. No inline
// script or handler: the CSP.
(function () {
  'use strict';
  if (!window.fetch || !window.FormData || !window.URLSearchParams) return;
  var DELAY = 2000;

  function two(n) { return (n < 10 ? '0' : '') + n; }

  function watch(form) {
    var status = document.getElementById(form.getAttribute('data-autosave-status') || '');
    var url = form.getAttribute('data-autosave');
    var timer = null, submitting = false, inflight = null, sending = null;
    function snapshot() { return new URLSearchParams(new FormData(form)).toString(); }
    var last = snapshot();
    function say(text) { if (status) status.textContent = text; }

    function save(leaving) {
      if (timer) { window.clearTimeout(timer); timer = null; }
      var body = snapshot();
      if (submitting || body === last || body === sending) return; // pagehide and visibilitychange both come: one post
      sending = body;
      var sent = fetch(url, {
        method: 'POST', credentials: 'same-origin', body: new FormData(form), keepalive: !!leaving,
        headers: { 'Accept': 'application/json' },
      }).then(function (r) {
        return r.json().then(function (j) { return { ok: r.ok, j: j }; }, function () { return { ok: false, j: {} }; });
      }).then(function (x) {
        if (x.ok) {
          last = body;
          var now = new Date();
          say((status && status.getAttribute('data-saved') || '{0}').replace('{0}', two(now.getHours()) + ':' + two(now.getMinutes())));
        } else {
          say(x.j && x.j.error ? x.j.error : (status && status.getAttribute('data-failed')) || '');
        }
      }, function () {
        say((status && status.getAttribute('data-failed')) || ''); // offline: the text stays in the form; the next pause saves it
      });
      inflight = sent;
      sent.then(function () { if (inflight === sent) inflight = null; if (sending === body) sending = null; });
    }

    function later() {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(function () { save(false); }, DELAY);
    }
    form.addEventListener('input', later);
    form.addEventListener('change', later);
    form.addEventListener('submit', function (e) {
      if (timer) { window.clearTimeout(timer); timer = null; }
      if (submitting) return;
      submitting = true;
      if (inflight && form.requestSubmit) { // let the draft land first, then send the button's own post
        e.preventDefault();
        var by = e.submitter;
        inflight.then(function () { if (by) form.requestSubmit(by); else form.requestSubmit(); });
      }
    });
    window.addEventListener('pagehide', function () { save(true); });
    document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') save(true); });
  }

  Array.prototype.forEach.call(document.querySelectorAll('form[data-autosave]:not([data-autosave=""])'), watch);
})();
