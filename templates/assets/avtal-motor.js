/* Familjecentralsguiden: the agreement form's engine (issue 20). No DOM, no network.
 *
 * It interprets the bundle avtal/<region>.json (generator/form_bundle.py), made at build time
 * from the declarations `fcguide draft` uses: the region's rules, the clause library, the
 * glossary, the wordings of the agreement parts, the fixed text of the draft's layout and the
 * centre model's defaults. It knows no rule, clause or Swedish word of its own: it writes the
 * Markdown structure of templates/draft/agreement.md.j2 and templates/partials/draft_blocks.md.j2
 * around the texts of the bundle (drafts.LAYOUT and COLUMNS, formatting.WORDS and the rest).
 * tests/test_form_engine.py runs it and the Python on the same centres and compares.
 *
 *   FCAvtal.assess(bundle, centre)                -> the findings, form and levels
 *   FCAvtal.draftMarkdown(bundle, centre, {date, centreHash}) -> the draft, as `fcguide draft --format md`
 *   FCAvtal.centreHash(yamlText)                  -> Promise of sha256(UTF-8)[:12] in hex
 *
 * `centre` is the centre file parsed from YAML (dates as "YYYY-MM-DD"). `assess` takes a centre
 * still being filled in (what is missing is reported as the rules say); `draftMarkdown` needs a
 * valid one (checked against the centre JSON Schema first). `date` defaults to today.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.FCAvtal = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var NBSP = "\u00a0";
  var MISSING = {};
  var has = function (o, k) { return o != null && typeof o === "object" && Object.prototype.hasOwnProperty.call(o, k); };

  // --- formatting (generator/formatting.py) -----------------------------------------------

  function group(digits) {
    if (digits.length < 5) return digits;
    var head = digits.length % 3 || 3, out = digits.slice(0, head);
    for (var i = head; i < digits.length; i += 3) out += NBSP + digits.slice(i, i + 3);
    return out;
  }

  // The shortest text that reads back as x, without an exponent (as Python's repr + Decimal).
  function plain(x) {
    var s = String(x), m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
    if (!m) return s;
    var digits = m[1] + (m[2] || ""), exp = +m[3];
    if (exp < 0) return "0." + "0".repeat(-exp - 1) + digits;
    return digits + "0".repeat(Math.max(0, exp - digits.length + 1));
  }

  function numberSv(x) {  // a number (a yes or no is Fmt.show's)
    if (!isFinite(x)) return String(x);
    var sign = x < 0 ? "-" : "", text = plain(Math.abs(x)), parts = text.split(".");
    return sign + group(parts[0]) + (parts[1] ? "," + parts[1] : "");
  }

  function isNum(x) { return typeof x === "number"; }

  function unitFor(value, unit) {
    if (!unit) return "";
    if (typeof unit === "string") return unit;
    return isNum(value) && value === 1 ? unit[0] : unit[unit.length - 1];
  }

  function quantitySv(value, unit) {
    var u = unitFor(value, unit);
    return u ? numberSv(value) + NBSP + u : numberSv(value);
  }

  function fill(text, values) {  // {name} and {name.sub}, as rules.fill
    return text.replace(/\{([a-z_]+(?:\.[a-z0-9_-]+)?)\}/g, function (m, k) { return has(values, k) ? values[k] : m; });
  }

  function format(text, values) {  // str.format with named slots (the TEXT tables)
    return text.replace(/\{([a-z_]+)\}/g, function (m, k) { return String(values[k]); });
  }

  function Fmt(b) {
    var T = b.text, W = T.words;
    var f = {
      join: function (items) {  // formatting.join_sv
        items = items.map(String);
        if (!items.length) return "";
        return items.length === 1 ? items[0] : items.slice(0, -1).join(", ") + " " + W.and + " " + items[items.length - 1];
      },
      amount: function (x) { return quantitySv(x, W.currency); },
      month: function (n) { return T.months[n - 1]; },
      date: function (iso) {
        var p = String(iso).split("-");
        return +p[2] + " " + T.months[+p[1] - 1] + " " + +p[0];
      },
      op: function (o) { return has(T.operators, o) ? T.operators[o] : String(o); },
      ops: function (list) { return list.length ? f.join(list.map(f.op)) : W.none; },
      show: function (value, info, unit) {  // rules.show
        var kind = info ? info.type : null;
        if (unit == null) unit = info ? info.unit : null;
        if (Array.isArray(value)) {
          if (kind === "månader") return f.join(value.map(f.month));
          if (kind === "verksamheter") return f.ops(value);
          return f.join(value.map(function (v) { return f.show(v, info, unit); }));
        }
        if (typeof value === "boolean") return value ? W.yes : W.no;
        if (isNum(value)) return quantitySv(value, unit);
        if (kind === "verksamheter") return f.op(value);
        return String(value);
      }
    };
    return f;
  }

  // --- the centre with the model's defaults (form_bundle.defaults) -----------------------------

  function clone(x) { return x == null ? x : JSON.parse(JSON.stringify(x)); }

  function withDefaults(obj, spec) {
    var out = {};
    Object.keys(obj).forEach(function (k) { out[k] = obj[k]; });
    Object.keys(spec).forEach(function (k) {
      var s = spec[k];
      if (has(obj, k) && obj[k] !== undefined) {
        var v = obj[k];
        if (s.m && v && typeof v === "object" && !Array.isArray(v)) out[k] = withDefaults(v, s.m);
        else if (s.i && Array.isArray(v)) out[k] = v.map(function (x) { return x && typeof x === "object" ? withDefaults(x, s.i) : x; });
      } else if (has(s, "d")) {
        out[k] = clone(s.d);
      } else if (s.m) {
        out[k] = withDefaults({}, s.m);
      }
    });
    return out;
  }

  function orgNumber(value) {  // agreement_model._org_number, for a valid number
    if (value == null) return null;
    var d = String(value).replace(/\D/g, "");
    if (d.length === 12 && d.slice(0, 2) === "16") d = d.slice(2);
    return d.slice(0, 6) + "-" + d.slice(6);
  }

  function prepare(bundle, raw) {
    var c = withDefaults(raw || {}, bundle.centre);
    c.parties = (Array.isArray(c.parties) ? c.parties : []).map(function (p) {
      var q = {}; Object.keys(p || {}).forEach(function (k) { q[k] = p[k]; });
      q.org_number = orgNumber(p.org_number);
      q.board = p.board == null ? null : p.board;
      return q;
    });
    return c;
  }

  // --- the rules (generator/rules.py) --------------------------------------------------------

  function read(obj, path) {
    var parts = path.split("."), current = [obj], many = false;
    parts.forEach(function (part, idx) {
      var last = idx === parts.length - 1, next = [];
      current.forEach(function (item) {
        var value = item && typeof item === "object" && !Array.isArray(item) ? item[part] : undefined;
        if (value == null) return;
        if (Array.isArray(value) && (many || !last)) { next.push.apply(next, value); many = true; }
        else next.push(value);
      });
      current = next;
    });
    if (!current.length) return MISSING;
    if (many) return current;
    return Array.isArray(current[0]) ? current[0].slice() : current[0];
  }

  function eq(a, b) {  // Python's ==: true == 1
    if (typeof a === "boolean") a = +a;
    if (typeof b === "boolean") b = +b;
    return a === b;
  }

  function among(list, x) { return list.some(function (y) { return eq(x, y); }); }

  function test(cond, actual) {
    if (actual === MISSING || actual == null) return ["missing", []];
    var items = Array.isArray(actual) ? actual : [actual], want = cond.value, bad;
    switch (cond.compare) {
      case "ja":
        var ok = typeof actual === "boolean" ? actual : Array.isArray(actual) ? actual.length > 0 : true;
        return [ok ? "ok" : "fail", []];
      case "minst": bad = items.filter(function (a) { return !(isNum(a) && a >= want); }); break;
      case "högst": bad = items.filter(function (a) { return !(isNum(a) && a <= want); }); break;
      case "lika_med":
        bad = items.filter(function (a) { return !(eq(a, want) && (typeof a === "boolean") === (typeof want === "boolean")); });
        break;
      case "en_av": bad = items.filter(function (a) { return !among(want, a); }); break;
      default: bad = want.filter(function (w) { return !among(items, w); });
    }
    return [bad.length ? "fail" : "ok", bad];
  }

  function Rules(b, F) {
    var fields = {};
    b.fields.forEach(function (f) { fields[f.path] = f; });
    var T = b.text;

    function message(rule, cond, state, actual, bad) {
      var info = fields[cond.field], unit = cond.unit;
      var values = {
        label: rule.label, field: cond.field, value: has(cond, "shown") ? cond.shown : "",
        missing: cond.compare === "innehåller_alla" ? F.show(bad, info, unit) : "",
        actual: actual === MISSING ? "" : F.show(cond.compare === "en_av" ? bad : actual, info, unit)
      };
      var template = state === "missing"
        ? cond.missing || (cond.compare === "ja" ? cond.departure : null) || T.missing
        : cond.departure || T.departure[cond.compare];
      return fill(template, values);
    }

    function holds(cond, centre) { return test(cond, read(centre, cond.field))[0] === "ok"; }

    function short(rule, cond, state, bad) {
      if (cond.compare === "innehåller_alla" && state === "fail") return F.show(bad, fields[cond.field], cond.unit);
      return cond.departure ? fill(cond.departure, { label: rule.label, field: cond.field }) : cond.field;
    }

    function evaluate(rule, centre) {
      if (!rule.when.every(function (c) { return holds(c, centre); })) return [[], null];
      var out = [];
      for (var i = 0; i < rule.conditions.length; i++) {
        var cond = rule.conditions[i], actual = read(centre, cond.field), r = test(cond, actual);
        if (r[0] === "ok") continue;
        out.push({ field: cond.field, message: message(rule, cond, r[0], actual, r[1]) });
        if (r[0] === "missing") break;
      }
      var outcome = null, levels = rule.levels || [];
      if (levels.length) {
        var level = levels.filter(function (lv) { return lv.when.every(function (c) { return holds(c, centre); }); })[0];
        if (level) outcome = { level: level, reason: level.shown };
        else {
          var last = levels[levels.length - 1], failing = [];
          last.when.forEach(function (c) {
            var r = test(c, read(centre, c.field));
            if (r[0] !== "ok") failing.push([c, short(rule, c, r[0], r[1])]);
          });
          var missing = F.join(failing.map(function (x) { return x[1]; }));
          var reason = fill(T.level.no_level_reason, { label: last.label, missing: missing });
          outcome = { level: null, reason: reason };
          out.push({
            field: failing.length ? failing[0][0].field : last.when[0].field,
            message: rule.departure ? fill(rule.departure, { label: rule.label, missing: missing, reason: reason })
              : fill(T.level.no_level_departure, { label: rule.label, reason: reason })
          });
        }
      }
      return [out, outcome];
    }

    function clauseValues(rule, outcome) {  // rules.clause_values
      var values = {};
      Object.keys(rule.values).forEach(function (k) { values["rule." + k] = rule.values[k]; });
      values["rule.sentence"] = rule.sentence;
      if ((rule.levels || []).length) {
        if (outcome && outcome.level) {
          var lv = outcome.level;
          values["rule.level"] = lv.label;
          values["rule.result"] = fill(rule.result || T.level.level_result,
            { level: lv.label, value: lv.amount || "", reason: outcome.reason });
        } else {
          var reason = outcome ? outcome.reason : T.level.not_applicable;
          values["rule.level"] = T.level.no_level;
          values["rule.result"] = rule.no_result ? fill(rule.no_result, { reason: reason }) : reason;
        }
      }
      return values;
    }

    return { evaluate: evaluate, clauseValues: clauseValues };
  }

  // --- the assessment (generator/checks.py) ------------------------------------------------------

  function assessPrepared(b, c, F) {
    var R = Rules(b, F), T = b.text, justified = {}, findings = [], outcomes = [];
    (c.deviations || []).forEach(function (d) { if (d) justified[d.rule] = d.justification; });
    b.rules.forEach(function (rule) {
      var r = R.evaluate(rule, c);
      if (r[1]) outcomes.push({ rule: rule, level: r[1].level, reason: r[1].reason });
      if (rule.strength === "referens") return;
      r[0].forEach(function (d) {
        var why = has(justified, rule.id) ? justified[rule.id] : null;
        findings.push({
          rule: rule.id, field: d.field, strength: rule.strength, strength_label: rule.strength_label, status: rule.status, label: rule.label,
          message: d.message, justification: why, is_error: rule.strength === "ska" && !why,
          sentence: rule.sentence, sources: rule.source_texts
        });
      });
    });
    var form, reason, decided = outcomes.filter(function (o) { return o.rule.outcome === b.form_outcome; })[0];
    if (decided) {
      form = decided.level ? decided.level.label : null;
      reason = decided.reason;
    } else {
      var order = T.operator_order, have = order.filter(function (o) { return (c.colocated || []).indexOf(o) >= 0; });
      if (have.length === order.length) { form = T.form.full; reason = T.form.full_reason; }
      else { form = T.form.partial; reason = format(T.form.partial_reason, { operators: F.ops(have) }); }
    }
    return {
      form: form, form_reason: reason, findings: findings, _outcomes: outcomes,
      outcomes: outcomes.map(function (o) {
        return { rule: o.rule.id, label: o.rule.label, level: o.level ? o.level.id : null,
                 level_label: o.level ? o.level.label : null, value: o.level && o.level.amount || null, reason: o.reason };
      })
    };
  }

  function assess(bundle, centre) {
    var a = assessPrepared(bundle, prepare(bundle, centre), Fmt(bundle));
    delete a._outcomes;
    return a;
  }

  // --- the agreement parts (generator/agreement_parts.py) ------------------------------------------

  function Parts(b, c, raw, F) {
    var P = b.text.parts;
    var t = function (key, values) { return format(P[key], values || {}); };
    var V = function (text, suggested) { return { text: text, suggested: !!suggested }; };
    var given = function (section) { return has(raw, section); };
    // _v: a field's text, suggested when the field (or its whole section) was left out
    var v = function (section, name, text) { return V(text, !(given(section) && has(raw[section], name))); };
    var unit = function (id) { return c.parties.filter(function (p) { return p.id === id; })[0]; };
    var org = function (id) { var u = unit(id); return u ? u.organisation : null; };
    var partyName = function (id) { var u = unit(id); return u ? u.organisation + " (" + u.unit + ")" : null; };

    function defaultBoard(u) {
      if (u.huvudman === "region") return t("board_region");
      if (u.huvudman === "privat") return t("board_privat");
      var ops = u.operators.filter(function (o, i, a) { return a.indexOf(o) === i; });
      if (ops.length === 1 && ops[0] === "forebyggande_socialtjanst") return t("board_socialtjanst");
      if (ops.length === 1 && ops[0] === "oppen_forskola") return t("board_forskola");
      return t("board_kommun");
    }

    function contractingParties() {
      var groups = {}, keys = [], names = {};
      c.parties.forEach(function (u) {
        var nameKey = u.organisation.trim().split(/\s+/).join(" ").toLowerCase();
        var key = names[nameKey] || (u.org_number && names[u.org_number]) || nameKey;
        if (!has(names, nameKey)) names[nameKey] = key;
        if (u.org_number && !has(names, u.org_number)) names[u.org_number] = key;
        if (!has(groups, key)) { groups[key] = []; keys.push(key); }
        groups[key].push(u);
      });
      return keys.map(function (key) {
        var units = groups[key], number = units.map(function (u) { return u.org_number; }).filter(Boolean)[0];
        var boards = units.map(function (u) { return u.board ? V(u.board, false) : V(defaultBoard(u), true); });
        var sigs = [];
        units.forEach(function (u, i) {
          var s = { board: boards[i], title: u.signatory_title };
          if (!sigs.some(function (x) { return x.title === s.title && x.board.text === s.board.text && x.board.suggested === s.board.suggested; })) sigs.push(s);
        });
        return { organisation: units[0].organisation, org_number: V(number || t("org_number_missing"), false),
                 huvudman: units[0].huvudman, units: units, boards: boards, signatories: sigs };
      });
    }

    function steering() {
      var s = c.steering, n = s.meetings_per_year;
      var chair = s.chair === "roterande" ? t("chair_rotating") : t("chair_party", { party: partyName(s.chair) });
      return [[t("label_chair"), v("steering", "chair", chair)],
              [t("label_meetings"), v("steering", "meetings_per_year", t(n === 1 ? "meetings_one" : "meetings_many", { n: n }))],
              [t("label_convener"), v("steering", "convener", s.convener)],
              [t("label_minutes"), v("steering", "minutes_by", t("minutes", { who: s.minutes_by }))],
              [t("label_decisions"), v("steering", "decisions", t("decisions_" + s.decisions))]];
    }

    function competence() {
      var k = c.competence;
      return [k.activities, [
        [t("label_planning_days"), v("competence", "planning_days_per_year", t("planning_days", { n: k.planning_days_per_year }))],
        [t("label_cost"), v("competence", "cost", t("competence_cost_" + k.cost))]]];
    }

    function annualReport() {
      var a = c.annual_report;
      return [[t("label_prepared_by"), v("annual_report", "prepared_by", a.prepared_by)],
              [t("label_report_month"), v("annual_report", "month", t("report_month", { month: F.month(a.month) }))],
              [t("label_recipients"), v("annual_report", "recipients", a.recipients)],
              [t("label_dialogue"), v("annual_report", "dialogue", t(a.dialogue ? "dialogue_yes" : "dialogue_no"))]];
    }

    function economy() {
      var e = c.economy, g = given("economy");
      var costs = e.costs.map(function (cost) {
        var split = cost.split === "en_part" ? t("paid_by", { org: org(cost.party) }) : b.text.splits[cost.split];
        return [b.text.cost_items[cost.item],
                V(split + (cost.note ? t("cost_note", { note: cost.note }) : ""), !g),
                V(cost.amount_sek != null ? t("amount", { amount: F.amount(cost.amount_sek) }) : t("amount_missing"), !g)];
      });
      var inv = e.invoicing, rawE = raw.economy, rawInv = has(rawE, "invoicing") ? rawE.invoicing : undefined;
      var invGiven = g && has(rawE, "invoicing");
      var payer = org(inv.by) || org(c.premises.tenant) || t("tenant_unknown");
      var invoicing = t("invoicing", { payer: payer.charAt(0).toUpperCase() + payer.slice(1),
                                       when: t(inv.in_arrears ? "in_arrears" : "in_advance"), interval: inv.interval });
      return { financing: v("economy", "financing", e.financing), costs: costs,
               indexation: v("economy", "indexation", t("index_" + e.indexation, { note: e.indexation_note })),
               invoicing: V(invoicing, !(invGiven && has(rawInv, "by") && has(rawInv, "interval"))) };
    }

    function premises() {
      var p = c.premises, tenant = org(p.tenant), anyTenant = tenant || t("tenant_unknown");
      var rows = [[t("label_tenant"), tenant ? V(tenant, false) : V(t("tenant_suggested"), true)],
                  [t("label_sublet"), v("premises", "sublet", t(p.sublet ? "sublet_yes" : "sublet_no"))],
                  [t("label_coordination"), p.coordination_by ? V(org(p.coordination_by), false)
                    : V(t("coordination_suggested", { tenant: anyTenant }), true)],
                  [t("label_insurance"), p.insurance_by ? V(org(p.insurance_by), false) : V(anyTenant, true)]];
      var rooms = p.rooms.map(function (r) {
        var users = r.used_by.filter(function (u, i, a) { return a.indexOf(u) === i; });
        return [r.name, users.map(function (u) { return org(u) || u; }).join(", "), org(r.employer) || r.employer];
      });
      return { rows: rows, rooms: rooms };
    }

    function personalData() {
      return c.personal_data.records.map(function (r) {
        var who = r.controller === "var_och_en" || r.controller === "anordnande_part" ? t("controller_" + r.controller) : org(r.controller);
        return [r.what, V(who, !given("personal_data"))];
      });
    }

    function agreementValues() {  // placeholder_values: {agreement.*}
      var mark = function (value, section, name) {
        return given(section) && has(raw[section], name) ? value : t("suggested_mark", { text: value });
      };
      var x = c.extension, d = c.disputes, ext;
      if (x.max_months === 0) ext = t("extension_none");
      else if (x.how === "automatisk") ext = t("extension_automatic", { months: x.max_months, notice: c.dates.notice_months });
      else ext = t("extension_written", { months: x.max_months });
      return {
        "agreement.extension": given("extension") ? ext : t("suggested_mark", { text: ext }),
        "agreement.breach_days": mark(numberSv(c.breach.cure_days), "breach", "cure_days"),
        "agreement.dispute_first": mark(d.first, "disputes", "first"),
        "agreement.dispute_then": mark(d.then, "disputes", "then"),
        "agreement.dispute_court": mark(d.court, "disputes", "court")
      };
    }

    function undecided() {
      var out = b.text.section_order.filter(function (k) { return !given(k); }).map(function (k) { return b.text.sections[k]; });
      if (c.parties.some(function (u) { return u.org_number == null; })) out.unshift(t("undecided_org_number"));
      if (c.parties.some(function (u) { return u.board == null; })) out.unshift(t("undecided_board"));
      return out;
    }

    return {
      given: given, contractingParties: contractingParties, agreementValues: agreementValues, undecided: undecided,
      definitions: function () {
        return c.definitions.glossary.filter(function (id) { return has(b.terms, id); }).map(function (id) { return b.terms[id]; })
          .concat(c.definitions.own.map(function (d) { return [d.term, d.definition]; }));
      },
      steering: steering, competence: competence, annualReport: annualReport, economy: economy, premises: premises,
      personalData: personalData,
      attachments: function () {
        return c.attachments.map(function (a) { return V(a.title + (a.note ? t("attachment_note", { note: a.note }) : ""), !given("attachments")); });
      },
      development: function () { return c.development.map(function (x) { return V(x, !given("development")); }); }
    };
  }

  // --- the draft (generator/drafts.py and the two templates) ---------------------------------------------

  function endDate(iso, years) {  // drafts._end_date
    var p = iso.split("-").map(Number), y = p[0] + years, m = p[1], d = p[2];
    var leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    if (m === 2 && d === 29 && !leap) d = 28;
    var end = new Date(Date.UTC(y, m - 1, d) - 86400000);
    return end.toISOString().slice(0, 10);
  }

  var cell = function (s) { return String(s).replace(/\|/g, "\\|").replace(/\n/g, " "); };
  var head = function (s) { return String(s).replace(/\{/g, "&#123;").replace(/\}/g, "&#125;"); };
  function draftMarkdown(bundle, centre, options) {
    options = options || {};
    var b = bundle, raw = centre || {}, F = Fmt(b), c = prepare(b, raw), D = b.text.draft, R = Rules(b, F);
    var a = assessPrepared(b, c, F), parts = Parts(b, c, raw, F), region = b.region, g = region.guidance;
    var parties = parts.contractingParties(), rulesById = {};
    b.rules.forEach(function (r) { rulesById[r.id] = r; });
    // The fixed text of the draft's layout (drafts.LAYOUT, drafts.COLUMNS): Draft.say and Draft.table_head.
    var say = function (key, values) { return format(b.text.layout[key], values || {}); };
    var tableHead = function (name) {
      var cols = b.text.columns[name];
      return "| " + cols.join(" | ") + " |\n|" + "---|".repeat(cols.length) + "\n";
    };
    // agreement_parts.Value.shown: a suggestion marked as one
    var sv = function (value) { return value.suggested ? format(b.text.parts.suggested_mark, { text: value.text }) : value.text; };
    var rowsTable = function (items) {
      return tableHead("agreed") + items.map(function (r) { return "| " + r[0] + " | " + cell(sv(r[1])) + " |\n"; }).join("");
    };

    var co = c.coordinator, base = {
      "centre.name": c.name, "centre.kommun": c.kommun, "centre.address": c.address,
      "centre.form": a.form || D.centre_no_form, "centre.colocated": F.ops(c.colocated),
      "centre.opening_hours_per_week": numberSv(c.opening_hours_per_week),
      "centre.target_min_age": String(c.target_min_age), "centre.target_max_age": String(c.target_max_age),
      "centre.start": F.date(c.dates.start), "centre.end": F.date(endDate(c.dates.start, c.dates.duration_years)),
      "centre.duration_years": String(c.dates.duration_years), "centre.review_month": F.month(c.dates.review_month),
      "centre.notice_months": String(c.dates.notice_months),
      "region.name": region.name, "region.lan": region.lan,
      "guidance.title": g.title, "guidance.year": String(g.year), "guidance.version": g.version
    };
    if (co) {
      base["coordinator.profession"] = co.profession;
      base["coordinator.share_percent"] = numberSv(co.share_percent);
      if (co.appointed_years != null) base["coordinator.appointed_years"] = String(co.appointed_years);
    }
    if (c.summer) {
      base["summer.weeks"] = String(c.summer.weeks);
      base["summer.half_days_per_week"] = numberSv(c.summer.half_days_per_week);
    }
    var agreed = parts.agreementValues();

    function text(cl) {
      var own = base;
      if (cl.rule) {
        var rule = rulesById[cl.rule], outcome = a._outcomes.filter(function (o) { return o.rule.id === cl.rule; })[0];
        own = Object.assign({}, base, R.clauseValues(rule, outcome));
      }
      return cl.text.replace(/\{([a-z_]+(?:\.[a-z0-9_-]+)+)\}/g, function (m, name) {
        var value = name.indexOf("ref.") === 0 ? b.links[name.slice(4)] : (agreed[name] || own[name]);
        return value == null ? m : value;
      });
    }

    var deviations = a.findings.filter(function (f) { return f.strength === "ska" && f.justification; });
    var notes = a.findings.filter(function (f) { return f.strength === "bör"; });
    var unjustified = a.findings.filter(function (f) { return f.is_error; });
    var P = {
      definitions: parts.definitions(), steering: parts.steering(), competence: parts.competence(),
      development: parts.development(), annual_report: parts.annualReport(), economy: parts.economy(),
      premises: parts.premises(), personal_data: parts.personalData(), attachments: parts.attachments()
    };
    var orgOf = function (id) { return c.parties.filter(function (p) { return p.id === id; })[0].organisation; };
    var lines = function (list, f) { return list.map(f).join(""); };

    function block(name, closing) {
      switch (name) {
        case "parties":
          return lines(parties, function (party, i) {
            return say("party", { n: i + 1, organisation: party.organisation, org_number: sv(party.org_number),
                                  huvudman: b.text.huvudman[party.huvudman] || party.huvudman }) + "\n\n" +
              lines(party.units, function (u, k) {
                return "- " + say("party_unit", { unit: u.unit, operators: F.ops(u.operators), board: sv(party.boards[k]) }) + "\n";
              }) + "\n";
          });
        case "operator_responsibilities":
          return lines(c.parties, function (p) {
            return "**" + p.organisation + "** (" + p.unit + ") " + format(D.responsibility, { operators: F.ops(p.operators) }) + "\n\n";
          });
        case "coordinator":
          if (!co) return say("no_coordinator") + "\n";
          var appointment = D[co.written_appointment ? "appointment_written" : "appointment_unwritten"] +
            (co.appointed_years != null ? format(D.appointment_years, { years: co.appointed_years }) : "");
          var funding = co.funding === "lika_delar" ? D.funding_equal : (co.funding_note || D.funding_other);
          return tableHead("facts") + lines([[D.label_profession, co.profession],
            [D.label_share, quantitySv(co.share_percent, "%")], [D.label_appointment, appointment], [D.label_funding, funding]],
            function (r) { return "| " + r[0] + " | " + cell(r[1]) + " |\n"; });
        case "steering_group":
          return tableHead("steering_group") + lines(c.steering_group, function (m) { return "| " + cell(m.role) + " | " + cell(orgOf(m.party)) + " |\n"; });
        case "local_goals":
          return lines(c.local_goals, function (x) { return "- " + x + "\n"; });
        case "deviations":
          if (!deviations.length) return say("no_deviations") + "\n";
          return tableHead("deviations") +
            lines(deviations, function (f) { return "| " + cell(f.sentence) + " | " + cell(f.message) + " | " + cell(f.justification) + " |\n"; });
        case "signatures":
          return lines(parties, function (party) {
            return "### " + head(party.organisation) + " { .fc-underskriftspart }\n\n" +
              say("signature_org_number", { org_number: sv(party.org_number) }) + "\n\n" +
              lines(party.signatories, function (s) {
                return [say("signature_board", { board: sv(s.board) }), say("signature_place"), say("signature_sign"),
                        say("signature_name"), say("signature_title", { title: s.title })].join("\n\n") + "\n\n";
              });
          });
        case "definitions":
          return lines(P.definitions, function (d) { return "- **" + d[0] + "**: " + d[1] + "\n"; });
        case "steering_rules": return rowsTable(P.steering) + "\n";
        case "competence":
          return lines(P.competence[0], function (x) { return "- " + x + "\n"; }) + "\n" + rowsTable(P.competence[1]) + "\n";
        case "development": return lines(P.development, function (d) { return "- " + sv(d) + "\n"; });
        case "annual_report": return rowsTable(P.annual_report) + "\n";
        case "economy":
          var e = P.economy;
          return sv(e.financing) + "\n\n" + tableHead("costs") +
            lines(e.costs, function (r) { return "| " + r[0] + " | " + cell(sv(r[1])) + " | " + cell(sv(r[2])) + " |\n"; }) +
            "\n" + sv(e.indexation) + "\n\n" + sv(e.invoicing) + "\n";
        case "premises":
          var p = P.premises;
          return rowsTable(p.rows) + "\n" + (p.rooms.length ? "\n" + tableHead("rooms") +
            lines(p.rooms, function (r) { return "| " + cell(r[0]) + " | " + cell(r[1]) + " | " + cell(r[2]) + " |\n"; }) : "");
        case "personal_data":
          return tableHead("personal_data") +
            lines(P.personal_data, function (r) { return "| " + cell(r[0]) + " | " + cell(sv(r[1])) + " |\n"; });
        case "attachments":
          return lines(P.attachments, function (x, i) { return (i + 1) + ". " + say("attachment", { n: i + 1, text: sv(x) }) + "\n"; });
        case "checklists":
          return lines(closing ? closing.checklists : [], function (cl) {
            return "**" + cl[0] + "**\n\n" + tableHead("checklist") +
              lines(cl[1], function (r) { return "| " + cell(r[0]) + " | " + cell(r[1]) + " |\n"; }) + "\n";
          });
      }
      if (name.indexOf("rules:") === 0) {
        var topic = b.rules.filter(function (r) { return r.topic === name.slice(6) && r.strength !== "referens"; });
        if (!topic.length) return say("no_rules") + "\n";
        return lines(topic, function (r) { return "- **" + r.strength_label + ":** " + r.sentence + "\n"; });
      }
      return "";
    }

    function clause(cl) {
      var suggestions = cl.sections.filter(function (s) { return !parts.given(s); }).map(function (s) { return b.text.sections[s]; });
      var signatures = cl.show.indexOf("signatures") >= 0;
      return "## § " + head(cl.n) + " " + head(cl.title) + " { #paragraf-" + cl.n + (signatures ? " .fc-underskrifter" : "") + " }\n\n" +
        (suggestions.length ? say("clause_suggestions", { parts: F.join(suggestions) }) + "\n\n" : "") +
        text(cl) + "\n\n" + lines(cl.show, function (x) { return block(x) + "\n"; });
    }

    var today = new Date(), date = options.date ||
      [today.getFullYear(), ("0" + (today.getMonth() + 1)).slice(-2), ("0" + today.getDate()).slice(-2)].join("-");
    var out = "# " + head(format(D.title, { name: c.name })) + "\n\n" + say("draft_mark", { name: c.name, date: F.date(date) }) + "\n";
    if (c.example) {
      var numbered = c.parties.some(function (p) { return p.org_number; });
      out += "\n" + say("example", { org_numbers: numbered ? say("example_org_numbers") : "" }) + "\n";
    }
    out += "\n" + say("provenance", { title: g.title, region: region.name, year: g.year, version: g.version_text,
                                     revision: b.revision, centre_hash: options.centreHash || "" }) + "\n\n" +
      tableHead("facts") + lines([
        [say("fact_form"), cell(format(D.form, { form: a.form || D.no_form, reason: a.form_reason }))],
        [say("fact_kommun"), cell(c.kommun)], [say("fact_address"), cell(c.address)],
        [say("fact_hours"), quantitySv(c.opening_hours_per_week, [say("hours_one"), say("hours_many")])],
        [say("fact_period"), say("period", { start: F.date(c.dates.start), years: c.dates.duration_years })]
      ].concat(c.contact_email ? [[say("fact_email"), c.contact_email]] : []), function (r) { return "| " + r[0] + " | " + r[1] + " |\n"; }) + "\n";
    if (unjustified.length) {
      out += "!!! danger \"" + say("unjustified_title") + "\"\n" +
        lines(unjustified, function (f) { return "    - " + say("unjustified", { message: f.message, rule: cell(f.sentence) }) + "\n"; }) + "\n";
    }
    var open = parts.undecided();
    if (open.length) {
      out += "!!! note \"" + say("undecided_title") + "\"\n    " + say("undecided", { parts: F.join(open) }) + "\n\n";
    }
    var signing = b.clauses.filter(function (cl) { return cl.show.indexOf("signatures") >= 0; });
    out += lines(b.clauses.filter(function (cl) { return signing.indexOf(cl) < 0; }), function (cl) { return clause(cl) + "\n"; });
    if (notes.length) {
      out += "## " + say("notes_title") + " { #noteringar }\n\n" + say("notes") + "\n\n" +
        lines(notes, function (f) {
          return "- " + say("note", { message: f.message, rule: f.sentence }) +
            (f.justification ? say("note_justification", { justification: f.justification }) : "") + "\n";
        });
    }
    var closing = b.closing;
    if (closing) {
      out += "## " + head(closing.title) + " { #jamforelse }\n\n" + text(closing) + "\n\n" +
        lines(closing.show, function (x) { return block(x, closing) + "\n"; });
    }
    out += lines(signing, function (cl) { return clause(cl) + "\n"; });
    return out;
  }

  // --- the centre file's hash (issue 18: versions.centre_hash) -------------------------------------
  // Web Crypto where the page has it; a page served over plain http (a closed intranet) has no
  // crypto.subtle, so SHA-256 (FIPS 180-4) is also here, small and synchronous.

  var K = [];
  (function () {
    var n = 2, found = 0;
    while (found < 64) {
      var prime = true;
      for (var d = 2; d * d <= n; d++) if (n % d === 0) { prime = false; break; }
      if (prime) K[found++] = (Math.pow(n, 1 / 3) % 1) * 4294967296 | 0;
      n++;
    }
  })();

  function sha256Hex(bytes) {
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var len = bytes.length, total = ((len + 9 + 63) >> 6) << 6, m = new Uint8Array(total), w = new Array(64);
    m.set(bytes);
    m[len] = 0x80;
    var bits = len * 8;
    for (var i = 0; i < 8; i++) m[total - 1 - i] = i < 4 ? (bits >>> (8 * i)) & 255 : Math.floor(bits / 4294967296 / Math.pow(256, i - 4)) & 255;
    var rot = function (x, n) { return (x >>> n) | (x << (32 - n)); };
    for (var off = 0; off < total; off += 64) {
      for (var j = 0; j < 64; j++) {
        if (j < 16) w[j] = (m[off + 4 * j] << 24) | (m[off + 4 * j + 1] << 16) | (m[off + 4 * j + 2] << 8) | m[off + 4 * j + 3];
        else {
          var s0 = rot(w[j - 15], 7) ^ rot(w[j - 15], 18) ^ (w[j - 15] >>> 3);
          var s1 = rot(w[j - 2], 17) ^ rot(w[j - 2], 19) ^ (w[j - 2] >>> 10);
          w[j] = (w[j - 16] + s0 + w[j - 7] + s1) | 0;
        }
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (j = 0; j < 64; j++) {
        var t1 = (k + (rot(e, 6) ^ rot(e, 11) ^ rot(e, 25)) + ((e & f) ^ (~e & g)) + K[j] + w[j]) | 0;
        var t2 = ((rot(a, 2) ^ rot(a, 13) ^ rot(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h = [h[0] + a, h[1] + b, h[2] + c, h[3] + d, h[4] + e, h[5] + f, h[6] + g, h[7] + k].map(function (x) { return x | 0; });
    }
    return h.map(function (x) { return ("0000000" + (x >>> 0).toString(16)).slice(-8); }).join("");
  }

  function centreHash(yamlText) {
    var bytes = new TextEncoder().encode(yamlText);
    var subtle = typeof crypto !== "undefined" && crypto.subtle;
    if (!subtle) return Promise.resolve(sha256Hex(bytes).slice(0, 12));
    return subtle.digest("SHA-256", bytes).then(function (digest) {
      return Array.prototype.map.call(new Uint8Array(digest), function (x) { return ("0" + x.toString(16)).slice(-2); }).join("").slice(0, 12);
    });
  }

  return { assess: assess, draftMarkdown: draftMarkdown, centreHash: centreHash, sha256Hex: sha256Hex, format: 1 };
});
