// The soak: one page session of the demo site asks many questions (answers, clarifies and
// handoffs, the panel closed and opened again every 40), and reports memory and time per answer
// over the run: the page's and the answering worker's JavaScript heap and array-buffer memory
// (wasm memory is an array buffer) after a forced garbage collection, the p95 per block of
// 1,000 questions, and every console message and page error.
//   node soak.mjs <url> [questions]
// Prints one JSON line.
import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const [url, total = "10000"] = process.argv.slice(2);
const QUESTIONS = Number(total);
const WARM_UP = 200;
const BLOCK = 1000;

// The demo's coffee shop: phrasings and paraphrases (answers), single words (clarifies),
// requests for a person and off-topic questions (handoffs).
const ASKED = [
  "How long does delivery take?", "when will my coffee get here", "Is shipping free?",
  "can you send coffee to switzerland", "where is my package", "Which grind should I choose?",
  "what grind for a french press", "how do I keep beans fresh", "Do you have decaf?",
  "coffee without caffeine", "Can I pay with PayPal?", "do you take credit cards",
  "shipping", "coffee", "order", "pay",
  "I want to talk to a human", "can I speak to someone please",
  "what is the weather in Paris tomorrow", "who won the football match", "asdf qwer zxcv",
  "Wie lange dauert der Versand?", "😀☕", "<script>alert(1)</script> where is my order",
];

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "plauder-soak-")), {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 390, height: 844 },
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const page = await context.newPage();
const consoleMessages = [];
page.on("console", (m) => consoleMessages.push(m.type() + ": " + m.text()));
page.on("pageerror", (e) => consoleMessages.push("pageerror: " + e.message));
// A failed request names its address (the console's own message does not).
page.on("response", (r) => { if (r.status() >= 400) consoleMessages.push("HTTP " + r.status() + " " + r.url()); });

// The worker, reached through the page's DevTools session (not flattened: one session each).
const cdp = await context.newCDPSession(page);
let workerSession = null;
let nextId = 1;
const pending = new Map();
cdp.on("Target.attachedToTarget", (e) => {
  if (e.targetInfo.type === "worker") workerSession = e.sessionId;
});
cdp.on("Target.receivedMessageFromTarget", (e) => {
  const message = JSON.parse(e.message);
  if (message.id && pending.has(message.id)) {
    pending.get(message.id)(message.result || {});
    pending.delete(message.id);
  }
  if (message.method === "Runtime.consoleAPICalled") {
    const text = message.params.args.map((a) => a.value ?? a.description ?? "").join(" ");
    consoleMessages.push("worker " + message.params.type + ": " + text);
  }
  if (message.method === "Runtime.exceptionThrown") {
    consoleMessages.push("worker exception: " + message.params.exceptionDetails.text);
  }
});
await cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });

function inWorker(method, params = {}) {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    cdp.send("Target.sendMessageToTarget", { sessionId: workerSession, message: JSON.stringify({ id, method, params }) });
  });
}

// The bytes of every WebAssembly memory alive in a context (found by their prototype).
async function wasmBytes(send) {
  const proto = await send("Runtime.evaluate", { expression: "WebAssembly.Memory.prototype" });
  const found = await send("Runtime.queryObjects", { prototypeObjectId: proto.result.objectId });
  const sum = await send("Runtime.callFunctionOn", {
    objectId: found.objects.objectId, returnByValue: true,
    functionDeclaration: "function () { return this.reduce((s, m) => s + m.buffer.byteLength, 0); }",
  });
  return sum.result.value;
}

async function memory() {
  await cdp.send("HeapProfiler.collectGarbage");
  const pageHeap = await cdp.send("Runtime.getHeapUsage");
  const dom = await cdp.send("Memory.getDOMCounters");
  let worker = { usedSize: NaN, backingStorageSize: NaN };
  let workerWasm = NaN;
  if (workerSession) {
    await inWorker("HeapProfiler.collectGarbage");
    worker = await inWorker("Runtime.getHeapUsage");
    workerWasm = await wasmBytes(inWorker);
  }
  return {
    page_js: pageHeap.usedSize, page_buffers: pageHeap.backingStorageSize,
    page_wasm: await wasmBytes((m, p) => cdp.send(m, p)), dom_nodes: dom.nodes,
    worker_js: worker.usedSize, worker_buffers: worker.backingStorageSize, worker_wasm: workerWasm,
  };
}

await page.goto(url, { waitUntil: "load" });
await page.locator("[data-plauder] >> css=button.bubble").waitFor();

// Asks `questions` one after another, each once the last is answered and drawn; closes and
// opens the panel every 40. Returns each question's time (ms) and the decisions' kinds.
async function ask(questions, offset) {
  return page.evaluate(async ({ questions, offset }) => {
    const times = [];
    const kinds = {};
    for (let i = 0; i < questions.length; i++) {
      if ((offset + i) % 40 === 39) {
        await window.Plauder.close();
        await new Promise((r) => requestAnimationFrame(r));
        await window.Plauder.open();
      }
      const answered = new Promise((r) => window.addEventListener("plauder:answer", (e) => r(e.detail), { once: true }));
      const start = performance.now();
      window.Plauder.ask(questions[i]);
      const detail = await answered;
      await new Promise((r) => requestAnimationFrame(r));
      times.push(performance.now() - start);
      const kind = detail.kind === "handoff" ? "handoff (" + detail.reason + ")" : detail.kind;
      kinds[kind] = (kinds[kind] || 0) + 1;
    }
    return { times, kinds };
  }, { questions, offset });
}

const questionsFrom = (from, n) => Array.from({ length: n }, (_, i) => ASKED[(from + i) % ASKED.length]);

// Warm up: the panel open, the conversation at its length limit, the encoder in (when the site
// and connection allow it), every code path taken once.
await ask(questionsFrom(0, WARM_UP), 0);
for (let i = 0; i < 100 && !workerSession; i++) await new Promise((r) => setTimeout(r, 100));
const encoderIn = await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 3000))).then(() =>
  workerSession
    ? inWorker("Runtime.evaluate", {
        expression: "performance.getEntriesByType('resource').some((e) => /encoder-[0-9a-f]+\\.bin/.test(e.name))",
        returnByValue: true,
      }).then((r) => Boolean(r.result && r.result.value))
    : false);
const start = await memory();
const blocks = [];
const kinds = {};
let all = [];
for (let done = 0; done < QUESTIONS; done += BLOCK) {
  const n = Math.min(BLOCK, QUESTIONS - done);
  const result = await ask(questionsFrom(WARM_UP + done, n), WARM_UP + done);
  for (const [k, v] of Object.entries(result.kinds)) kinds[k] = (kinds[k] || 0) + v;
  const sorted = [...result.times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  blocks.push({ questions: done + n, p50_ms: at(0.5), p95_ms: at(0.95), memory: await memory() });
  all = all.concat(result.times);
}
const end = blocks[blocks.length - 1].memory;
await context.close();
console.log(JSON.stringify({
  questions: QUESTIONS, warm_up: WARM_UP, encoder: encoderIn, kinds, start, end, blocks,
  console: consoleMessages,
}));
