// Runs the form's engine (templates/assets/avtal-motor.js) on cases read as JSON from stdin:
// {"bundles": {region: bundle}, "cases": [{"region", "centre", "date"}]} -> [{"assessment", "markdown"}]
// on stdout. One process for all cases (tests/test_form_engine.py).
"use strict";
const path = require("path");
const engine = require(path.join(__dirname, "..", "templates", "assets", "avtal-motor.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { bundles, cases } = JSON.parse(input);
  const out = cases.map(({ region, centre, date }) => {
    try {
      const b = bundles[region];
      return { assessment: engine.assess(b, centre), markdown: engine.draftMarkdown(b, centre, { date }) };
    } catch (e) {
      return { error: String(e && e.stack || e) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});
