// Progressive enhancement only: every page reads and works without this file.
// On a phone the main navigation starts folded behind its "Menu" button; without JavaScript it stays open.
(function () {
  var menu = document.querySelector("details.site-menu");
  if (menu && window.matchMedia("(max-width: 40rem)").matches) menu.removeAttribute("open");
})();
