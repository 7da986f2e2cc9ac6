// "显示号码": a head teacher shows one trainee's number in full (to call a missing trainee). Each button names its
// trainee's API address (data-reveal) and the element that shows the number (data-target); the server audits every
// reveal and limits how many an hour. Without this script the button posts the page's form (same audit, a reload).
(function () {
  'use strict';
  function token() {
    var input = document.querySelector('input[name="__RequestVerificationToken"]');
    return input ? input.value : '';
  }
  function say(text) {
    var status = document.getElementById('reveal-status');
    if (status) { status.textContent = text; status.hidden = !text; }
  }
  document.addEventListener('click', function (ev) {
    var b = ev.target && ev.target.closest ? ev.target.closest('button[data-reveal]') : null;
    if (!b) return;
    ev.preventDefault();
    b.disabled = true;
    fetch(b.getAttribute('data-reveal'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'RequestVerificationToken': token(), 'Accept': 'application/json' }
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) throw new Error(body.title || String(r.status));
        return body;
      });
    }).then(function (d) {
      var target = document.getElementById(b.getAttribute('data-target'));
      if (target) target.textContent = d.phone;
      b.remove();
      say('');
    }).catch(function (e) {
      b.disabled = false;
      say(e.message);
    });
  });
})();
