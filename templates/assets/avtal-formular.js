/* Skapa ett avtalsutkast: the agreement form, drawn from avtal/<region>-formular.json
 * (generator/form_page.py: the centre model's JSON Schema with Swedish labels and help, and the
 * values `fcguide new-centre` suggests) and checked with avtal-motor.js (FCAvtal), which reads
 * the region's rule declarations (avtal/<region>.json). Nothing leaves the browser: both files
 * are read once when the page loads; downloads are made here (Blob), nothing is stored. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="fc-avtal"]');
  var host = document.getElementById("fc-avtal");
  if (!meta || !host) return;
  var script = document.currentScript;
  var siteRoot = new URL("../", script ? script.src : location.href);
  var region = meta.content;
  var MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                "oktober", "november", "december"];

  var spec, bundle = null, draft, agreed = {}, enabled = {}, touched = {}, fieldErrors = {};
  var els = {};

  // --- small helpers -------------------------------------------------------------------
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") e.textContent = v;
      else if (k === "on") Object.keys(v).forEach(function (ev) { e.addEventListener(ev, v[ev]); });
      else if (k in e && k !== "list" && typeof v !== "string") e[k] = v;
      else e.setAttribute(k, v === true ? "" : v);
    });
    (kids || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function clone(x) { return x === undefined ? undefined : JSON.parse(JSON.stringify(x)); }
  function getPath(obj, path) {
    return path.split(".").reduce(function (o, k) { return o == null ? undefined : o[k]; }, obj);
  }
  function setPath(obj, path, value) {
    var keys = path.split("."), o = obj;
    for (var i = 0; i < keys.length - 1; i++) {
      if (o[keys[i]] == null) o[keys[i]] = /^\d+$/.test(keys[i + 1]) ? [] : {};
      o = o[keys[i]];
    }
    if (value === undefined) delete o[keys[keys.length - 1]];
    else o[keys[keys.length - 1]] = value;
  }
  function fid(path) { return "fc-f-" + path.replace(/\./g, "-"); }
  function resolve(s) {
    if (s && s.$ref) s = Object.assign({}, spec.schema.$defs[s.$ref.split("/").pop()], s, { $ref: undefined });
    if (s && s.anyOf) {
      var kinds = s.anyOf.filter(function (a) { return a.type !== "null"; });
      var nullable = kinds.length < s.anyOf.length;
      var inner = kinds.length === 1 ? resolve(kinds[0]) : { type: "string", choices: kinds };
      return Object.assign({}, inner, { title: s.title || inner.title, description: s.description || inner.description,
                                        nullable: nullable, "default": s["default"] });
    }
    return s;
  }
  function label(v) { return spec.value_labels[v] || String(v).replace(/_/g, " "); }
  function slug(text) {  // generator/render.py slugify
    var t = text.replace(/[åäÅÄ]/g, "a").replace(/[öÖ]/g, "o").replace(/é/g, "e").replace(/ü/g, "u").toLowerCase();
    return t.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "sida";
  }

  // --- the centre object the form describes ---------------------------------------------
  function clean(x) {
    if (Array.isArray(x)) return x.map(clean);
    if (x && typeof x === "object") {
      var out = {};
      Object.keys(x).forEach(function (k) {
        var v = clean(x[k]);
        if (v === "" || v === null || v === undefined) return;
        out[k] = v;
      });
      return out;
    }
    return typeof x === "string" ? x.trim() : x;
  }
  function centre() {
    var c = clone(draft);
    Object.keys(spec.agreement_parts).forEach(function (k) { if (!agreed[k]) delete c[k]; });
    Object.keys(enabled).forEach(function (k) { if (!enabled[k]) delete c[k]; });
    c = clean(c);
    c.deviations = (c.deviations || []).filter(function (d) { return d.rule && d.justification; });
    if (!c.deviations.length) delete c.deviations;
    var ordered = {};
    Object.keys(spec.schema.properties).forEach(function (k) { if (k in c) ordered[k] = c[k]; });
    Object.keys(c).forEach(function (k) { if (!(k in ordered)) ordered[k] = c[k]; });
    return ordered;
  }
  function yamlText() {
    return spec.schema_line + "\n" + YAML.stringify(centre(), { lineWidth: 0 });
  }

  // --- drawing the form from the schema ----------------------------------------------------
  function describedBy(path) { return fid(path) + "-hjalp " + fid(path) + "-fel"; }
  function help(path, s) {
    return el("p", { "class": "fc-hjalp", id: fid(path) + "-hjalp", text: formHelp(s.description) });
  }
  // The descriptions are written for the centre file ("true: …", "(id under parties)"); the form
  // shows checkboxes and party lists instead, so the same sentence is read as the form reads.
  function formHelp(text) {
    return (text || "").replace(/^true: (\S)/, function (_, c) { return "Kryssa i om " + c; })
                       .replace(/ ?\(id under parties\)/g, "").replace(/\bparties\b/g, "Parter");
  }
  function partyField(s) { return /id under parties/.test(s.description || ""); }
  function errorLine(path) { return el("p", { "class": "fc-fel", id: fid(path) + "-fel", hidden: true }); }

  function onChange(path, value) {
    var top = path.split(".")[0];
    if (top in spec.agreement_parts && !agreed[top]) setAgreed(top, true);
    setPath(draft, path, value);
    touched[path] = true;
    if (top === "parties" && /\.(id|organisation)$/.test(path)) refreshPartyChoices();
    if (path === "name" && !touched.id) {
      draft.id = slug(value || "");
      var idBox = document.getElementById(fid("id"));
      if (idBox) idBox.value = draft.id;
    }
    update();
  }

  function scalar(path, s, required) {
    var value = getPath(draft, path), input, attrs = { id: fid(path), name: path, "aria-describedby": describedBy(path) };
    if (required) attrs["aria-required"] = "true";
    if (s.type === "boolean") {
      input = el("input", Object.assign(attrs, { type: "checkbox", checked: !!value,
        on: { change: function () { onChange(path, input.checked); } } }));
      return el("div", { "class": "fc-falt fc-kryss" }, [input, el("label", { "for": fid(path), text: s.title || path }),
                                                       help(path, s), errorLine(path)]);
    }
    if (partyField(s) && !s["enum"]) {
      // A reference to a party: chosen among the parties above (their ids), or a fixed choice.
      var fixed = [];
      (s.choices || []).forEach(function (c) { fixed = fixed.concat(c["enum"] || (c["const"] ? [c["const"]] : [])); });
      var ids = (draft.parties || []).map(function (p) { return p && p.id; }).filter(Boolean);
      if (value && ids.indexOf(value) < 0 && fixed.indexOf(value) < 0) ids.push(value);
      input = el("select", Object.assign(attrs, { "data-parter": "ja", on: { change: function () { onChange(path, input.value); } } }),
        (required ? [] : [el("option", { value: "", text: "(inget valt)" })]).concat(
          fixed.map(function (v) { return el("option", { value: v, text: label(v), selected: v === value }); }),
          ids.map(function (v) {
            var party = (draft.parties || []).filter(function (p) { return p && p.id === v; })[0];
            return el("option", { value: v, text: party && party.organisation ? party.organisation + " (" + v + ")" : v,
                                  selected: v === value });
          })));
    } else if (s["enum"]) {
      input = el("select", Object.assign(attrs, { on: { change: function () { onChange(path, input.value); } } }),
        (s.nullable || !required ? [el("option", { value: "", text: "(inget valt)" })] : []).concat(
          s["enum"].map(function (v) { return el("option", { value: v, text: label(v), selected: v === value }); })));
    } else if (s.type === "integer" || s.type === "number") {
      input = el("input", Object.assign(attrs, { type: "number", inputmode: s.type === "integer" ? "numeric" : "decimal",
        min: s.minimum, max: s.maximum, step: s.type === "integer" ? "1" : "any",
        value: value === undefined || value === null ? "" : String(value),
        on: { input: function () {
          var t = input.value.trim();
          onChange(path, t === "" ? undefined : Number(t));
        } } }));
    } else if (s.format === "date") {
      input = el("input", Object.assign(attrs, { type: "date", value: value || "",
        on: { input: function () { onChange(path, input.value); } } }));
    } else {
      var long = (s.maxLength || 20000) > 200 && /financing|justification|note|definition/.test(path);
      input = el(long ? "textarea" : "input", Object.assign(attrs, long ? { rows: 3 } : { type: "text" },
        { on: { input: function () { onChange(path, input.value); } } }));
      input.value = value == null ? "" : String(value);
      var ph = spec.placeholders[path];
      if (ph) input.setAttribute("placeholder", ph);
    }
    return el("div", { "class": "fc-falt" }, [el("label", { "for": fid(path), text: s.title || path }),
                                             help(path, s), errorLine(path), input]);
  }

  function checkGroup(path, s, options, toLabel) {
    var value = getPath(draft, path) || [];
    var boxes = options.map(function (opt, i) {
      var id = fid(path) + "-" + i;
      var box = el("input", { type: "checkbox", id: id, value: String(opt), checked: value.indexOf(opt) >= 0,
        on: { change: function () {
          var now = options.filter(function (o, j) { return document.getElementById(fid(path) + "-" + j).checked; });
          onChange(path, now);
        } } });
      return el("div", { "class": "fc-kryss" }, [box, el("label", { "for": id, text: toLabel(opt) })]);
    });
    return el("fieldset", { "class": "fc-falt fc-grupp", id: fid(path), tabindex: "-1", "aria-describedby": describedBy(path) },
      [el("legend", { text: s.title || path }), help(path, s), errorLine(path)].concat(boxes));
  }

  function lines(path, s) {
    var value = getPath(draft, path) || [];
    var box = el("textarea", { id: fid(path), rows: Math.max(3, value.length + 1), "aria-describedby": describedBy(path),
      on: { input: function () { onChange(path, box.value.split("\n").map(function (l) { return l.trim(); })
                                                    .filter(Boolean)); } } });
    box.value = value.join("\n");
    return el("div", { "class": "fc-falt" }, [el("label", { "for": fid(path), text: (s.title || path) + " (en per rad)" }),
                                             help(path, s), errorLine(path), box]);
  }

  function rows(path, s) {
    var item = resolve(s.items);
    var wrap = el("fieldset", { "class": "fc-rader", id: fid(path), tabindex: "-1", "aria-describedby": describedBy(path) },
                  [el("legend", { text: s.title || path }), help(path, s), errorLine(path)]);
    var list = getPath(draft, path) || [];
    list.forEach(function (_, i) {
      var p = path + "." + i;
      var row = el("div", { "class": "fc-rad" }, [el("p", { "class": "fc-radnamn", text: (s.title || path) + ", rad " + (i + 1) })]);
      row.appendChild(object(p, item, false));
      row.appendChild(el("button", { type: "button", "class": "md-button fc-liten",
        text: "Ta bort rad " + (i + 1), on: { click: function () {
          var arr = getPath(draft, path); arr.splice(i, 1); onChange(path, arr); redraw(path.split(".")[0]);
        } } }));
      wrap.appendChild(row);
    });
    wrap.appendChild(el("button", { type: "button", "class": "md-button fc-liten", text: "Lägg till en rad",
      on: { click: function () {
        var arr = getPath(draft, path) || [];
        arr.push(blankOf(item)); onChange(path, arr); redraw(path.split(".")[0]);
        var first = document.getElementById(fid(path + "." + (arr.length - 1)) + "-grupp");
        if (first) { var f = first.querySelector("input,select,textarea"); if (f) f.focus(); }
      } } }));
    return wrap;
  }
  function blankOf(s) {
    var out = {};
    Object.keys(s.properties || {}).forEach(function (k) {
      var p = resolve(s.properties[k]);
      if (p["default"] !== undefined) out[k] = clone(p["default"]);
      else if (p.type === "boolean") out[k] = false;
      else if (p.type === "array") out[k] = [];
      else if (p.type === "string" && (s.required || []).indexOf(k) >= 0) out[k] = "";
    });
    return out;
  }

  function object(path, s, legend) {
    var box = el(legend ? "fieldset" : "div", { "class": "fc-objekt", id: fid(path) + "-grupp" },
                 legend ? [el("legend", { text: s.title || path }), el("p", { "class": "fc-hjalp", text: s.description || "" })] : []);
    Object.keys(s.properties || {}).forEach(function (k) {
      box.appendChild(field(path + "." + k, s.properties[k], (s.required || []).indexOf(k) >= 0));
    });
    return box;
  }

  function field(path, raw, required) {
    var s = resolve(raw);
    if (s.type === "array") {
      var item = resolve(s.items || {});
      if (item["enum"]) return checkGroup(path, s, item["enum"], label);
      if (item.type === "integer") return checkGroup(path, s, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
                                                     function (n) { return MONTHS[n - 1]; });
      if (item.type === "object") return rows(path, s);
      return lines(path, s);
    }
    if (s.type === "object") return object(path, s, true);
    return scalar(path, s, required);
  }

  function setAgreed(name, on) {
    agreed[name] = on;
    var box = document.getElementById("fc-overens-" + name);
    if (box) box.checked = on;
  }
  function topField(name) {
    var s = resolve(spec.schema.properties[name]);
    var required = (spec.schema.required || []).indexOf(name) >= 0;
    var out = el("div", { "class": "fc-topp", id: "fc-topp-" + name });
    if (name in spec.agreement_parts) {
      var box = el("input", { type: "checkbox", id: "fc-overens-" + name, checked: !!agreed[name],
        on: { change: function () { agreed[name] = box.checked; update(); } } });
      out.appendChild(el("div", { "class": "fc-kryss fc-overens" }, [box, el("label", { "for": box.id,
        text: "Parterna är överens om " + (s.title || name).toLowerCase() +
              " (annars skriver utkastet förslaget nedan, märkt förslag)" })]));
    } else if (s.nullable && s.type === "object") {
      var on = el("input", { type: "checkbox", id: "fc-med-" + name, checked: !!enabled[name],
        on: { change: function () {
          enabled[name] = on.checked;
          if (on.checked && !draft[name]) draft[name] = blankOf(s);
          redraw(name); update();
        } } });
      out.appendChild(el("div", { "class": "fc-kryss fc-overens" }, [on, el("label", { "for": on.id, text: "Ta med: " + s.title })]));
      if (!enabled[name]) { out.appendChild(el("p", { "class": "fc-hjalp", text: s.description })); return out; }
    }
    out.appendChild(field(name, spec.schema.properties[name], required));
    return out;
  }
  function refreshPartyChoices() {
    Object.keys(spec.schema.properties).forEach(function (name) {
      if (name === "parties") return;
      var box = document.getElementById("fc-topp-" + name);
      if (box && box.querySelector("select[data-parter]")) redraw(name);
    });
  }
  function redraw(name) {
    var old = document.getElementById("fc-topp-" + name);
    if (old) old.replaceWith(topField(name));
  }

  // --- checks: the schema's own limits, then the region's rules (FCAvtal) --------------------
  // The schema's own limits, in the order the form shows the fields; a field in a row is named
  // with its row ("Parter, rad 2: fyll i organisation.").
  function validate(c, bare) {
    var errs = [];
    // In the form a row's field is named with its row; in an opened file the path names it.
    function say(where, text) { return where && !bare ? where + ": " + text.charAt(0).toLowerCase() + text.slice(1) : text; }
    function walk(path, raw, value, required, where) {
      var s = resolve(raw), title = s.title || path.split(".").pop();
      var empty = value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length && s.minItems);
      if (empty) { if (required || (Array.isArray(value) && s.minItems)) errs.push([path, say(where, "Fyll i " + title.toLowerCase() + "."), "saknas"]); return; }
      var want = s.type, got = Array.isArray(value) ? "array" : typeof value;
      var types = { integer: "number", number: "number", string: "string", "boolean": "boolean", array: "array", object: "object" };
      if (want && types[want] && types[want] !== got) {
        errs.push([path, say(where, title + ": " + ({ number: "skriv ett tal", string: "skriv en text", "boolean": "skriv true eller false",
                                          array: "skriv en lista", object: "skriv fälten under " + path.split(".").pop() })[types[want]] + ".")]);
        return;
      }
      if (s.type === "object" || s.properties) {
        Object.keys(value).forEach(function (k) {
          if (s.properties && !(k in s.properties)) errs.push([path + "." + k, say(where, k + ": okänt fält (finns: " + Object.keys(s.properties).join(", ") + ").")]);
        });
        Object.keys(s.properties || {}).forEach(function (k) {
          walk(path + "." + k, s.properties[k], value[k], (s.required || []).indexOf(k) >= 0, where);
        });
      } else if (s.type === "array") {
        if (s.minItems && value.length < s.minItems) errs.push([path, say(where, "Ange minst " + s.minItems + " för " + title.toLowerCase() + "."), "saknas"]);
        var item = resolve(s.items || {});
        if (item.type === "object") value.forEach(function (v, i) { walk(path + "." + i, s.items, v, true, title + ", rad " + (i + 1)); });
      } else if (typeof value === "number") {
        if (isNaN(value)) errs.push([path, say(where, title + ": skriv ett tal.")]);
        else if (s.minimum !== undefined && value < s.minimum) errs.push([path, say(where, title + ": minst " + s.minimum + ".")]);
        else if (s.maximum !== undefined && value > s.maximum) errs.push([path, say(where, title + ": högst " + s.maximum + ".")]);
        else if (s.type === "integer" && Math.floor(value) !== value) errs.push([path, say(where, title + ": skriv ett heltal.")]);
      } else if (typeof value === "string") {
        if (s.pattern && !new RegExp(s.pattern).test(value)) errs.push([path, say(where, title + " har fel form: " + formHelp(s.description))]);
        if (value.indexOf("Ändra till") === 0) errs.push([path, say(where, "Fyll i " + title.toLowerCase() + "."), "saknas"]);
      }
    }
    var order = [];
    spec.parts.forEach(function (part) { order = order.concat(part.fields); });
    Object.keys(spec.schema.properties).forEach(function (k) { if (order.indexOf(k) < 0) order.push(k); });
    order.forEach(function (k) {
      if (k === "region") return;
      walk(k, spec.schema.properties[k], c[k], (spec.schema.required || []).indexOf(k) >= 0, "");
    });
    return errs;
  }

  var lastAssessment = null;
  function assess(c) {
    if (!bundle || !window.FCAvtal) return null;
    try { return window.FCAvtal.assess(bundle, c); } catch (e) { return { error: String(e && e.message || e) }; }
  }
  function sourceText(s) {
    if (typeof s === "string") return s;
    return s.text || [s.short || s.title || s.source, s.section].filter(Boolean).join(", ");
  }
  function justification(rule) {
    var d = (draft.deviations || []).filter(function (x) { return x.rule === rule; })[0];
    return d ? d.justification : "";
  }
  function setJustification(rule, text) {
    var list = (draft.deviations || []).filter(function (x) { return x.rule !== rule; });
    if (text.trim()) list.push({ rule: rule, justification: text });
    draft.deviations = list;
    update();
  }
  function drawChecks(result) {
    var box = els.checks;
    var focusId = document.activeElement && document.activeElement.id;
    var caret = document.activeElement && document.activeElement.selectionStart;
    box.textContent = "";
    box.appendChild(el("h2", { id: "fc-kontroll-rubrik", text: "Kontroll mot regionens regler" }));
    if (!result) {
      box.appendChild(el("p", { text: "Regionens regler kunde inte läsas; kontrollen saknas." }));
      return;
    }
    if (result.error) { box.appendChild(el("p", { "class": "fc-fel", text: "Kontrollen kunde inte göras: " + result.error })); return; }
    if (result.form) box.appendChild(el("p", { text: "Verksamhetsform: " + result.form + (result.form_reason ? " (" + result.form_reason + ")" : "") + "." }));
    (result.outcomes || []).forEach(function (o) {
      // The rule that decides the form is shown as the form above.
      var decides = (bundle.rules || []).some(function (r) { return r.id === o.rule && r.outcome && r.outcome === bundle.form_outcome; });
      if (decides) return;
      var head = (o.label || o.rule) + ": ";
      var text = o.level_label
        ? "nivån " + o.level_label + (o.value ? ", " + o.value : "") + (o.reason ? " (" + o.reason + ")" : "") + "."
        : "ingen nivå" + (o.reason ? " (" + o.reason + ")" : "") + ".";
      box.appendChild(el("p", { "class": "fc-utfall" }, [el("strong", { text: head }), text]));
    });
    var findings = result.findings || [];
    if (!findings.length) box.appendChild(el("p", { "class": "fc-ok", text: "Uppgifterna följer regionens regler (ska och bör)." }));
    findings.forEach(function (f) {
      var ska = f.strength === "ska";
      var item = el("div", { "class": "fc-fynd " + (ska ? "fc-fynd-ska" : "fc-fynd-bor") });
      var rule = { label: f.label || f.rule };
      item.appendChild(el("p", {}, [el("strong", { text: (f.strength_label || f.strength) + ": " + rule.label + ". " }),
                                    f.message]));
      if (f.sources && f.sources.length) item.appendChild(el("p", { "class": "fc-kalla", text: "Källa: " + f.sources.map(sourceText).join("; ") }));
      if (ska) {
        var id = "fc-motivering-" + f.rule;
        var area = el("textarea", { id: id, rows: 3, "aria-describedby": id + "-hjalp",
          on: { input: function () { setJustification(f.rule, area.value); } } });
        area.value = justification(f.rule);
        item.appendChild(el("label", { "for": id, text: "Motivering för avvikelsen från " + f.rule }));
        item.appendChild(el("p", { "class": "fc-hjalp", id: id + "-hjalp", text: "Är avvikelsen avsiktlig? Skriv varför. Motiveringen står i utkastet, i en egen paragraf." }));
        item.appendChild(area);
      } else {
        item.appendChild(el("p", { "class": "fc-hjalp", text: "En notering i utkastet; utkastet kan skapas ändå." }));
      }
      box.appendChild(item);
    });
    if (focusId) {
      var again = document.getElementById(focusId);
      if (again && again !== document.activeElement) {
        again.focus();
        try { again.setSelectionRange(caret, caret); } catch (e) { /* not a text field */ }
      }
    }
  }

  // --- progress, errors, summary --------------------------------------------------------------
  function showFieldErrors(errs, show) {
    Object.keys(fieldErrors).forEach(function (p) {
      var line = document.getElementById(fid(p) + "-fel"), input = document.getElementById(fid(p));
      if (line) { line.hidden = true; line.textContent = ""; }
      if (input) input.removeAttribute("aria-invalid");
    });
    fieldErrors = {};
    errs.forEach(function (e) {
      fieldErrors[e[0]] = e[1];
      if (!show && !touched[e[0]]) return;
      var line = document.getElementById(fid(e[0]) + "-fel"), input = document.getElementById(fid(e[0]));
      if (line) { line.hidden = false; line.textContent = e[1]; }
      if (input) input.setAttribute("aria-invalid", "true");
    });
  }
  function progress(errs) {
    var done = 0;
    spec.parts.forEach(function (part) {
      var bad = errs.filter(function (e) { return part.fields.indexOf(e[0].split(".")[0]) >= 0; }).length;
      var status = document.getElementById("fc-del-status-" + part.id);
      if (status) status.textContent = bad ? " – " + bad + (bad === 1 ? " uppgift saknas" : " uppgifter saknas") : " – ifylld";
      if (!bad) done++;
    });
    els.progress.textContent = done + " av " + spec.parts.length + " delar ifyllda";
  }
  var submitted = false;
  function update() {
    var c = centre();
    var errs = validate(c);
    showFieldErrors(errs, submitted);
    progress(errs);
    lastAssessment = assess(c);   // also on a form still being filled in (what is missing, as the rules say)
    drawChecks(lastAssessment);
    els.downloads.hidden = true;
    return errs;
  }
  function ruleErrors() {
    return ((lastAssessment && lastAssessment.findings) || []).filter(function (f) { return f.is_error; })
      .map(function (f) { return ["motivering:" + f.rule, "Motivera avvikelsen från kravet " + f.rule + " eller ändra uppgiften."]; });
  }
  function summary(errs) {
    var box = els.summary;
    box.textContent = "";
    if (!errs.length) { box.hidden = true; return; }
    box.hidden = false;
    box.appendChild(el("h2", { id: "fc-fel-rubrik", tabindex: "-1", text: "Rätta " + errs.length + (errs.length === 1 ? " uppgift" : " uppgifter") + " innan utkastet kan skapas" }));
    var list = el("ul");
    errs.forEach(function (e) {
      var target = e[0].indexOf("motivering:") === 0 ? "fc-motivering-" + e[0].slice(11) : fid(e[0]);
      var a = el("a", { href: "#" + target, text: e[1], on: { click: function (ev) {
        ev.preventDefault(); focusField(target);
      } } });
      list.appendChild(el("li", {}, [a]));
    });
    box.appendChild(list);
  }
  function focusField(id) {
    var t = document.getElementById(id);
    if (!t) return;
    var d = t.closest("details");
    if (d) d.open = true;
    if (t.tagName === "FIELDSET") { var first = t.querySelector("input,select,textarea"); t = first || t; }
    t.focus();
    t.scrollIntoView({ block: "center" });
  }

  // --- the draft: Markdown, preview, downloads -------------------------------------------------
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  // The draft's Markdown uses Python-Markdown's extensions (attribute lists, admonitions);
  // marked knows neither, so they are turned into HTML it passes through. Python-Markdown links
  // no bare address (an e-mail or www. in the text stays text on the site and in `fcguide draft`'s
  // Word file): GFM's extended autolinks are off.
  var markdown = null;
  function toHtml(md) {
    markdown = markdown || new marked.Marked({ gfm: true, tokenizer: { url: function () { return undefined; } } });
    var out = [], lines = md.split("\n");
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i], m = /^!!! (\w+)(?: "(.*)")?\s*$/.exec(line);
      if (m) {
        var body = [];
        while (i + 1 < lines.length && (/^ {4}/.test(lines[i + 1]) || lines[i + 1] === "")) {
          if (lines[i + 1] === "" && !(i + 2 < lines.length && /^ {4}/.test(lines[i + 2]))) break;
          body.push(lines[++i].replace(/^ {4}/, ""));
        }
        out.push('<div class="admonition ' + m[1] + '">', "", '<p class="admonition-title">' + (m[2] || m[1]) + "</p>", "",
                 body.join("\n"), "", "</div>");
        continue;
      }
      var a = /^\{:?\s*([^}]*)\}\s*$/.exec(line);
      if (a && out.length) { out.push("<!--fc-attr " + a[1] + "-->"); continue; }
      line = line.replace(/\s*\{:?\s*((?:[.#][\w-]+\s*)+)\}\s*$/, function (_, attrs) { return " <!--fc-attr " + attrs.trim() + "-->"; });
      out.push(line);
    }
    var html = markdown.parse(out.join("\n"));
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    var walker = document.createTreeWalker(tpl.content, NodeFilter.SHOW_COMMENT), found = [];
    while (walker.nextNode()) found.push(walker.currentNode);
    found.forEach(function (c) {
      var mm = /^fc-attr (.*)$/.exec(c.data.trim());
      if (!mm) return;
      var target = c.parentNode !== tpl.content ? c.parentNode : c.previousElementSibling;
      var prev = c.previousSibling;
      while (prev && prev.nodeType === 3 && !prev.data.trim()) prev = prev.previousSibling;
      if (c.parentNode !== tpl.content && prev && prev.nodeType === 1 && prev.tagName === "A") target = prev;
      if (target) mm[1].split(/\s+/).forEach(function (t) {
        if (t[0] === ".") target.classList.add(t.slice(1));
        else if (t[0] === "#") target.id = t.slice(1);
      });
      if (prev && prev.nodeType === 3) prev.data = prev.data.replace(/\s+$/, "");
      c.remove();
    });
    tpl.content.querySelectorAll("script,iframe,object,embed,style").forEach(function (n) { n.remove(); });
    tpl.content.querySelectorAll("*").forEach(function (n) {
      Array.prototype.slice.call(n.attributes).forEach(function (at) {
        if (/^on/i.test(at.name) || (/^(href|src)$/.test(at.name) && /^\s*javascript:/i.test(at.value))) n.removeAttribute(at.name);
      });
    });
    return tpl.content;
  }
  function download(name, data, type) {
    var url = URL.createObjectURL(new Blob([data], { type: type }));
    var a = el("a", { href: url, download: name, hidden: true });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  }
  var made = null, word = null;
  function wordFile() {
    var d = today().split("-"), h1 = els.preview.querySelector("h1");
    return window.FCWord.docx(els.preview, word, { name: made.name, title: h1 ? h1.textContent : made.name,
      date: Number(d[2]) + " " + MONTHS[Number(d[1]) - 1] + " " + d[0], hash: made.hash });
  }
  function makeDraft() {
    submitted = true;
    var errs = update();
    var all = errs.concat(ruleErrors());
    showFieldErrors(errs, true);
    summary(all);
    if (all.length) {
      var first = all[0][0];
      focusField(first.indexOf("motivering:") === 0 ? "fc-motivering-" + first.slice(11) : fid(first));
      return Promise.resolve(null);
    }
    var c = centre(), text = yamlText();
    return window.FCAvtal.centreHash(text).then(function (hash) {
      var md = window.FCAvtal.draftMarkdown(bundle, c, { date: today(), centreHash: hash });
      made = { yaml: text, md: md, id: c.id, name: c.name, hash: hash };
      els.preview.textContent = "";
      els.preview.appendChild(toHtml(md));
      els.previewBox.hidden = false;
      els.downloads.hidden = false;
      els.status.textContent = "Utkastet är klart. Förhandsvisningen står nedanför knapparna.";
      return made;
    });
  }

  // --- opening a saved centre file ----------------------------------------------------------
  // The YAML library's messages in Swedish, for the errors a hand-edited file most often has.
  var YAML_ERRORS = {
    DUPLICATE_KEY: "samma fält står två gånger",
    BAD_INDENT: "fel indrag (mellanslag i början av raden)",
    TAB_AS_INDENT: "tabbtecken i indraget; använd mellanslag",
    MISSING_CHAR: "ett tecken saknas, t.ex. ett avslutande citattecken eller ]",
    MULTILINE_IMPLICIT_KEY: "ett fältnamn fortsätter på nästa rad; saknas ett kolon eller ett citattecken?",
    BLOCK_AS_IMPLICIT_KEY: "fel indrag eller ett kolon för mycket",
    UNEXPECTED_TOKEN: "oväntat tecken",
    BAD_SCALAR_START: "värdet börjar med ett tecken som måste stå inom citattecken",
    ALIAS_PROPS: "ogiltig hänvisning (alias)",
    BAD_ALIAS: "ogiltig hänvisning (alias)"
  };
  function openFile(file) {
    return file.text().then(function (text) { return loadText(text, file.name); });
  }
  function loadText(text, name) {
    var box = els.fileErrors;
    box.textContent = "";
    box.hidden = true;
    var doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    var problems = [];
    var lc = new YAML.LineCounter();
    YAML.parseDocument(text, { lineCounter: lc });
    doc.errors.forEach(function (e) {
      var line = e.linePos && e.linePos[0] ? e.linePos[0].line : (lc.linePos(e.pos[0]).line);
      problems.push(name + ":" + line + ": filen är inte giltig YAML: " + (YAML_ERRORS[e.code] || e.message.split("\n")[0].split(" at line")[0]));
    });
    var data = problems.length ? null : doc.toJS();
    if (!problems.length && (!data || typeof data !== "object" || Array.isArray(data))) problems.push(name + ":1: filen beskriver ingen familjecentral (väntade fält som name, parties och dates)");
    if (!problems.length) {
      Object.keys(data).forEach(function (k) {
        if (!(k in spec.schema.properties)) problems.push(name + ":" + lineOf(doc, lc, [k]) + ": " + k + ": okänt fält i en familjecentrals fil");
      });
      if (data.region && data.region !== spec.region) problems.push(name + ":" + lineOf(doc, lc, ["region"]) + ": region: filen gäller regionen \"" + data.region + "\"; öppna den i den regionens formulär");
      // What is still missing does not stop a file from opening (a form saved half-way is
      // continued); what the form cannot show (wrong types, unknown fields) does.
      validate(data, true).filter(function (e) { return e[2] !== "saknas"; }).forEach(function (e) {
        var keys = e[0].split(".").map(function (k) { return /^\d+$/.test(k) ? Number(k) : k; });
        problems.push(name + ":" + lineOf(doc, lc, keys) + ": " + e[0] + ": " + e[1]);
      });
    }
    if (problems.length) {
      box.hidden = false;
      box.appendChild(el("h3", { tabindex: "-1", text: "Filen kunde inte öppnas" }));
      box.appendChild(el("ul", {}, problems.map(function (p) { return el("li", { text: p }); })));
      box.firstChild.focus();
      return false;
    }
    start(data);
    var missing = validate(centre()).length;
    els.status.textContent = "Öppnade " + name + "." + (missing ? " " + missing + (missing === 1 ? " uppgift saknas" : " uppgifter saknas") + " fortfarande." : "");
    return true;
  }
  function lineOf(doc, lc, keys) {
    for (var n = keys.length; n > 0; n--) {
      var node = doc.getIn(keys.slice(0, n), true);
      if (node && node.range) return lc.linePos(node.range[0]).line;
      var parent = n > 1 ? doc.getIn(keys.slice(0, n - 1), true) : doc.contents;
      if (parent && parent.items) {
        var pair = parent.items.filter(function (p) { return p.key && p.key.value === keys[n - 1]; })[0];
        if (pair && pair.key.range) return lc.linePos(pair.key.range[0]).line;
      }
    }
    return 1;
  }

  // --- the page ------------------------------------------------------------------------------
  function start(data) {
    draft = clone(data);
    agreed = {}; enabled = {}; touched = {}; submitted = false;
    Object.keys(spec.agreement_parts).forEach(function (k) {
      agreed[k] = k in data;
      if (!(k in data)) draft[k] = clone(spec.agreement_parts[k]);
    });
    Object.keys(spec.schema.properties).forEach(function (k) {
      var s = resolve(spec.schema.properties[k]);
      if (s.nullable && s.type === "object") enabled[k] = draft[k] != null;
    });
    draft.region = data.region || spec.region;
    if (data.id) touched.id = true;
    els.parts.textContent = "";
    spec.parts.forEach(function (part, i) {
      var d = el("details", { "class": "fc-del", id: "fc-del-" + part.id, open: i < 2 },
        [el("summary", {}, [el("span", { text: (i + 1) + ". " + part.title }),
                            el("span", { "class": "fc-del-status", id: "fc-del-status-" + part.id })])]);
      part.fields.forEach(function (name) { d.appendChild(topField(name)); });
      els.parts.appendChild(d);
    });
    els.summary.hidden = true;
    els.previewBox.hidden = true;
    update();
  }

  function page() {
    host.hidden = false;
    var noJs = document.getElementById("fc-avtal-utan");
    if (noJs) noJs.hidden = true;
    els.progress = el("p", { "class": "fc-framsteg", role: "status" });
    els.status = el("p", { "class": "fc-status", role: "status" });
    els.summary = el("div", { "class": "fc-felsammanfattning", role: "alert", hidden: true });
    els.fileErrors = el("div", { "class": "fc-felsammanfattning", role: "alert", hidden: true });
    var fileInput = el("input", { type: "file", id: "fc-oppna", accept: ".yaml,.yml,text/yaml",
      on: { change: function () { if (fileInput.files[0]) openFile(fileInput.files[0]); fileInput.value = ""; } } });
    // The browser's own file button speaks the browser's language; ours is a label in Swedish.
    fileInput.className = "fc-dold";
    fileInput.setAttribute("aria-describedby", "fc-oppna-hjalp");
    var open = el("div", { "class": "fc-oppna" }, [
      el("h2", { id: "fc-oppna-rubrik", text: "Öppna en sparad fil" }),
      el("p", { "class": "fc-hjalp", id: "fc-oppna-hjalp", text: "En familjecentrals fil (YAML) som formuläret eller fcguide new-centre har skrivit. Filen läses bara i webbläsaren." }),
      fileInput,
      el("label", { "for": "fc-oppna", "class": "md-button", text: "Öppna en sparad fil …" })]);
    els.parts = el("div", { "class": "fc-delar" });
    els.checks = el("section", { "class": "fc-kontroll", "aria-labelledby": "fc-kontroll-rubrik", "aria-live": "polite" });
    var makeBtn = el("button", { type: "submit", "class": "md-button md-button--primary", text: "Skapa utkastet" });
    var saveBtn = el("button", { type: "button", "class": "md-button", text: "Spara familjecentralens fil (YAML)",
      on: { click: function () { download((centre().id || "familjecentral") + ".yaml", yamlText(), "text/yaml;charset=utf-8"); } } });
    els.downloads = el("div", { "class": "fc-nedladdning", hidden: true }, [
      el("button", { type: "button", "class": "md-button md-button--primary", id: "fc-ladda-word", text: "Ladda ned Word-dokumentet",
        on: { click: function () { if (made) download(made.id + ".docx", wordFile(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"); } } }),
      el("button", { type: "button", "class": "md-button", id: "fc-ladda-md", text: "Ladda ned Markdown",
        on: { click: function () { if (made) download(made.id + ".md", made.md, "text/markdown;charset=utf-8"); } } }),
      el("button", { type: "button", "class": "md-button", id: "fc-ladda-yaml", text: "Ladda ned familjecentralens fil (YAML)",
        on: { click: function () { if (made) download(made.id + ".yaml", made.yaml, "text/yaml;charset=utf-8"); } } }),
      el("button", { type: "button", "class": "md-button", text: "Skriv ut utkastet", on: { click: function () { window.print(); } } })]);
    els.preview = el("div", { "class": "fc-utkast", id: "fc-utkast" });
    els.previewBox = el("section", { "class": "fc-forhandsvisning", "aria-labelledby": "fc-utkast-rubrik", hidden: true },
      [el("h2", { id: "fc-utkast-rubrik", text: "Förhandsvisning av utkastet" }), els.preview]);
    var form = el("form", { "class": "fc-formular", novalidate: true, "aria-label": "Avtalsutkast",
      on: { submit: function (ev) { ev.preventDefault(); makeDraft(); } } },
      [els.summary, els.progress, els.parts, els.checks,
       el("div", { "class": "fc-knappar" }, [makeBtn, saveBtn]), els.status, els.downloads]);
    host.appendChild(open);
    host.appendChild(els.fileErrors);
    host.appendChild(el("h2", { id: "fc-formular-rubrik", text: "Fyll i uppgifterna" }));
    form.setAttribute("aria-labelledby", "fc-formular-rubrik");
    form.removeAttribute("aria-label");
    host.appendChild(form);
    host.appendChild(els.previewBox);
    start(clone(spec.start));
  }

  function getJson(rel) {
    return fetch(new URL(rel, siteRoot)).then(function (r) {
      if (!r.ok) throw new Error(rel + ": " + r.status);
      return r.json();
    });
  }
  getJson("avtal/" + region + "-formular.json").then(function (s) {
    spec = s;
    return Promise.all([
      getJson("avtal/" + region + ".json").then(function (b) { bundle = b; }, function () { bundle = null; }),
      getJson("avtal/" + region + "-word.json").then(function (w) { word = w; }, function () { word = null; })]);
  }).then(page, function () {
    var noJs = document.getElementById("fc-avtal-utan");
    if (noJs) noJs.hidden = false;
  });
  // For the browser tests and for anyone who wants to script the form.
  window.FCFormular = { load: function (text, name) { return loadText(text, name || "fil.yaml"); },
                        make: function () { return makeDraft(); }, yaml: function () { return yamlText(); },
                        centre: function () { return centre(); }, assessment: function () { return lastAssessment; } };
})();
