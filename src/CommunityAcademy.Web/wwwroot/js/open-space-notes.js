// 开放空间 topic notes: a draft is saved a few seconds after the convener stops typing (POST ?handler=Draft with the
// form's fields and antiforgery token). The plain "保存" button works without this file. No inline script: the CSP.
(function () {
  'use strict';
  var form = document.getElementById('notes-form');
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.getElementById('draft-status');
  var timer = null, last = null;
  function snapshot() { return new URLSearchParams(new FormData(form)).toString(); }
  last = snapshot();
  function save() {
    var body = snapshot();
    if (body === last) return;
    fetch(form.getAttribute('data-draft'), { method: 'POST', credentials: 'same-origin', body: new FormData(form) })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (x) {
        if (x.ok) last = body;
        if (status) status.textContent = x.ok ? x.j.saved : x.j.error;
      })
      .catch(function () { /* offline: the text stays in the box; the next pause or the button saves it */ });
  }
  form.addEventListener('input', function () {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(save, 3000);
  });
})();
