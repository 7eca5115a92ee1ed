/* Familjecentralsguiden: Swedish search (Pagefind), consent helper, abbreviations.
   Everything is loaded from this site; nothing is fetched from another host. */
(function () {
  "use strict";

  function siteBase() {
    var el = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(el.textContent).base || "."; } catch (e) { /* default */ }
    return new URL(base.replace(/\/?$/, "/"), document.baseURI || location.href);
  }

  /* ---- search -------------------------------------------------------------------- */
  var pagefind = null;
  function loadPagefind() {
    if (!pagefind) {
      var url = new URL("pagefind/pagefind.js", siteBase()).href;
      pagefind = import(url).then(function (pf) {
        return pf.options({ excerptLength: 24 }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function setupSearch() {
    var inner = document.querySelector(".md-header__inner");
    if (!inner || document.getElementById("fc-sok")) return;
    var wrap = document.createElement("div");
    wrap.className = "fc-sok";
    wrap.setAttribute("role", "search");
    wrap.innerHTML =
      '<label for="fc-sok" class="fc-dold">Sök på sajten</label>' +
      '<input id="fc-sok" type="search" placeholder="Sök" autocomplete="off" spellcheck="false" ' +
      'aria-controls="fc-sok-resultat" aria-describedby="fc-sok-hjalp">' +
      '<span id="fc-sok-hjalp" class="fc-dold">Skriv för att söka. Piltangenterna flyttar mellan träffarna, Escape stänger.</span>' +
      '<div id="fc-sok-resultat" class="fc-sok-resultat" hidden><p role="status" aria-live="polite"></p><ol></ol></div>';
    inner.insertBefore(wrap, inner.querySelector(".md-header__option, .md-header__source") || null);
    var input = wrap.querySelector("input");
    var box = wrap.querySelector(".fc-sok-resultat");
    var status = box.querySelector("p");
    var list = box.querySelector("ol");
    var timer = null, seq = 0;

    /* No aria-expanded: it is not allowed on a searchbox (axe aria-allowed-attr); the
       result count is announced by the live region instead. */
    function close() { box.hidden = true; }
    function open() { box.hidden = false; }

    function run() {
      var q = input.value.trim();
      var mine = ++seq;
      if (q.length < 2) { list.innerHTML = ""; close(); return; }
      open();
      status.textContent = "Söker …";
      loadPagefind().then(function (pf) { return pf.search(q); }).then(function (res) {
        return Promise.all(res.results.slice(0, 8).map(function (r) { return r.data(); })).then(function (data) {
          if (mine !== seq) return;
          list.innerHTML = "";
          status.textContent = res.results.length ? res.results.length + " träffar" : "Inga träffar för " + q;
          data.forEach(function (d) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = d.url;
            var t = document.createElement("span");
            t.className = "titel";
            /* The heading's permalink sign (¶) is part of the indexed text; not shown. */
            t.textContent = ((d.meta && d.meta.title) || d.url).replace(/\s*¶\s*$/, "");
            a.appendChild(t);
            if (d.meta && d.meta.del) { /* which part of the site: the same title exists per region */
              var del = document.createElement("span");
              del.className = "del";
              del.textContent = d.meta.del;
              a.appendChild(del);
            }
            var ex = document.createElement("span");
            ex.innerHTML = d.excerpt.replace(/¶/g, " "); /* Pagefind's excerpt: our own page text with <mark> */
            a.appendChild(ex); li.appendChild(a); list.appendChild(li);
          });
        });
      }).catch(function () {
        status.textContent = "Sökningen fungerar när sajten visas via en webbserver (http), inte som en öppnad fil.";
      });
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { var f = list.querySelector("a"); if (f) { e.preventDefault(); f.focus(); } }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter") { var first = list.querySelector("a"); if (first) { e.preventDefault(); location.href = first.href; } }
    });
    list.addEventListener("keydown", function (e) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var i = links.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && i < links.length - 1) { e.preventDefault(); links[i + 1].focus(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
      else if (e.key === "Escape") { close(); input.focus(); }
    });
    document.addEventListener("click", function (e) { if (!wrap.contains(e.target)) close(); });
    document.addEventListener("keydown", function (e) {
      var tag = (document.activeElement && document.activeElement.tagName) || "";
      if (e.key === "/" && !/INPUT|TEXTAREA|SELECT/.test(tag)) { e.preventDefault(); input.focus(); }
    });
  }

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

  function init() { setupSearch(); setupConsent(); setupAbbr(); setupScrollwraps(); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
