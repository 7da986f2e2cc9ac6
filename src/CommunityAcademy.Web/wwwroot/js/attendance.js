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

  // ---- the trainee's phone page (Attendance/Scan): signs in with the scan pass the page was given (the time counts
  // from the scan), says the status in words as the server tells it, offers 签退 once the session has begun and, before
  // its end, only after a confirmation that names what it records (早退 or 擅自离开).
  var scan = document.getElementById('scan');
  if (scan) {
    var status = document.getElementById('scan-status');
    var sid = scan.getAttribute('data-session');
    var pass = scan.getAttribute('data-pass');
    var btnIn = scan.querySelector('[data-kind="in"]');
    var btnOut = scan.querySelector('[data-kind="out"]');
    var opensNote = document.getElementById('out-opens');
    var panel = document.getElementById('confirm-out');
    var panelText = document.getElementById('confirm-out-text');
    var starts = Number(scan.getAttribute('data-starts'));
    var ends = Number(scan.getAttribute('data-ends'));
    var signedIn = !!btnIn && btnIn.hidden;
    var hhmm = new Intl.DateTimeFormat('zh-CN', { timeZone: scan.getAttribute('data-zone') || 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    function say(text, cls) { status.textContent = text; status.className = cls || ''; }
    function showOut() {
      if (!btnOut) return;
      var open = signedIn && Date.now() >= starts;
      btnOut.hidden = !open;
      if (opensNote) opensNote.hidden = open || !signedIn;
    }
    function send(kind, confirm) {
      var body = { kind: kind, pass: pass };
      if (confirm) body.confirm = true;
      var go = function () { enqueue(sid, body); say(scan.getAttribute('data-sending')); };
      if (scan.hasAttribute('data-position') && navigator.geolocation) {
        navigator.geolocation.getCurrentPosition(function (p) { body.latitude = p.coords.latitude; body.longitude = p.coords.longitude; go(); },
          go, { timeout: 5000, maximumAge: 60000 });
      } else go();
    }
    function ask(text) {
      panelText.textContent = text;
      panel.hidden = false;
      document.getElementById('confirm-out-yes').focus();
    }
    // What a sign-out now would record, by the phone's clock; the server says it again (409) if the clocks disagree.
    function askOut() {
      var minutes = Math.ceil((ends - Date.now()) / 60000 - 1e-9);
      if (minutes <= 0) { send('out', false); return; }
      var name = minutes > Number(scan.getAttribute('data-departure')) ? scan.getAttribute('data-left-name') : scan.getAttribute('data-early-name');
      ask(scan.getAttribute('data-confirm').replace('{0}', hhmm.format(new Date())).replace('{1}', scan.getAttribute('data-ends-label'))
        .replace('{2}', name).replace('{3}', String(minutes)));
    }
    document.getElementById('confirm-out-yes').addEventListener('click', function () { panel.hidden = true; send('out', true); });
    document.getElementById('confirm-out-no').addEventListener('click', function () { panel.hidden = true; if (btnOut) btnOut.focus(); });
    window.caCheckins.on(function (r) {
      if (!r || String(r.item.sessionId) !== sid) return;
      if (r.kept) { say(scan.getAttribute('data-queued')); return; }
      var b = r.body || {};
      if (r.status === 200 || r.status === 201) {
        var kind = r.item.body.kind;
        say((b.reading && b.reading.message) || scan.getAttribute(kind === 'in' ? 'data-done-in' : 'data-done-out'), 'ok');
        if (kind === 'in') { signedIn = true; if (btnIn) btnIn.hidden = true; showOut(); }
      } else if (r.status === 202) {
        say(b.title || '', 'notice');
      } else if (r.status === 409 && b.code === 'Attendance.ConfirmSignOut') {
        say('');
        ask(b.title);
      } else {
        say(b.title || ('HTTP ' + r.status), 'error');
      }
    });
    if (btnIn) btnIn.addEventListener('click', function () { send('in', false); });
    if (btnOut) btnOut.addEventListener('click', askOut);
    setInterval(showOut, 15000);
    if (scan.getAttribute('data-auto') === 'in') send('in', false);
    flush();
  }
  // ---- the head teacher's console: wwwroot/js/console.js (loaded after this file, on window.caCheckins)
})();
