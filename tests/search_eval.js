/* Runs queries through the site's search box (templates/assets/search.js) in one page:
   each query is put in the box and searched as if typed; returns, per query, the result
   links (site paths, best first), the correction shown and the time the search took.
   Used by tests/test_browser.py and bench/run.py. */
async (queries) => {
  const input = document.getElementById("fc-sok");
  const box = document.getElementById("fc-sok-resultat");
  const base = new URL(document.querySelector("link[rel=stylesheet][href*='search.css']").href);
  const root = new URL("../", base).pathname;
  const out = [];
  for (const q of queries) {
    input.value = q;
    await window.fcSok.sokNu();
    const fixed = box.querySelector(".fc-sok-rattat");
    out.push({
      q: q,
      ms: Number(box.getAttribute("data-ms")),
      fixed: fixed.hidden ? "" : fixed.textContent,
      top: Array.from(box.querySelectorAll("li > a.fc-sok-traff")).map(a => {
        const p = new URL(a.href).pathname;
        return "/" + p.slice(root.length).replace(/^\/|\/$/g, "") + (p.slice(root.length).replace(/^\/|\/$/g, "") ? "/" : "");
      }),
      suggestions: Array.from(box.querySelectorAll(".fc-sok-forslag")).length,
      excerpts: Array.from(box.querySelectorAll(".fc-sok-utdrag")).map(e => e.textContent),
    });
  }
  return out;
}
