// 打印: a button marked data-print prints the page (the paper sign-in sheet). No inline handler: the CSP refuses them.
(function () {
  'use strict';
  Array.prototype.forEach.call(document.querySelectorAll('[data-print]'), function (b) {
    b.addEventListener('click', function () { window.print(); });
  });
})();
