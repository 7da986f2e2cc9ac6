// 成果 (#17): what is typed in a text section is kept on the phone (localStorage) until the server has it, so a dropped
// connection or a closed tab loses nothing. A draft typed from the version now on the page goes back into the box; a
// draft typed from an older version (someone saved since) is shown beside it to merge by hand, never saved over theirs.
(function () {
  'use strict';
  var prefix = 'ca-output-draft:' + location.pathname + ':';
  document.querySelectorAll('form.text-form').forEach(function (form) {
    var box = form.querySelector('textarea[name="Body"]');
    var owner = form.querySelector('input[name="Owner"]').value;
    var section = form.querySelector('input[name="Section"]').value;
    var version = form.querySelector('input[name="Version"]').value;
    var key = prefix + owner + ':' + section;
    function same(a, b) { return a.replace(/\r\n/g, '\n').trimEnd() === b.replace(/\r\n/g, '\n').trimEnd(); }
    var saved;
    try { saved = JSON.parse(localStorage.getItem(key) || 'null'); } catch (e) { saved = null; }
    if (saved && !same(saved.text, box.value)) {
      if (String(saved.version) === version && form.getAttribute('data-conflict') !== 'yes') {
        box.value = saved.text;
      } else {
        var note = document.createElement('details');
        note.className = 'draft-note';
        note.open = true;
        var summary = document.createElement('summary');
        summary.textContent = form.getAttribute('data-draft-note') || '';
        var pre = document.createElement('pre');
        pre.className = 'output-text';
        pre.textContent = saved.text;
        note.appendChild(summary);
        note.appendChild(pre);
        form.insertBefore(note, box);
      }
    } else if (saved) {
      localStorage.removeItem(key); // the server has it
    }
    box.addEventListener('input', function () {
      try { localStorage.setItem(key, JSON.stringify({ version: version, text: box.value })); } catch (e) { /* full or private: nothing kept */ }
    });
  });
})();
