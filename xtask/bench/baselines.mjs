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
const Fuse = require("fuse.js");
const FlexSearch = require("flexsearch");
// Orama ships as an ES module only.
const orama = await import(require.resolve("@orama/orama"));

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

async function evaluate(name, search, queries) {
  let first = 0, rr = 0, inScope = 0, oos = 0;
  const started = process.hrtime.bigint();
  for (const { query, expected_id: expected } of queries) {
    const ranked = [...new Set(await search(query))];
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
    // They answer every question: out-of-scope ones are wrong answers.
    answer_precision: pct(first, inScope + oos),
    oos_recall: oos ? 0 : null,
    clarify_rate: 0,
    queries_per_second: Math.round(queries.length / seconds),
  };
}

const [kbPath, queriesPath] = process.argv.slice(2);
const kb = parseCsv(readFileSync(kbPath, "utf8")).map((row, i) => ({ id: i, entry: row.id, text: row.question }));
const allQueries = parseCsv(readFileSync(queriesPath, "utf8"));

/**
 * An even sample of the questions, so that phrasings × questions stays within
 * `work`: on the full KBs some libraries answer under 20 questions a second
 * (Fuse.js under 2). The name says when a library saw a sample.
 */
function sample(name, work) {
  const every = Math.max(1, Math.ceil((kb.length * allQueries.length) / work));
  const ordinal = every % 10 === 2 && every % 100 !== 12 ? "nd" : every % 10 === 3 && every % 100 !== 13 ? "rd" : "th";
  const label = every > 1 ? `${name} (every ${every}${ordinal} question)` : name;
  return [label, allQueries.filter((_, i) => i % every === 0)];
}
const WORK = 20_000_000;
let [label, queries] = sample("", WORK);
const named = (name) => name + label;

const mini = new MiniSearch({ fields: ["text"], storeFields: ["entry"] });
mini.addAll(kb);
const miniSearch = (q) => mini.search(q, { fuzzy: 0.2, prefix: true }).map((r) => r.entry);
console.log(JSON.stringify(await evaluate(named("MiniSearch 7.2 (fuzzy 0.2, prefix)"), miniSearch, queries)));

const index = lunr(function () {
  this.ref("id");
  this.field("text");
  for (const doc of kb) this.add(doc);
});
const lunrSearch = (q) =>
  index
    .query((query) => lunr.tokenizer(q).forEach((token) => query.term(token.toString(), {})))
    .map((r) => kb[Number(r.ref)].entry);
console.log(JSON.stringify(await evaluate(named("Lunr 2.3.9"), lunrSearch, queries)));

// Fuse.js with its defaults (fuzzy matching of the whole string, threshold
// 0.6). It compares every question with every phrasing: a smaller sample.
const fuse = new Fuse(kb, { keys: ["text"] });
const fuseSearch = (q) => fuse.search(q, { limit: 10 }).map((r) => r.item.entry);
const [fuseName, fuseQueries] = sample("Fuse.js 7.5", WORK / 10);
console.log(JSON.stringify(await evaluate(fuseName, fuseSearch, fuseQueries)));

// FlexSearch's default index; `suggest` returns documents that match some of
// the words, not only all of them (without it most questions get nothing).
const flex = new FlexSearch.Index();
kb.forEach((doc) => flex.add(doc.id, doc.text));
const flexSearch = (q) => flex.search(q, { limit: 10, suggest: true }).map((id) => kb[id].entry);
console.log(JSON.stringify(await evaluate(named("FlexSearch 0.8 (suggest)"), flexSearch, queries)));

// Orama with its defaults (BM25, English stemming off, tolerance 0).
const db = orama.create({ schema: { text: "string", entry: "string" } });
await orama.insertMultiple(db, kb.map((doc) => ({ text: doc.text, entry: doc.entry })));
const oramaSearch = async (q) =>
  (await orama.search(db, { term: q, properties: ["text"], limit: 10 })).hits.map((h) => h.document.entry);
console.log(JSON.stringify(await evaluate(named("Orama 3.1"), oramaSearch, queries)));
