// On a wide screen the navigation is always shown (site.css styles ::details-content for that). Browsers that
// cannot style ::details-content (before 2025) keep a closed <details> shut whatever the CSS says: open it there.
(function () {
  if (window.CSS && CSS.supports && CSS.supports('selector(::details-content)')) return;
  var menu = document.querySelector('details.menu');
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia('(min-width: 800px)');
  function apply() { menu.open = wide.matches; }
  apply();
  if (wide.addEventListener) wide.addEventListener('change', apply); else wide.addListener(apply);
})();
