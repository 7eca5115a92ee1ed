/* Familjecentralsguiden: the search box (Pagefind with Swedish stemming, run locally).

   In front of Pagefind, each query is understood first (generator/search_index.py makes
   assets/sok.ord (gzip JSON) at build time from the site's own text and content/search.yaml):
   - stop words and question words are dropped ("får jag prata med socialtjänsten …");
   - each word is searched as its lemma, so every inflected form is found (samtycket);
   - a misspelt word is corrected to the nearest word of the site (1–2 edits), and the box
     says so ("Visar resultat för …");
   - synonyms, everyday and English words and abbreviations search for the site's word;
   - each word is searched on its own (with its forms, synonyms and compounds: stöd finds
     föräldraskapsstöd) and the pages merged by score, the pages with all the words first;
     so when all the words together find few pages, the pages with most of them follow.
   The national text and the regions' chapters on one topic are one result, with the regions
   as links under it (the reader's region, localStorage "fcguide.region", first); each result
   shows its best matching heading. Nothing is fetched from another host. */
(function () {
  "use strict";

  var REGION_KEY = "fcguide.region";
  var SUFFIXES = ["ernas", "arnas", "ornas", "erna", "arna", "orna", "ens", "ets", "nas", "ans",
                  "ers", "ars", "ors", "en", "et", "na", "ar", "er", "or", "an", "ns", "ts", "s", "n", "t", "a", "e"];
  var SHOWN = 5;          // topics shown
  var MAX_DATA = 24;      // result fragments loaded at most to fill them
  var MAX_COMPOUNDS = 4;  // compounds searched for a word (the most frequent)
  var MAX_ALTS = 5;       // searches for one word at most (forms, synonyms, compounds)

  function siteBase() {
    var el = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(el.textContent).base || "."; } catch (e) { /* default */ }
    return new URL(base.replace(/\/?$/, "/"), document.baseURI || location.href);
  }

  /* ---- loading ------------------------------------------------------------------------ */
  var pagefind = null, words = null;
  function loadPagefind() {
    if (!pagefind) {
      var url = new URL("pagefind/pagefind.js", siteBase()).href;
      pagefind = import(url).then(function (pf) {
        return pf.options({ excerptLength: 22 }).then(function () { return pf; });
      });
    }
    return pagefind;
  }
  function loadWords() {
    if (!words) {
      /* gzip-compressed JSON (generator/export_site.py); without DecompressionStream, or
         without the file (a site built by another tool), search works without it. */
      words = fetch(new URL("assets/sok.ord", siteBase()).href)
        .then(function (r) {
          if (!r.ok || !window.DecompressionStream) return null;
          return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).json();
        })
        .catch(function () { return null; })
        .then(prepare);
    }
    return words;
  }

  /* The build's word data, as lookups. */
  function prepare(d) {
    var w = { lemma: new Map(), forms: new Map(), rank: new Map(), vocab: [], parts: new Map(), pages: new Map(), regionWords: new Map(),
              syn: new Map(), phrases: [], stop: new Set(), regions: {}, topics: [], help: {} };
    if (!d) return w;
    (d.ord || []).forEach(function (line, i) {
      var items = line.split(" "), lem = items[0], forms = [lem];
      for (var k = 1; k < items.length; k++) {
        var it = items[k];
        forms.push(it.charAt(0) === "=" ? it.slice(1) : lem.slice(0, lem.length - +it.charAt(0)) + it.slice(1));
      }
      w.forms.set(lem, forms);
      forms.forEach(function (f) {
        if (!w.lemma.has(f)) { w.lemma.set(f, lem); w.rank.set(f, i); w.vocab.push(f); }
      });
    });
    Object.keys(d.delar || {}).forEach(function (p) { w.parts.set(p, d.delar[p].split(" ")); });
    Object.keys(d.synonymer || {}).forEach(function (k) {
      w.syn.set(k, d.synonymer[k]);
      if (k.indexOf(" ") >= 0) w.phrases.push(k.split(" "));
      else if (!w.rank.has(k)) { w.rank.set(k, w.vocab.length); w.vocab.push(k); }
    });
    (d.termer || []).forEach(function (t) { if (t.indexOf(" ") >= 0) w.phrases.push(t.split(" ")); });
    w.phrases.sort(function (a, b) { return b.length - a.length; });
    (d.stopp || []).forEach(function (s) { w.stop.add(s); });
    w.regions = d.regioner || {};
    Object.keys(w.regions).forEach(function (id) {
      var names = [id].concat(w.regions[id].toLowerCase().split(/[^0-9a-zåäöéü]+/));
      names.forEach(function (n) {
        if (n.length < 4 || n === "region") return;
        [n, n.replace(/s$/, ""), plain(n), plain(n).replace(/s$/, "")].forEach(function (x) { w.regionWords.set(x, id); });
      });
    });
    w.topics = d.amnen || [];
    Object.keys(d.sidor || {}).forEach(function (id) { w.pages.set(id, d.sidor[id]); });
    w.help = d.hjalp || {};
    return w;
  }

  /* ---- query understanding ------------------------------------------------------------- */
  function plain(t) { return t.replace(/[åä]/g, "a").replace(/ö/g, "o").replace(/é/g, "e").replace(/ü/g, "u"); }

  function tokens(q) {
    return q.toLowerCase().replace(/[’`´]/g, "'").replace(/[^0-9a-zåäöéü\-' ]+/g, " ").split(/\s+/).map(function (t) {
      return t.replace(/^['-]+|['-]+$/g, "");
    }).filter(Boolean);
  }

  /* Damerau–Levenshtein distance, giving up above `max`. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          v = Math.min(v, prev2[j - 2] + 1);
        }
        cur[j] = v;
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  /* The nearest word of the site (or of the synonym list) within 1 edit (2 for long words);
     ties go to the more frequent word. */
  function correct(t, w) {
    if (t.length < 4 || /\d/.test(t)) return null;
    var max = t.length >= 8 ? 2 : 1, best = null, bestD = max + 1;
    for (var i = 0; i < w.vocab.length; i++) {
      var v = w.vocab[i];
      if (v.length < 3 || Math.abs(v.length - t.length) > max) continue;
      var dd = distance(t, v, Math.min(max, bestD));
      if (dd < bestD || (dd === bestD && dd <= max && w.rank.get(v) < w.rank.get(best))) { best = v; bestD = dd; }
    }
    return bestD <= max ? best : null;
  }

  /* A word the site does not use in this form: a known form after taking an ending off. */
  function known(t, w) {
    if (w.lemma.has(t) || w.syn.has(t)) return t;
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (t.length - s.length >= 3 && t.slice(-s.length) === s) {
        var stem = t.slice(0, -s.length);
        var tries = [stem, stem + "a", stem + "e"];
        for (var k = 0; k < tries.length; k++) if (w.lemma.has(tries[k]) || w.syn.has(tries[k])) return tries[k];
      }
    }
    return null;
  }

  /* What to search for one word: [{w, weight}], best first. The word as typed comes first
     when the site uses it (Pagefind knows its own forms best), then its lemma (which finds
     the forms that start like it), the forms that do not, and the compounds it is part of. */
  function alternatives(t, w) {
    var alts = [], seen = new Set();
    function add(x, weight) { if (!seen.has(x)) { seen.add(x); alts.push({ w: x, weight: weight }); } }
    function forms(word, weight) {
      var lem = w.lemma.get(word);
      if (!lem) { add(word, weight); return; }
      add(word, weight);
      add(lem, weight);
      var stem = lem.slice(0, Math.max(3, lem.length - 2));
      (w.forms.get(lem) || []).forEach(function (f) { if (f.indexOf(stem) !== 0) add(f, weight); });
      (w.parts.get(lem) || []).slice(0, MAX_COMPOUNDS).forEach(function (c) { add(c, weight * 0.5); });
    }
    if (w.syn.has(t) && w.lemma.has(t)) {
      add(t, 1);
      w.syn.get(t).forEach(function (target) { add(target, 0.9); });
      forms(t, 1);
    } else if (w.syn.has(t)) {
      w.syn.get(t).forEach(function (target) { add(target, 1); });
    } else {
      forms(t, 1);
    }
    return alts.slice(0, MAX_ALTS);
  }

  function understand(q, w) {
    var toks = tokens(q), units = [], corrected = false, i = 0;
    while (i < toks.length) {
      var phrase = null;
      for (var p = 0; p < w.phrases.length && !phrase; p++) {
        var ph = w.phrases[p];
        if (ph.length <= toks.length - i && ph.every(function (x, k) { return toks[i + k] === x; })) phrase = ph;
      }
      if (phrase) {
        var text = phrase.join(" ");
        var alts = w.syn.has(text) ? w.syn.get(text).map(function (x) { return { w: x, weight: 1 }; }) : [{ w: text, weight: 1 }];
        units.push({ typed: text, shown: text, alts: alts });
        i += phrase.length;
        continue;
      }
      units.push({ typed: toks[i], shown: toks[i], alts: null });
      i++;
    }
    var content = units.filter(function (u) { return u.alts || !w.stop.has(u.typed); });
    /* A region's name says which region's chapter the reader wants; the rest is the topic. */
    var region = null;
    var rest = content.filter(function (u) {
      var id = u.alts ? null : (w.regionWords.get(u.typed) || w.regionWords.get(u.typed.replace(/s$/, "")));
      if (id && !region) { region = id; return false; }
      return !(id && id === region);
    });
    if (region && rest.length) content = rest; else region = null;
    /* A word of one or two letters still being typed finds too much to say anything (and
       is slow at national scale): leave it out until it is longer, if there is more. */
    var tail = content.length ? content[content.length - 1] : null;
    var shortTail = tail && !tail.alts && tail === units[units.length - 1] && tail.typed.length < 3 &&
      !w.syn.has(tail.typed) && !/\d/.test(tail.typed);
    if (shortTail && (content.length > 1 || units.length > 1)) content = content.slice(0, -1);
    if (shortTail && content.length === 1 && units.length === 1) content = [];
    if (!content.length) {
      if (units.length > 1 || shortTail || w.stop.has(units[0].typed)) return { units: [], wait: true, corrected: false, region: null, shown: "" };
      content = units;
    }
    var last = content.length ? content[content.length - 1] : null;
    content.forEach(function (u) {
      if (u.alts) return;
      var t = u.typed, k = known(t, w);
      /* The word being typed: Pagefind finds what starts with it, no correction yet. */
      var typing = u === last && (t.length < 4 || w.vocab.some(function (v) { return v.length > t.length && v.indexOf(t) === 0; }));
      if (!k && !typing) {
        var c = correct(t, w);
        if (c) { k = c; u.shown = c; corrected = true; }
      }
      u.alts = k ? alternatives(k, w) : [{ w: t, weight: 1 }];
    });
    return { units: content, corrected: corrected, region: region,
             shown: content.map(function (u) { return u.shown; }).join(" ") };
  }

  /* ---- searching and ranking ------------------------------------------------------------- */
  /* `path` is a page's path from the site root ("ny/sekretess-och-samtycke/"). */
  function pageFactor(path) {
    if (/^[^/]+\/avtal\/[^/]+\//.test(path)) return 0.3;       /* example drafts */
    if (/(^|\/)(kallor|referenser)\//.test(path)) return 0.3;   /* lists of sources */
    return 1;
  }

  /* Pagefind's answer for a term, kept while the reader types on (the words already typed
     are not searched again at each keystroke). */
  var found = new Map();
  function find(pf, term) {
    if (!found.has(term)) {
      found.set(term, pf.search(term));
      if (found.size > 200) found.delete(found.keys().next().value);
    }
    return found.get(term);
  }

  /* A page's data (title, excerpt, headings) for a result, fetched once per page and query. */
  var pageData = new Map();
  function dataOf(r) {
    var key = r.id + " " + (r.words || []).join(",");
    if (!pageData.has(key)) {
      pageData.set(key, r.data());
      if (pageData.size > 200) pageData.delete(pageData.keys().next().value);
    }
    return pageData.get(key);
  }

  /* Each word on its own, with every alternative (forms, compounds, synonyms), merged by
     score; a page with all the words (in any of their alternatives) ranks first. This is
     Pagefind's all-words search and the word-by-word fallback in one: the words already
     typed are answered from the cache, so a keystroke costs one new search. */
  function searchAll(pf, u) {
    var jobs = [];
    u.units.forEach(function (unit, ui) {
      unit.alts.forEach(function (alt) {
        jobs.push(find(pf, alt.w).then(function (r) { return { ui: ui, alt: alt, res: r }; }));
      });
    });
    return Promise.all(jobs).then(function (all) {
      var perUnit = u.units.map(function () { return new Map(); });
      var df = u.units.map(function () { return 0; });
      all.forEach(function (j) {
        var top = j.res.results.length ? j.res.results[0].score : 1;
        df[j.ui] = Math.max(df[j.ui], j.res.results.length);
        j.res.results.forEach(function (r) {
          var s = j.alt.weight * r.score / top, m = perUnit[j.ui];
          if (!m.has(r.id) || m.get(r.id).s < s) m.set(r.id, { r: r, s: s });
        });
      });
      var scored = new Map(), many = u.units.length > 1;
      perUnit.forEach(function (m, ui) {
        var idf = many ? 1 / Math.log(2 + df[ui]) : 1;   /* a rare word says more about the page */
        m.forEach(function (v, id) {
          var cur = scored.get(id) || { r: v.r, score: 0, words: 0 };
          cur.score += idf * (1 + v.s);
          cur.words += 1;
          scored.set(id, cur);
        });
      });
      if (many) scored.forEach(function (x) { if (x.words === u.units.length) x.score += 100; });
      return scored;
    });
  }

  function placeOf(path, w) {
    var parts = path.split("#")[0].split("/").filter(Boolean);
    if (parts.length && Object.prototype.hasOwnProperty.call(w.regions, parts[0])) {
      return { region: parts[0], key: parts.slice(1).join("/") };
    }
    if (parts[0] === "ny" && parts.length > 1) return { region: "", key: parts.slice(1).join("/") };
    return { region: null, key: "/" + parts.join("/") };
  }

  function cleanTitle(t) { return (t || "").replace(/\s*¶\s*$/, ""); }

  function bestHeading(d) {
    var best = null, bestScore = -1;
    (d.sub_results || []).forEach(function (s) {
      var score = (s.weighted_locations || []).reduce(function (a, l) { return a + (l.balanced_score || l.weight || 0); }, 0);
      if (score > bestScore) { best = s; bestScore = score; }
    });
    return best;
  }

  /* Results grouped by topic. The build wrote which page each result is (w.pages: Pagefind's
     page id -> path), so only the pages shown are loaded (Pagefind's data()). */
  function groups(scored, w, asked) {
    var chosen = null;
    try { chosen = localStorage.getItem(REGION_KEY); } catch (e) { /* storage off */ }
    var wanted = asked || chosen;
    var out = [], byKey = new Map(), unknown = [];
    function add(x, path) {
      var place = placeOf(path, w), key = place.key + "|" + (place.region === null ? "x" : "r");
      var score = x.score * pageFactor(path) * (asked && place.region === asked ? 1.5 : 1);
      var g = byKey.get(key);
      if (!g) { g = { score: 0, pages: [] }; byKey.set(key, g); out.push(g); }
      g.score = Math.max(g.score, score);
      g.pages.push({ r: x.r, d: x.d || null, path: path, region: place.region, score: score });
    }
    scored.forEach(function (x, id) {
      if (w.pages.has(id)) add(x, w.pages.get(id)); else unknown.push(x);
    });
    /* Without the build's page list (another builder): load the best pages to know them. */
    unknown.sort(function (a, b) { return b.score - a.score; });
    var pre = Promise.all(unknown.slice(0, MAX_DATA).map(function (x) {
      return dataOf(x.r).then(function (d) { x.d = d; add(x, d.url.replace(/^\//, "")); });
    }));
    return pre.then(function () {
      out.forEach(function (g) {
        g.pages.sort(function (a, b) { return b.score - a.score; });
        /* The reader's region; else the national text, unless a region's chapter matches
           clearly better (its own addition on the topic); else the best page. */
        var national = g.pages.filter(function (p) { return p.region === ""; })[0];
        g.main = g.pages.filter(function (p) { return wanted && p.region === wanted; })[0]
          || (national && national.score * 1.05 >= g.pages[0].score ? national : g.pages[0]);
        g.others = g.pages.filter(function (p) { return p !== g.main && p.region !== null; }).sort(function (a, b) {
          function rank(p) { return p.region === wanted ? 0 : p.region === "" ? 1 : 2; }
          return rank(a) - rank(b) || regionName(a.region, w).localeCompare(regionName(b.region, w), "sv");
        });
      });
      out.sort(function (a, b) { return b.score - a.score; });
      var shown = out.slice(0, SHOWN);
      shown.total = out.length;
      return Promise.all(shown.map(function (g) {
        return g.main.d ? g.main.d : dataOf(g.main.r).then(function (d) { g.main.d = d; });
      })).then(function () {
        shown.forEach(function (g) {
          /* Pagefind's URL for the main page, less its path: the site's address. */
          var url = g.main.d.url, at = url.lastIndexOf(g.main.path);
          var prefix = at >= 0 && at + g.main.path.length === url.length ? url.slice(0, at) : "/";
          g.others.forEach(function (p) { p.href = prefix + p.path; });
        });
        return shown;
      });
    });
  }

  function regionName(id, w) { return id === "" ? "Nationell text" : (w.regions[id] || id); }

  /* ---- the box ------------------------------------------------------------------------------ */
  function setupSearch() {
    var inner = document.querySelector(".md-header__inner");
    if (!inner || document.getElementById("fc-sok")) return;
    var wrap = document.createElement("div");
    wrap.className = "fc-sok";
    wrap.setAttribute("role", "search");
    wrap.innerHTML =
      '<label for="fc-sok" class="fc-dold">Sök på sajten</label>' +
      '<input id="fc-sok" type="search" placeholder="Sök – ord eller fråga" autocomplete="off" spellcheck="false" ' +
      'aria-controls="fc-sok-resultat" aria-describedby="fc-sok-hjalp">' +
      '<span id="fc-sok-hjalp" class="fc-dold">Skriv ord eller en fråga. Piltangenterna flyttar mellan träffarna, Escape stänger.</span>' +
      '<div id="fc-sok-resultat" class="fc-sok-resultat" hidden><p role="status" aria-live="polite"></p>' +
      '<p class="fc-sok-rattat" hidden></p><ol></ol><div class="fc-sok-inget" hidden></div></div>';
    inner.insertBefore(wrap, inner.querySelector(".md-header__option, .md-header__source") || null);
    var input = wrap.querySelector("input");
    var box = wrap.querySelector(".fc-sok-resultat");
    var status = box.querySelector("p[role=status]");
    var fixed = box.querySelector(".fc-sok-rattat");
    var list = box.querySelector("ol");
    var none = box.querySelector(".fc-sok-inget");
    var timer = null, seq = 0, shownStatus = "";

    function close() { box.hidden = true; }
    function open() { box.hidden = false; }
    function link(href, cls, text) {
      var a = document.createElement("a");
      a.href = href;
      if (cls) a.className = cls;
      if (text) a.textContent = text;
      return a;
    }

    function render(q, u, shown, w) {
      list.innerHTML = "";
      none.hidden = true; none.innerHTML = "";
      fixed.hidden = !u.corrected;
      if (u.corrected) {
        fixed.textContent = "Visar resultat för ";
        var b = document.createElement("strong");
        b.textContent = u.shown;
        fixed.appendChild(b);
      }
      status.textContent = !shown.length ? "Inga träffar för " + q
        : shown.total > shown.length ? "Visar " + shown.length + " av " + shown.total + " träffar" : shown.length + " träffar";
      shownStatus = status.textContent;
      shown.forEach(function (g) {
        var d = g.main.d, li = document.createElement("li");
        var a = link(d.url, "fc-sok-traff");
        var t = document.createElement("span");
        t.className = "titel";
        t.textContent = cleanTitle(d.meta && d.meta.title) || d.url;
        a.appendChild(t);
        if (g.main.region !== null && g.main.region !== undefined) {
          var del = document.createElement("span");
          del.className = "del";
          del.textContent = regionName(g.main.region, w);
          a.appendChild(del);
        }
        var sub = bestHeading(d), ex = document.createElement("span");
        if (sub && cleanTitle(sub.title) !== cleanTitle(d.meta && d.meta.title)) {
          a.href = sub.url;
          var h = document.createElement("span");
          h.className = "fc-sok-rubrik";
          h.textContent = cleanTitle(sub.title);
          a.appendChild(h);
        }
        ex.className = "fc-sok-utdrag";
        /* Pagefind's excerpt: our own page text with <mark> around the words found. */
        ex.innerHTML = ((sub && sub.excerpt) || d.excerpt || "").replace(/¶/g, " ");
        a.appendChild(ex);
        li.appendChild(a);
        if (g.others.length) {
          var more = document.createElement("p");
          more.className = "fc-sok-andra";
          more.appendChild(document.createTextNode("Även: "));
          g.others.forEach(function (p, i) {
            if (i) more.appendChild(document.createTextNode(" · "));
            more.appendChild(link(p.href, "fc-sok-region", regionName(p.region, w)));
          });
          li.appendChild(more);
        }
        list.appendChild(li);
      });
    }

    /* Nothing found: the consent helper, the glossary and the three closest topics. */
    function suggest(pf, u, w) {
      var base = siteBase();
      var heads = u.units.map(function (x) { return x.alts[0].w.split(" ")[0].slice(0, 4); })
        .filter(function (h) { return h.length >= 3; });
      return Promise.all(heads.map(function (h) { return find(pf, h); })).then(function (all) {
        var score = new Map();
        all.forEach(function (res) { res.results.slice(0, 12).forEach(function (r) { score.set(r.id, (score.get(r.id) || { r: r, score: 0 })); score.get(r.id).score += r.score; }); });
        return groups(score, w);
      }).then(function (gs) {
        var topics = gs.filter(function (g) { return g.main.region !== null; }).slice(0, 3)
          .map(function (g) { return [cleanTitle(g.main.d.meta.title), g.main.d.url]; });
        w.topics.forEach(function (t) {
          if (topics.length < 3 && !topics.some(function (x) { return x[0] === t[0]; })) topics.push([t[0], new URL(t[1], base).href]);
        });
        none.innerHTML = "";
        var h = document.createElement("p");
        h.className = "fc-sok-inget-rubrik";
        h.textContent = "Hittade inget? Prova:";
        none.appendChild(h);
        var ul = document.createElement("ul");
        function item(href, text) { var li = document.createElement("li"); li.appendChild(link(href, "fc-sok-forslag", text)); ul.appendChild(li); }
        if (w.help.samtycke) item(new URL(w.help.samtycke, base).href, "Behöver jag samtycke? – svar för två yrken");
        if (w.help.ordlista) item(new URL(w.help.ordlista, base).href, "Ordlistan – begrepp och förkortningar");
        topics.forEach(function (t) { item(t[1], t[0]); });
        none.appendChild(ul);
        none.hidden = false;
      });
    }

    function run() {
      var q = input.value.trim();
      var mine = ++seq, started = performance.now();
      if (q.length < 2) { list.innerHTML = ""; close(); return Promise.resolve(); }
      open();
      status.textContent = "Söker …";
      return Promise.all([loadPagefind(), loadWords()]).then(function (loaded) {
        var pf = loaded[0], w = loaded[1], u = understand(q, w);
        if (u.wait) {  /* only question words, or a word just begun: keep what is shown */
          if (mine === seq) {
            status.textContent = list.children.length ? shownStatus : "Skriv ett ord till …";
            box.setAttribute("data-ms", "0");
            box.setAttribute("data-klar", q);
          }
          return;
        }
        return searchAll(pf, u).then(function (scored) { return groups(scored, w, u.region); }).then(function (shown) {
          if (mine !== seq) return;
          render(q, u, shown, w);
          return shown.length ? null : suggest(pf, u, w);
        }).then(function () {
          if (mine !== seq) return;
          box.setAttribute("data-ms", String(Math.round(performance.now() - started)));
          box.setAttribute("data-klar", q);
        });
      }).catch(function () {
        if (mine !== seq) return;
        status.textContent = location.protocol === "file:"
          ? "Sökningen fungerar när sajten visas via en webbserver (http), inte som en öppnad fil."
          : "Sökindexet kunde inte läsas in från webbservern. Bygg om webbplatsen med fcguide build (den skapar mappen pagefind/).";
        box.setAttribute("data-klar", q);
      });
    }
    /* For tests and the benchmark: search what is in the box now, without the typing pause. */
    window.fcSok = {
      sokNu: function () { clearTimeout(timer); return run(); },
      tolka: function (q) { return loadWords().then(function (w) { return understand(q, w); }); }
    };

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { var f = box.querySelector("a"); if (f) { e.preventDefault(); f.focus(); } }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter") { var first = list.querySelector("a"); if (first) { e.preventDefault(); location.href = first.href; } }
    });
    box.addEventListener("keydown", function (e) {
      var links = Array.prototype.slice.call(box.querySelectorAll("a"));
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

  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setupSearch); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setupSearch); }
  else { setupSearch(); }
})();
