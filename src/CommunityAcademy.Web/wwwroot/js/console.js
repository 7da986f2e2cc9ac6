// 签到: the head teacher's console (Attendance/Console) and its projector view (Attendance/Projector): the rotating QR
// code, the live counts and list, and 代签到 through the offline queue of attendance.js (window.caCheckins). Plain JS,
// no outside requests.
(function () {
  'use strict';
  var checkins = window.caCheckins;

  // ---- the rotating QR code (both pages)
  var qr = document.getElementById('qr');
  if (qr) {
    var qsid = qr.getAttribute('data-session');
    var refresh = function () {
      var link = document.getElementById('qr-url');
      fetch('/api/v1/sessions/' + qsid + '/qr', { credentials: 'same-origin' }).then(function (r) {
        if (r.ok) return r.json();
        // e.g. no public address configured for the host this page was opened at: say so, and try again later
        return r.json().catch(function () { return {}; }).then(function (p) {
          qr.innerHTML = '';
          if (link) { link.textContent = (p && p.title) || ('HTTP ' + r.status); link.className = 'error'; }
          setTimeout(refresh, 15000);
          return null;
        });
      }).then(function (d) {
        if (!d) return;
        qr.innerHTML = d.svg;
        if (link) { link.textContent = d.url; link.className = link.getAttribute('data-class') || 'muted small'; }
        var wait = Math.max(1000, new Date(d.changesAt).getTime() - Date.now() + 200);
        setTimeout(refresh, Math.min(wait, d.rotationSeconds * 1000));
      }).catch(function () { setTimeout(refresh, 5000); });
    };
    refresh();
  }

  // ---- the counts (both pages) and the list (the console only: the projector shows no names)
  var live = document.getElementById('live') || document.getElementById('projector');
  if (live) {
    var lsid = live.getAttribute('data-session');
    var names = {}; try { names = JSON.parse(live.getAttribute('data-names') || '{}'); } catch (e) { }
    var flagNames = {}; try { flagNames = JSON.parse(live.getAttribute('data-flags') || '{}'); } catch (e) { }
    // Times in the class's zone, 24-hour, as the server writes them, whatever the computer's own settings.
    var clock = new Intl.DateTimeFormat('zh-CN', { timeZone: live.getAttribute('data-zone') || 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    var set = function (id, v) { var el = document.getElementById(id); if (el) el.textContent = v; };
    var poll = function () {
      fetch('/api/v1/sessions/' + lsid + '/attendance', { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : null; }).then(function (d) {
        if (!d) return;
        set('count-in', d['in']);
        set('count-missing', d.missing);
        set('count-expected', d.expected);
        if (live.id !== 'live') return;
        d.trainees.forEach(function (t) {
          var row = document.getElementById('t-' + t.traineeId);
          if (!row) return;
          row.querySelector('.st').textContent = (names[t.status] || t.status) + (t.lateMinutes > 0 ? ' ' + t.lateMinutes + '′' : '') + (t.marked ? '（' + t.reason + '）' : '');
          row.querySelector('.in').textContent = t.signedInAt ? clock.format(new Date(t.signedInAt)) : '';
          row.querySelector('.fl').textContent = t.flags.map(function (f) { return flagNames[f] || f; }).join('、');
          row.className = 's-' + t.status;
          // 代签到 is not offered to someone signed in meanwhile
          var proxy = row.querySelector('a.proxy');
          if (proxy) proxy.hidden = !!t.signedInAt;
        });
      }).catch(function () { });
    };
    setInterval(poll, live.id === 'live' ? 5000 : 3000);
    if (live.id !== 'live') poll();
    if (checkins) {
      checkins.on(function (r, pending) {
        set('pending', pending);
        if (r && !r.kept) poll();
      });
      checkins.flush();
    }
  }

  // ---- 代签到 through the offline queue: the panel's form, with its reason and clientId (a repeat signs in once)
  var form = document.getElementById('proxy-form');
  if (form && checkins) {
    var status = document.getElementById('proxy-status');
    var sid = form.getAttribute('data-session');
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var reason = form.querySelector('[name=Reason]').value.trim();
      if (!reason) { form.querySelector('[name=Reason]').focus(); return; }
      var traineeId = Number(form.querySelector('[name=TraineeId]').value);
      var clientId = form.querySelector('[name=ClientId]').value;
      status.textContent = form.getAttribute('data-sending'); status.className = '';
      checkins.on(function (r) {
        if (!r || r.item.body.clientId !== clientId) return;
        if (r.kept) { status.textContent = form.getAttribute('data-queued'); status.className = 'notice'; return; }
        if (r.status === 200 || r.status === 201) {
          location.assign('/Attendance/Console/' + sid + '?proxied=' + traineeId);
          return;
        }
        var b = r.body || {};
        var detail = b.errors ? Object.keys(b.errors).map(function (k) { return b.errors[k].join(' '); }).join(' ') : '';
        status.textContent = detail || b.title || ('HTTP ' + r.status);
        status.className = 'error';
      });
      checkins.enqueue(sid, { kind: 'in', traineeId: traineeId, reason: reason, clientId: clientId });
    });
  }

  // ---- the projector: full screen (the Fullscreen API), a click away
  var full = document.getElementById('fullscreen');
  if (full) {
    if (!document.documentElement.requestFullscreen) full.hidden = true;
    full.addEventListener('click', function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen().catch(function () { });
    });
  }
})();
