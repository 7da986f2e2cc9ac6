// Tree depth: data-depth="n" becomes the custom property --depth, which the stylesheets turn into an indent (Units,
// attendance by unit). A style="" attribute would be refused by the Content-Security-Policy; site.css covers depths
// 0–12 by itself, this covers any depth.
(function () {
  'use strict';
  Array.prototype.forEach.call(document.querySelectorAll('[data-depth]'), function (el) {
    el.style.setProperty('--depth', el.getAttribute('data-depth'));
  });
})();
