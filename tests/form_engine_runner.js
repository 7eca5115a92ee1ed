// Runs the form's engine (templates/assets/avtal-motor.js) on cases read as JSON from stdin:
// {"bundles": {region: bundle}, "cases": [{"region", "centre", "date", "centreHash"}]}
// -> [{"assessment", "markdown"} or {"error"} in their place] on stdout. One process for all
// cases (tests/test_form_engine.py).
"use strict";
const path = require("path");
const engine = require(path.join(__dirname, "..", "templates", "assets", "avtal-motor.js"));

function attempt(f) {
  try {
    return f();
  } catch (e) {
    return { error: String((e && e.stack) || e) };
  }
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { bundles, cases } = JSON.parse(input);
  const out = cases.map(({ region, centre, date, centreHash }) => {
    const b = bundles[region];
    return {
      assessment: attempt(() => engine.assess(b, centre)),
      markdown: attempt(() => engine.draftMarkdown(b, centre, { date, centreHash })),
    };
  });
  process.stdout.write(JSON.stringify(out));
});
