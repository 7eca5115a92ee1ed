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

  /* ---- my region: stored in this browser only, never sent anywhere ----------------------
     The key and its value (a region id) are read by the search too, to order its results. */
  var REGION_KEY = "fcguide.region";
  function storedRegion() {
    try { return localStorage.getItem(REGION_KEY) || ""; } catch (e) { return ""; }
  }
  function storeRegion(id) {
    try { if (id) { localStorage.setItem(REGION_KEY, id); } else { localStorage.removeItem(REGION_KEY); } } catch (e) { /* private mode */ }
  }
  function setupRegionChoice() {
    var head = document.getElementById("regionala-tillagg");
    var data = document.querySelector('meta[name="fc-regioner"]');
    if (!head || !data || document.getElementById("fc-min-region")) return;
    var regions = [];
    try { regions = JSON.parse(data.getAttribute("content")); } catch (e) { return; }
    /* Each region's additions: its h3 (id tillagg-<region>) and what follows until the next heading. */
    var blocks = {};
    var order = [];
    var el = head.nextElementSibling, current = null, intro = [];
    while (el && !/^H[12]$/.test(el.tagName)) {
      var next = el.nextElementSibling;
      if (el.tagName === "H3" && /^tillagg-/.test(el.id)) {
        current = document.createElement("div");
        current.className = "fc-tillagg";
        current.setAttribute("data-region", el.id.slice(8));
        el.parentNode.insertBefore(current, el);
        blocks[el.id.slice(8)] = current; order.push(el.id.slice(8));
      }
      if (current) { current.appendChild(el); } else { intro.push(el); }
      el = next;
    }
    var anchor = intro.length ? intro[intro.length - 1] : head;
    var box = document.createElement("div");
    box.className = "fc-min-region";
    var label = document.createElement("label");
    label.setAttribute("for", "fc-min-region");
    label.textContent = "Min region: ";
    var select = document.createElement("select");
    select.id = "fc-min-region";
    var none = document.createElement("option");
    none.value = ""; none.textContent = "Ingen vald – visa alla i ordning";
    select.appendChild(none);
    regions.forEach(function (r) {
      var o = document.createElement("option");
      o.value = r.id; o.textContent = r.name; select.appendChild(o);
    });
    var note = document.createElement("p");
    note.className = "fc-min-region-info";
    note.textContent = "Din regions tillägg visas först. Valet sparas bara i den här webbläsaren och skickas ingenstans.";
    var status = document.createElement("p");
    status.className = "fc-min-region-status";
    status.setAttribute("role", "status");
    label.appendChild(select); box.appendChild(label); box.appendChild(note); box.appendChild(status);
    anchor.parentNode.insertBefore(box, anchor.nextSibling);
    function apply() {
      var id = select.value;
      var container = box.parentNode, after = box;
      var ids = order.slice();
      if (id && blocks[id]) { ids.splice(ids.indexOf(id), 1); ids.unshift(id); }
      ids.forEach(function (r) {
        blocks[r].classList.toggle("fc-din-region", r === id);
        container.insertBefore(blocks[r], after.nextSibling); after = blocks[r];
      });
      var name = "";
      regions.forEach(function (r) { if (r.id === id) name = r.name; });
      status.textContent = !id ? "" : blocks[id] ? name + " visas först." : name + " har inga egna tillägg till det här ämnet.";
    }
    var saved = storedRegion();
    if (saved && regions.some(function (r) { return r.id === saved; })) select.value = saved;
    select.addEventListener("change", function () { storeRegion(select.value); apply(); });
    apply();
  }

  /* ---- tables on a phone: each row becomes a card with the column names (no sideways scrolling) */
  function setupStackedTables() {
    document.querySelectorAll(".md-typeset table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
      if (heads.length < 2 || table.hasAttribute("data-fc-stapla")) return;
      table.setAttribute("data-fc-stapla", "");
      /* display:block drops a table's meaning for screen readers: keep it with roles. */
      table.setAttribute("role", "table");
      table.querySelectorAll("thead, tbody").forEach(function (g) { g.setAttribute("role", "rowgroup"); });
      table.querySelectorAll("tr").forEach(function (tr) {
        tr.setAttribute("role", "row");
        Array.prototype.forEach.call(tr.cells, function (cell, i) {
          if (cell.tagName === "TH") { cell.setAttribute("role", cell.parentNode.parentNode.tagName === "THEAD" ? "columnheader" : "rowheader"); }
          else { cell.setAttribute("role", "cell"); }
          if (cell.tagName === "TD" && heads[i]) cell.setAttribute("data-fc-kolumn", heads[i]);
        });
      });
    });
  }

  /* ---- long sections fold after their first paragraph; the sources of a section are one line */
  var FOLD_WORDS = 180;
  function sectionParts(h2) {
    var parts = [], el = h2.nextElementSibling;
    while (el && el.tagName !== "H2" && !el.hasAttribute("data-fc-slut")) { parts.push(el); el = el.nextElementSibling; }
    return parts;
  }
  function setupSections() {
    var article = document.querySelector(".md-content article, .md-content .md-typeset");
    if (!article || article.hasAttribute("data-fc-avsnitt")) return;
    /* Only topic pages (they start with "I korthet"); the glossary and the sources keep one line per entry. */
    var brief = Array.prototype.some.call(article.querySelectorAll(".admonition-title"), function (t) { return t.textContent.trim() === "I korthet"; });
    if (!brief) return;
    article.setAttribute("data-fc-avsnitt", "");
    var heads = article.querySelectorAll("h2[id]");
    Array.prototype.forEach.call(heads, function (h2, n) {
      if (h2.id === "regionala-tillagg" || h2.id === "i-korthet") return;
      var parts = sectionParts(h2);
      /* Sources: every "Källa" line of the section, each reference once, behind one summary line. */
      var lines = parts.filter(function (p) { return p.classList && p.classList.contains("fc-kallor"); });
      if (lines.length) {
        var seen = {}, items = [];
        lines.forEach(function (p) {
          p.querySelectorAll("a").forEach(function (a) {
            /* "Namn, avsnitt; Namn, avsnitt": keep each link with the text up to the next link */
            var text = "", node = a.nextSibling;
            while (node && !(node.nodeType === 1 && node.tagName === "A")) { text += node.textContent; node = node.nextSibling; }
            text = text.replace(/^[,\s]+|[;\s]+$/g, "");
            var key = a.getAttribute("href") + "|" + text;
            if (seen[key]) return;
            seen[key] = true;
            items.push({ a: a.cloneNode(true), text: text });
          });
        });
        var d = document.createElement("details");
        d.className = "fc-kallor fc-kallor-samlat";
        var sum = document.createElement("summary");
        var names = [];
        items.forEach(function (it) { var t = it.a.textContent; if (names.indexOf(t) < 0) names.push(t); });
        sum.textContent = (items.length === 1 ? "Källa: " : "Källor: ") + names.join("; ");
        d.appendChild(sum);
        var ul = document.createElement("ul");
        items.forEach(function (it) {
          var li = document.createElement("li");
          li.appendChild(it.a);
          if (it.text) li.appendChild(document.createTextNode(", " + it.text));
          ul.appendChild(li);
        });
        d.appendChild(ul);
        var last = lines[lines.length - 1];
        last.parentNode.insertBefore(d, last.nextSibling);
        lines.forEach(function (p) { p.parentNode.removeChild(p); });
        parts = sectionParts(h2);
      }
      /* Fold: the first paragraph stays, the rest opens with a button (print opens everything). */
      var words = parts.reduce(function (sum, p) { return sum + (p.textContent.match(/\S+/g) || []).length; }, 0);
      if (words < FOLD_WORDS || parts.length < 3) return;
      var firstP = parts.findIndex(function (p) { return p.tagName === "P"; });
      var rest = parts.slice(Math.max(firstP, 0) + 1).filter(function (p) { return !p.classList.contains("fc-kallor-samlat"); });
      if (!rest.length) return;
      var wrap = document.createElement("div");
      wrap.className = "fc-vikt";
      wrap.id = "fc-vikt-" + n;
      wrap.hidden = true;
      rest[0].parentNode.insertBefore(wrap, rest[0]);
      rest.forEach(function (p) { wrap.appendChild(p); });
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "fc-vik-knapp";
      btn.setAttribute("aria-expanded", "false");
      btn.setAttribute("aria-controls", wrap.id);
      btn.textContent = "Läs hela avsnittet (" + words + " ord)";
      wrap.parentNode.insertBefore(btn, wrap);
      btn.addEventListener("click", function () {
        var open = wrap.hidden;
        wrap.hidden = !open;
        btn.setAttribute("aria-expanded", String(open));
        btn.textContent = open ? "Visa mindre" : "Läs hela avsnittet (" + words + " ord)";
      });
    });
    /* A link to a folded part (a heading, a search hit) opens it. */
    function openTarget() {
      var t = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      var w = t && t.closest && t.closest(".fc-vikt");
      if (w && w.hidden) { var b = document.querySelector('[aria-controls="' + w.id + '"]'); if (b) b.click(); t.scrollIntoView(); }
    }
    window.addEventListener("hashchange", openTarget);
    openTarget();
  }

  /* ---- print: the button, everything unfolded, and the date and address on paper -------- */
  function setupPrint() {
    var btn = document.querySelector(".fc-skriv-ut");
    if (btn && btn.hidden) {
      btn.hidden = false;
      btn.addEventListener("click", function () { window.print(); });
    }
    if (window.fcPrintReady) return;
    window.fcPrintReady = true;
    var opened = [];
    window.addEventListener("beforeprint", function () {
      opened = [];
      document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
      document.querySelectorAll(".fc-vikt[hidden]").forEach(function (w) { w.hidden = false; opened.push(w); });
      var line = document.querySelector(".fc-utskrift");
      if (line) {
        var d = new Date();
        var months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];
        line.textContent = "Utskrivet " + d.getDate() + " " + months[d.getMonth()] + " " + d.getFullYear() + " från " + location.href.split("#")[0];
      }
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (el) { if (el.tagName === "DETAILS") { el.open = false; } else { el.hidden = true; } });
      opened = [];
    });
  }

  function init() {
    setupConsent(); setupAbbr(); setupStackedTables(); setupScrollwraps();
    setupRegionChoice(); setupSections(); setupPrint();
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
