// 签到: the offline queue shared by the trainee's phone page and the head teacher's console, the rotating QR code and
// the live list. Plain JS, no outside requests. A sign-in is queued in localStorage with a client-generated id and the
// device time, then uploaded; the server is idempotent on the id, so uploading twice never makes two records.
(function () {
  'use strict';
  var KEY = 'ca.checkins.v1';
  var antiforgery = (document.querySelector('input[name="__RequestVerificationToken"]') || {}).value || '';

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16); crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  function load() { try { return JSON.parse(localStorage.getItem(KEY) || '[]'); } catch (e) { return []; } }
  function save(q) { localStorage.setItem(KEY, JSON.stringify(q)); }
  function deviceId() {
    var id = localStorage.getItem('ca.device');
    if (!id) { id = uuid(); localStorage.setItem('ca.device', id); }
    return id;
  }

  var listeners = [];
  var flushing = false;

  function enqueue(sessionId, body) {
    body.clientId = body.clientId || uuid();
    body.at = body.at || new Date().toISOString();
    body.deviceId = body.deviceId || deviceId();
    var q = load(); q.push({ sessionId: sessionId, body: body }); save(q);
    flush();
    return body.clientId;
  }

  function flush() {
    if (flushing) return;
    var q = load();
    if (q.length === 0) { notify(null); return; }
    flushing = true;
    var item = q[0];
    fetch('/api/v1/sessions/' + item.sessionId + '/checkins', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'RequestVerificationToken': antiforgery },
      body: JSON.stringify(item.body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (json) {
        flushing = false;
        if (r.status === 429 || r.status >= 500) { notify({ item: item, status: r.status, body: json, kept: true }); setTimeout(flush, 15000); return; }
        save(load().filter(function (x) { return x.body.clientId !== item.body.clientId; }));
        notify({ item: item, status: r.status, body: json });
        flush();
      });
    }).catch(function () { // offline: keep it, try again when the network returns
      flushing = false;
      notify({ item: item, status: 0, kept: true });
    });
  }

  function notify(result) { listeners.forEach(function (f) { f(result, load().length); }); }
  window.addEventListener('online', flush);
  setInterval(flush, 20000);

  window.caCheckins = { enqueue: enqueue, flush: flush, pending: function () { return load().length; }, on: function (f) { listeners.push(f); } };

  // ---- the trainee's phone page (Attendance/Scan)
  var scan = document.getElementById('scan');
  if (scan) {
    var status = document.getElementById('scan-status');
    var sid = scan.getAttribute('data-session');
    var token = scan.getAttribute('data-token');
    function send(kind) {
      var body = { kind: kind, token: token };
      var go = function () { enqueue(sid, body); status.textContent = scan.getAttribute('data-sending'); };
      if (scan.hasAttribute('data-position') && navigator.geolocation) {
        navigator.geolocation.getCurrentPosition(function (p) { body.latitude = p.coords.latitude; body.longitude = p.coords.longitude; go(); },
          go, { timeout: 5000, maximumAge: 60000 });
      } else go();
    }
    window.caCheckins.on(function (r, pending) {
      if (!r) return;
      if (r.kept) { status.textContent = scan.getAttribute('data-queued'); return; }
      if (r.status === 200 || r.status === 201) {
        status.textContent = (r.item.body.kind === 'in' ? scan.getAttribute('data-done-in') : scan.getAttribute('data-done-out'));
        status.className = 'ok';
      } else {
        status.textContent = (r.body && r.body.title) || ('HTTP ' + r.status);
        status.className = 'error';
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-kind]'), function (b) {
      b.addEventListener('click', function () { send(b.getAttribute('data-kind')); });
    });
    if (scan.getAttribute('data-auto') === 'in') send('in');
    flush();
  }
  // ---- the head teacher's console: wwwroot/js/console.js (loaded after this file, on window.caCheckins)
})();
