// 名额分配: a type-ahead for the unit of each line. As the organizer types, the units whose name or path contains the
// text come from GET /api/v1/units?q=…&limit=20 into the shared <datalist id="unit-options"> as paths; the server
// resolves what was typed, so the form also works without this script.
(function () {
  'use strict';
  var list = document.getElementById('unit-options');
  if (!list) return;
  var timer = null, last = '';
  function search(text) {
    if (text === last) return;
    last = text;
    fetch('/api/v1/units?limit=20&q=' + encodeURIComponent(text), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (units) {
        if (text !== last) return; // a later search is on its way
        list.replaceChildren.apply(list, units.map(function (u) {
          var o = document.createElement('option');
          o.value = u.path;
          return o;
        }));
      })
      .catch(function () { /* offline: the typed name is resolved on the server */ });
  }
  document.addEventListener('input', function (e) {
    var t = e.target;
    if (!t || !t.hasAttribute || !t.hasAttribute('data-unit-search')) return;
    var text = t.value.trim();
    if (timer) clearTimeout(timer);
    if (text.length === 0) return;
    timer = setTimeout(function () { search(text); }, 200);
  });
})();
