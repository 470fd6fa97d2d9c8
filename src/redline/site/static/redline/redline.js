// Progressive enhancement only: every page reads and works without this file.
(function () {
  "use strict";

  // On a phone the main navigation starts folded behind its "Menu" button; without JavaScript it stays open.
  var menu = document.querySelector("details.site-menu");
  if (menu && window.matchMedia("(max-width: 40rem)").matches) menu.removeAttribute("open");

  // Rewrite <time data-zone="auto"> to the browser's time zone, keeping UTC beside.
  // The zone is read here with Intl and never sent to the server (no cookie).
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone || zone === "UTC" || zone === "Etc/UTC") { return; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function parts(d, tz) {
    var f = new Intl.DateTimeFormat("en-GB", {timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short"});
    var out = {};
    f.formatToParts(d).forEach(function (p) { out[p.type] = p.value; });
    return out;
  }
  function localise(root) {
    var nodes = (root || document).querySelectorAll('time[data-zone="auto"]');
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i], d = new Date(el.getAttribute("datetime"));
      if (isNaN(d.getTime())) { continue; }
      var l = parts(d, zone);
      var uDate = d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate());
      var lDate = l.year + "-" + l.month + "-" + l.day;
      var uTime = pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + " UTC";
      el.textContent = lDate + " " + l.hour + ":" + l.minute + " " + l.timeZoneName + " (" +
        (lDate === uDate ? uTime : uDate + " " + uTime) + ")";
      el.setAttribute("data-zone", "browser");
      el.title = zone;
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { localise(); });
  } else { localise(); }
  document.addEventListener("htmx:afterSwap", function (e) { localise(e.target); });
})();
