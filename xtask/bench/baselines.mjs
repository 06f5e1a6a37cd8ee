// In-browser search libraries on a Plauder eval set, for comparison.
//
//   node baselines.mjs <kb.csv> <queries.csv>
//
// Prints one JSON line per library. Each phrasing is a document; the best
// document's entry is the answer (how a site would use these libraries).
// They cannot tell out-of-scope questions apart: they always answer.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const MiniSearch = require("minisearch");
const lunr = require("lunr");

/** RFC 4180 CSV: quoted cells, doubled quotes, CRLF or LF. */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell); rows.push(row); row = []; cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
  const [header, ...body] = rows.filter((r) => r.some((c) => c.trim() !== ""));
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), (r[i] ?? "").trim()])));
}

function evaluate(name, search, queries) {
  let first = 0, rr = 0, inScope = 0, oos = 0;
  const started = process.hrtime.bigint();
  for (const { query, expected_id: expected } of queries) {
    const ranked = [...new Set(search(query))];
    if (!expected) { oos++; continue; }
    inScope++;
    const rank = ranked.indexOf(expected);
    if (rank === 0) first++;
    if (rank >= 0) rr += 1 / (rank + 1);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const pct = (n, of) => (of ? Math.round((10000 * n) / of) / 100 : 0);
  return {
    system: name,
    n_in_scope: inScope,
    n_out_of_scope: oos,
    accuracy_at_1: pct(first, inScope),
    mrr: inScope ? Math.round((10000 * rr) / inScope) / 10000 : 0,
    in_scope_accuracy: pct(first, inScope),
    oos_recall: oos ? 0 : null,
    clarify_rate: 0,
    queries_per_second: Math.round(queries.length / seconds),
  };
}

const [kbPath, queriesPath] = process.argv.slice(2);
const kb = parseCsv(readFileSync(kbPath, "utf8")).map((row, i) => ({ id: i, entry: row.id, text: row.question }));
const queries = parseCsv(readFileSync(queriesPath, "utf8"));

const mini = new MiniSearch({ fields: ["text"], storeFields: ["entry"] });
mini.addAll(kb);
const miniSearch = (q) => mini.search(q, { fuzzy: 0.2, prefix: true }).map((r) => r.entry);
console.log(JSON.stringify(evaluate("MiniSearch 7.2 (fuzzy 0.2, prefix)", miniSearch, queries)));

const index = lunr(function () {
  this.ref("id");
  this.field("text");
  for (const doc of kb) this.add(doc);
});
const lunrSearch = (q) =>
  index
    .query((query) => lunr.tokenizer(q).forEach((token) => query.term(token.toString(), {})))
    .map((r) => kb[Number(r.ref)].entry);
console.log(JSON.stringify(evaluate("Lunr 2.3.9", lunrSearch, queries)));
