/* Familjecentralsguiden: consent helper, abbreviations (search: search.js).
   Everything is loaded from this site; nothing is fetched from another host. */
(function () {
  "use strict";

  /* ---- consent helper ------------------------------------------------------------ */
  function setupConsent() {
    var form = document.getElementById("fc-samtycke");
    var table = document.getElementById("fc-sekretesstabell");
    var out = document.getElementById("fc-svar");
    if (!form || !table || !out) return;
    form.hidden = false;
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    function has(row, attr, v) { return (row.getAttribute(attr) || "").split(" ").indexOf(v) >= 0; }
    var sameField = document.getElementById("fc-samma-falt");
    function update() {
      var ay = form.elements["a-yrke"].value, ah = form.elements["a-hm"].value;
      var by = form.elements["b-yrke"].value, bh = form.elements["b-hm"].value;
      var same = form.elements["samma"] ? form.elements["samma"].value : "vet-inte";
      var pairs = rows.filter(function (r) {
        var forward = has(r, "data-a-yrke", ay) && has(r, "data-a-hm", ah) && has(r, "data-b-yrke", by) && has(r, "data-b-hm", bh);
        var back = has(r, "data-a-yrke", by) && has(r, "data-a-hm", bh) && has(r, "data-b-yrke", ay) && has(r, "data-b-hm", ah);
        return forward || back;
      });
      /* A row with data-samma="ja" holds only at the same unit (region, vårdgivare) or under the
         same nämnd and verksamhetsgren (kommun); "nej" only when not; "" either way. Until the user
         answers "ja", the helper shows the rows for different units: consent is needed. */
      var depends = pairs.some(function (r) { return r.getAttribute("data-samma"); });
      if (sameField) sameField.hidden = !depends;
      var hits = pairs.filter(function (r) {
        var s = r.getAttribute("data-samma") || "";
        return !s || s === (same === "ja" ? "ja" : "nej");
      });
      rows.forEach(function (r) { r.classList.toggle("fc-markerad", hits.indexOf(r) >= 0); });
      out.innerHTML = "";
      if (!hits.length) {
        var p = document.createElement("p");
        p.textContent = "Tabellen har inget exempel för just den kombinationen. Utgå från att samtycke behövs, eller fråga din chef.";
        out.appendChild(p);
        return;
      }
      if (depends && same === "vet-inte") {
        var note = document.createElement("p");
        note.className = "fc-samma-obs";
        note.textContent = "Svaret beror på om ni arbetar vid samma enhet eller i samma nämnd och verksamhetsgren. Vet du inte: utgå från att samtycke krävs, och ta reda på det.";
        out.appendChild(note);
      }
      hits.forEach(function (r) {
        var c = r.cells;
        var div = document.createElement("div");
        div.className = "fc-resultat " + r.getAttribute("data-samtycke");
        var h = document.createElement("p");
        var strong = document.createElement("strong");
        strong.textContent = "Samtycke behövs: " + c[3].textContent + " ";
        h.appendChild(strong);
        h.appendChild(document.createTextNode("(" + c[2].textContent + ")"));
        var why = document.createElement("p");
        why.textContent = c[4].textContent;
        div.appendChild(h); div.appendChild(why); out.appendChild(div);
      });
    }
    form.addEventListener("change", update);
    update();
  }

  /* ---- abbreviations reachable by keyboard ----------------------------------------- */
  function setupAbbr() {
    document.querySelectorAll(".md-content abbr[title]").forEach(function (a) {
      if (!a.hasAttribute("tabindex")) a.setAttribute("tabindex", "0");
    });
  }

  /* ---- wide tables reachable by keyboard (a scrollable region must take focus) ------- */
  function setupScrollwraps() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (w) {
      if (w.scrollWidth > w.clientWidth && !w.hasAttribute("tabindex")) {
        w.setAttribute("tabindex", "0");
        var t = w.querySelector("table caption");
        w.setAttribute("role", "region");
        w.setAttribute("aria-label", t ? t.textContent : "Tabell");
      }
    });
  }

  function init() { setupConsent(); setupAbbr(); setupScrollwraps(); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
