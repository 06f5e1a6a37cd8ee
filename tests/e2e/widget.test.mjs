// End-to-end tests of the widget on the demo site, in headless Chromium.
//
// Run by `cargo xtask test`, which builds www/dist, serves www/ and sets
// PLAUDER_E2E_URL. Every test also asserts an error-free console.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const BASE = process.env.PLAUDER_E2E_URL;
// The same files from a second origin, as a CDN would serve them.
const CDN = process.env.PLAUDER_E2E_CDN;
assert.ok(BASE, "PLAUDER_E2E_URL is not set: run the e2e tests through `cargo xtask test`");

let context;
before(async () => {
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "plauder-e2e-")), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
  // Nothing leaves the machine: messenger links are answered locally.
  await context.route(/^https:\/\/(wa\.me|web\.whatsapp\.com|t\.me|m\.me)\//, (route) =>
    route.fulfill({ status: 200, contentType: "text/plain", body: "messenger" }));
});
after(async () => context && (await context.close()));

/** Opens `path`; collects console errors, warnings, page errors and off-site requests. */
async function open(path, prepare = async () => {}) {
  const page = await context.newPage();
  await prepare(page);
  const problems = { errors: [], warnings: [], infos: [], offsite: [] };
  page.on("console", (m) => {
    if (m.type() === "error") problems.errors.push(m.text());
    if (m.type() === "warning") problems.warnings.push(m.text());
    if (m.type() === "info") problems.infos.push(m.text());
  });
  page.on("pageerror", (e) => problems.errors.push(String(e)));
  page.on("request", (r) => { if (!r.url().startsWith(BASE) && !(CDN && r.url().startsWith(CDN))) problems.offsite.push(r.url()); });
  await page.goto(BASE + path);
  return { page, problems };
}

const bubble = (page) => page.locator("[data-plauder] >> css=button.bubble");
// While the panel takes over from the loader's first frame, both are there for a moment: the panel is the later one.
const panel = (page) => page.locator("[data-plauder] >> css=.panel").last();
const input = (page) => page.locator("[data-plauder] >> css=textarea").last();

async function ask(page, question) {
  await input(page).fill(question);
  await page.keyboard.press("Enter");
}

/** Opens the panel with a click on the bubble. */
async function openPanel(page) {
  await bubble(page).click();
  await input(page).waitFor();
}

/** The input's font size, read from whichever panel is showing (the first frame may hand over meanwhile). */
async function inputFontSize(page) {
  const size = await page.waitForFunction(() => {
    const area = document.querySelector("[data-plauder]").shadowRoot.querySelector(".panel:not([hidden]):not(.pending) textarea");
    return area && area.isConnected && getComputedStyle(area).fontSize;
  });
  return size.jsonValue();
}

/** The last answer in the panel, once it shows. */
async function lastAnswer(page) {
  const answer = page.locator("[data-plauder] >> css=.answer").last();
  await answer.waitFor();
  return answer;
}

/** No console error (but `allowed` ones), and no request to another site. */
function clean(problems, allowed = []) {
  const errors = problems.errors.filter((e) => !allowed.some((pattern) => pattern.test(e)));
  assert.deepEqual(errors, [], "console errors");
  assert.deepEqual(problems.offsite, [], "requests to other sites");
}

test("nothing heavy loads before the visitor shows interest", async () => {
  const { page, problems } = await open("/");
  await bubble(page).waitFor();
  await page.waitForTimeout(500);
  const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
  assert.ok(!loaded.some((u) => /plauder-(widget|engine|worker|encoder)|encoder-|\.plauder$/.test(u)), loaded.join("\n"));
  assert.deepEqual(page.workers(), []);
  assert.equal(await page.evaluate(() => sessionStorage.length + document.cookie.length), 0);
  clean(problems);
  await page.close();
});

test("click the bubble, ask, read the answer", async () => {
  const { page, problems } = await open("/");
  await openPanel(page);
  await ask(page, "when will my coffee arrive?");
  const answer = await lastAnswer(page);
  assert.match(await answer.innerText(), /1–2 working days/);
  assert.equal(await page.evaluate(() => document.cookie), "");
  // Answered off the page's main thread, by the widget's worker (which did not give up).
  assert.deepEqual(page.workers().map((w) => new URL(w.url()).pathname), ["/dist/plauder-worker.js"]);
  assert.deepEqual(problems.infos, []);
  clean(problems);
  await page.close();
});

test("a page that allows no Web Worker still gets answers, on the page itself", async () => {
  const { page, problems } = await open("/test/no-worker.html");
  await openPanel(page);
  await ask(page, "when will my coffee arrive?");
  const answer = await lastAnswer(page);
  assert.match(await answer.innerText(), /1–2 working days/);
  assert.deepEqual(page.workers(), []);
  // Chromium refuses the worker with an error event, not an exception: the widget says once what it does.
  assert.deepEqual(problems.infos, ["Plauder: answering on the page instead of in a worker (it did not start)"]);
  // Chromium reports the policy blocking the worker; nothing else may appear.
  clean(problems, [/Content Security Policy/]);
  await page.close();
});

test("the conversation survives a page change in the same tab, in sessionStorage only", async () => {
  // Two pages of one site with one FAQ (the English demo page has an English-only FAQ of its own).
  const { page, problems } = await open("/de/");
  await openPanel(page);
  await ask(page, "Habt ihr entkoffeinierten Kaffee?");
  await lastAnswer(page);
  // The panel keeps the conversation once it has taken over from the loader's first frame.
  await page.waitForFunction(() => !document.querySelector("[data-plauder]").shadowRoot.querySelector(".first-frame"));
  await page.goto(BASE + "/test/strict-csp.html");
  await bubble(page).click();
  const answer = await lastAnswer(page);
  assert.match(await answer.innerText(), /Nachtschicht/);
  assert.deepEqual(await page.evaluate(() => [document.cookie, localStorage.length]), ["", 0]);
  clean(problems);
  await page.close();
});

test("an unanswerable question hands off with the exact WhatsApp link", async () => {
  const { page, problems } = await open("/");
  await openPanel(page);
  const question = "Tickets & prices #2 + more? 🙂\nSecond line";
  await page.evaluate((q) => window.Plauder.ask(q), question);
  const card = page.locator("[data-plauder] >> css=.handoff").last();
  await card.waitFor();
  const href = await card.locator("css=a.whatsapp").getAttribute("href");
  const expected = "https://wa.me/4915112345678?text=" +
    encodeURIComponent(question + "\n\n(" + BASE + "/)");
  assert.equal(href, expected);
  assert.equal(await card.locator("css=a.whatsapp").getAttribute("rel"), "noopener noreferrer");
  const channels = await card.locator("css=a.channel").evaluateAll((as) => as.map((a) => a.className));
  assert.deepEqual(channels, ["channel whatsapp", "channel telegram", "channel email", "channel phone"]);
  // Desktop visitors can scan the same link with their phone.
  assert.equal(await card.locator("css=figure.qr svg path").count(), 1);
  clean(problems);
  await page.close();
});

test("a clarify offers candidates that answer when picked", async () => {
  const { page, problems } = await open("/");
  await openPanel(page);
  await ask(page, "pay");
  const clarify = page.locator("[data-plauder] >> css=.clarify").last();
  await clarify.waitFor();
  const choices = clarify.locator("css=button.choice:not(.none)");
  assert.ok((await choices.count()) >= 2);
  await choices.first().click();
  await lastAnswer(page);
  clean(problems);
  await page.close();
});

test("asking for a person hands off at once, with the events a site can track", async () => {
  const { page, problems } = await open("/");
  await page.evaluate(() => {
    window.seen = [];
    window.dataLayer = [];
    for (const name of ["open", "question", "answer", "handoff"])
      window.addEventListener("plauder:" + name, (e) => window.seen.push([name, e.detail]));
  });
  await openPanel(page);
  await ask(page, "I want to talk to a real person");
  const link = page.locator("[data-plauder] >> css=.handoff a.whatsapp").last();
  await link.waitFor();
  const popup = context.waitForEvent("page");
  await link.click();
  await (await popup).close();
  const seen = await page.evaluate(() => window.seen.map(([n]) => n));
  assert.deepEqual(seen, ["open", "question", "answer", "handoff"]);
  const asked = "I want to talk to a real person";
  const details = await page.evaluate(() => window.seen.map(([, detail]) => detail));
  assert.deepEqual(details, [
    {},
    { question: asked },
    { kind: "handoff", reason: "asked_for_human" },
    { channel: "whatsapp", questions: [asked] },
  ]);
  const lead = await page.evaluate(() => window.dataLayer.find((e) => e.event === "generate_lead"));
  assert.deepEqual(lead, { event: "generate_lead", channel: "whatsapp", questions: [asked] });
  const answer = await page.evaluate(() => window.dataLayer.find((e) => e.event === "plauder_answer"));
  assert.deepEqual(answer, { event: "plauder_answer", kind: "handoff", reason: "asked_for_human" });
  clean(problems);
  await page.close();
});

test("keyboard only: Tab to the bubble, Enter, type, Enter, Esc returns focus", async () => {
  const { page, problems } = await open("/");
  await bubble(page).waitFor();
  await page.keyboard.press("Tab");
  for (let i = 0; i < 10 && !(await bubble(page).evaluate((b) => b.getRootNode().activeElement === b)); i++) {
    await page.keyboard.press("Tab");
  }
  await page.keyboard.press("Enter");
  await input(page).waitFor();
  await page.waitForFunction(() => document.querySelector("[data-plauder]").shadowRoot.activeElement?.tagName === "TEXTAREA");
  await page.keyboard.type("do you have decaf");
  await page.keyboard.press("Enter");
  await lastAnswer(page);
  for (let i = 0; i < 15; i++) await page.keyboard.press("Tab");
  const inside = await page.evaluate(() => !!document.querySelector("[data-plauder]").shadowRoot.activeElement?.closest(".panel"));
  assert.ok(inside, "focus stays in the open panel");
  await page.keyboard.press("Escape");
  await panel(page).waitFor({ state: "detached" });
  assert.ok(await bubble(page).evaluate((b) => b.getRootNode().activeElement === b), "focus back on the bubble");
  clean(problems);
  await page.close();
});

test("a hostile host stylesheet does not break it", async () => {
  const { page, problems } = await open("/test/hostile.html");
  await openPanel(page);
  assert.equal(await inputFontSize(page), "16px", "in the loader's first frame");
  await ask(page, "how much is shipping");
  await lastAnswer(page);
  assert.equal(await inputFontSize(page), "16px", "in the panel");
  clean(problems);
  await page.close();
});

for (const [name, path] of [["missing", "/test/missing-kb.html"], ["corrupt", "/test/corrupt-kb.html"]]) {
  test(`a ${name} FAQ leaves a working click-to-chat button`, async () => {
    const { page, problems } = await open(path);
    await bubble(page).click();
    const link = page.locator("[data-plauder] >> css=.handoff a.whatsapp").first();
    await link.waitFor();
    assert.match(await link.getAttribute("href"), /^https:\/\/wa\.me\/4915112345678\?text=/);
    assert.equal(problems.warnings.filter((w) => w.startsWith("Plauder:")).length, 1, problems.warnings.join("\n"));
    // Chromium itself logs the 404 of the missing bundle; nothing else may appear.
    clean(problems, name === "missing" ? [/^Failed to load resource: .*404/] : []);
    await page.close();
  });
}

test("a visitor can type before answering is ready: asked in order, answered once it is", async () => {
  // Holds every wasm module back, as a slow network would.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const { page, problems } = await open("/", (page) =>
    page.route(/\.wasm$/, async (route) => { await held; await route.continue(); }));
  await openPanel(page);
  assert.equal(await panel(page).count(), 1, "the panel shows before any wasm arrives");
  await ask(page, "when will my coffee arrive?");
  await ask(page, "do you have decaf?");
  const log = page.locator("[data-plauder] >> css=.log");
  assert.match(await log.innerText(), /when will my coffee arrive\?[\s\S]*do you have decaf\?[\s\S]*Getting the answers ready/);
  // WhatsApp works from the first frame, with the questions typed.
  await page.locator("[data-plauder] >> css=button.person").click();
  const link = page.locator("[data-plauder] >> css=.handoff a.whatsapp").last();
  const href = await link.getAttribute("href");
  assert.ok(href.startsWith("https://wa.me/4915112345678?text=" + encodeURIComponent("when will my coffee arrive?\ndo you have decaf?")), href);
  release();
  await page.locator("[data-plauder] >> css=.answer").nth(1).waitFor();
  const answers = page.locator("[data-plauder] >> css=.answer");
  assert.match(await answers.nth(0).innerText(), /1–2 working days/);
  assert.match(await answers.nth(1).innerText(), /[Dd]ecaf/);
  assert.equal(await page.locator("[data-plauder] >> css=.preparing").count(), 0);
  clean(problems);
  await page.close();
});

test("the first answer needs only the engine: the first frame shows it, the panel takes it over", async () => {
  // Holds the panel's module back: the engine, the FAQ and the worker come as usual.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const panelModule = [];
  const { page, problems } = await open("/", async (page) => {
    await page.route(/plauder-widget_bg\.wasm$/, async (route) => { panelModule.push(Date.now()); await held; await route.continue(); });
    await page.addInitScript(() => {
      window.seen = [];
      for (const name of ["open", "question", "answer"])
        window.addEventListener("plauder:" + name, (e) => window.seen.push([name, e.detail]));
    });
  });
  await openPanel(page);
  await ask(page, "when will my coffee arrive?");
  await ask(page, "pay");
  const first = page.locator("[data-plauder] >> css=.first-frame");
  const answer = first.locator("css=.answer");
  await answer.waitFor();
  assert.match(await answer.innerText(), /How long does delivery take\?[\s\S]*1–2 working days/);
  // The choice "pay" gets waits for the panel, which draws choices.
  assert.match(await first.locator("css=.log").innerText(), /pay\s*Getting the answers ready/);
  assert.equal(await page.locator("[data-plauder] >> css=.plauder-panel-root").count(), 0, "the panel's module is held back");
  // It was asked for only once the engine had come: the first answer had the network to itself.
  assert.equal(panelModule.length, 1);
  release();
  const clarify = page.locator("[data-plauder] >> css=.plauder-panel-root .clarify");
  await clarify.waitFor();
  await page.waitForFunction(() => !document.querySelector("[data-plauder]").shadowRoot.querySelector(".first-frame"));
  const answers = page.locator("[data-plauder] >> css=.plauder-panel-root .answer");
  assert.equal(await answers.count(), 1);
  assert.match(await answers.first().innerText(), /1–2 working days[\s\S]*Was this helpful/);
  // The panel took over what the engine had decided: each question asked and answered once.
  const seen = await page.evaluate(() => window.seen.map(([n, d]) => n + (d.question ? ":" + d.question : d.kind ? ":" + d.kind : "")));
  assert.deepEqual(seen, ["open", "question:when will my coffee arrive?", "answer:answer", "question:pay", "answer:clarify"]);
  clean(problems);
  await page.close();
});

test("a strict CSP page (no inline script or style) shows the widget and answers from the worker", async () => {
  const { page, problems } = await open("/test/strict-csp.html");
  await openPanel(page);
  assert.equal(await inputFontSize(page), "16px");
  await ask(page, "when will my coffee arrive?");
  assert.match(await (await lastAnswer(page)).innerText(), /1–2 working days/);
  assert.ok(page.workers().some((w) => w.url().endsWith("/dist/plauder-worker.js")));
  assert.deepEqual(problems.infos, []);
  clean(problems);
  await page.close();
});

test("a page that enforces Trusted Types and allows Plauder's policy answers from the worker, console clean", async () => {
  const { page, problems } = await open("/test/trusted-types.html");
  await openPanel(page);
  await ask(page, "when will my coffee arrive?");
  assert.match(await (await lastAnswer(page)).innerText(), /1–2 working days/);
  assert.ok(page.workers().some((w) => w.url().endsWith("/dist/plauder-worker.js")));
  // The panel took over from the first frame, all under the policy.
  await page.locator("[data-plauder] >> css=.plauder-panel-root .panel").waitFor();
  assert.deepEqual(problems.infos, []);
  assert.deepEqual(problems.warnings, []);
  clean(problems);
  await page.close();
});

test("a page that enforces Trusted Types with no policy allowed gets answers on the page", async () => {
  const { page, problems } = await open("/test/trusted-types-refused.html");
  await openPanel(page);
  await ask(page, "when will my coffee arrive?");
  assert.match(await (await lastAnswer(page)).innerText(), /1–2 working days/);
  assert.deepEqual(page.workers(), []);
  await page.locator("[data-plauder] >> css=.plauder-panel-root .panel").waitFor();
  // Chromium reports the refused policy, once; no worker is tried after it.
  const refused = problems.errors.filter((e) => /TrustedTypePolicy|Trusted ?Type/i.test(e));
  assert.equal(refused.length, 1, problems.errors.join("\n"));
  clean(problems, [/TrustedTypePolicy|Trusted ?Type/i]);
  await page.close();
});

test("the panel's module waits for the first frame's replies, so its start never holds the first answer back", async () => {
  // The worker gets what it needs 1.5 s late: the panel's module arrives long before the first answer can.
  const panelModule = [];
  const { page, problems } = await open("/", async (page) => {
    await page.addInitScript(() => {
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (...message) { setTimeout(() => post.apply(this, message), 1500); };
    });
    await page.route(/plauder-widget_bg\.wasm$/, (route) => { panelModule.push(Date.now()); return route.continue(); });
  });
  await bubble(page).waitFor();
  // What shows, in order: the first frame's answer, the panel.
  await page.evaluate(() => {
    const root = document.querySelector("[data-plauder]").shadowRoot;
    window.shown = [];
    const look = () => {
      for (const [name, selector] of [["answer", ".first-frame .answer"], ["panel", ".plauder-panel-root"]])
        if (!window.shown.includes(name) && root.querySelector(selector)) window.shown.push(name);
    };
    new MutationObserver(look).observe(root, { childList: true, subtree: true });
  });
  // Asked as the panel opens, before anything has downloaded (not waiting for the promise it
  // returns, which is the panel's).
  await page.evaluate(() => { window.Plauder.ask("when will my coffee arrive?"); });
  await page.waitForTimeout(800);
  assert.equal(panelModule.length, 1, "the panel's module was downloaded");
  assert.deepEqual(await page.evaluate(() => window.shown), [], "the panel waits for the reply");
  // The first frame drew the answer, then the panel took over, with the answer.
  await page.waitForFunction(() => window.shown.length == 2);
  assert.deepEqual(await page.evaluate(() => window.shown), ["answer", "panel"]);
  assert.match(await (await lastAnswer(page)).innerText(), /1–2 working days/);
  clean(problems);
  await page.close();
});

test("files from another origin (a CDN) work, the worker included", async () => {
  assert.ok(CDN, "PLAUDER_E2E_CDN is not set: run the e2e tests through `cargo xtask test`");
  const { page, problems } = await open("/test/cross-origin.html?cdn=" + encodeURIComponent(CDN));
  await openPanel(page);
  await ask(page, "when will my coffee arrive?");
  assert.match(await (await lastAnswer(page)).innerText(), /1–2 working days/);
  // A worker script on another origin starts through a blob: module worker.
  assert.ok(page.workers().some((w) => w.url().startsWith("blob:")), page.workers().map((w) => w.url()).join());
  assert.deepEqual(problems.infos, []);
  clean(problems);
  await page.close();
});

// The second tier: the sentence encoder the worker fetches once the panel is open.
const ENCODER_CACHE = "plauder-encoder-v1";
const PARAPHRASE = "what's the price of sending it to me"; // no word of the shipping-cost entry's phrasings
const SHIPPING = /Shipping within Germany is free from 35/;

/** Forgets the encoder an earlier test kept (the browser context is shared). */
const forgetEncoder = (page) => page.evaluate((name) => caches.delete(name), ENCODER_CACHE);
/** The encoder files the worker keeps with the Cache API. */
const keptEncoders = (page) =>
  page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname), ENCODER_CACHE);

/** Asks `question` and returns the bot's reply to it (its class and text), once it shows. */
async function reply(page, question) {
  const before = await page.evaluate(() =>
    document.querySelector("[data-plauder]").shadowRoot.querySelectorAll(".msg.visitor").length);
  await ask(page, question);
  const found = await page.waitForFunction(([asked, n]) => {
    const root = document.querySelector("[data-plauder]").shadowRoot;
    const panels = root.querySelectorAll(".panel");
    const shown = [...panels[panels.length - 1].querySelectorAll(".msg, .handoff")];
    // The reply follows the last time the question shows (the first frame may have handed over meanwhile).
    let at = -1;
    shown.forEach((m, i) => { if (m.matches(".msg.visitor") && m.innerText.includes(asked)) at = i; });
    if (at < 0 || root.querySelectorAll(".msg.visitor").length <= n) return null;
    const bot = shown.slice(at + 1).find((m) => m.matches(".msg.bot:not(.typing):not(.preparing), .handoff"));
    return bot ? { kind: bot.className, text: bot.innerText } : null;
  }, [question, before]);
  return found.jsonValue();
}

test("the encoder loads only once the panel is open, is kept, and answers a paraphrase", async () => {
  const { page, problems } = await open("/");
  await forgetEncoder(page);
  await bubble(page).hover();
  await page.waitForTimeout(1000);
  assert.deepEqual(await keptEncoders(page), [], "nothing fetched on mere interest");
  await openPanel(page);
  // The first tier answers at once; the second joins when the encoder is ready.
  const first = await reply(page, "when will my coffee arrive?");
  assert.match(first.text, /1–2 working days/);
  let answered = null;
  for (let tries = 0; tries < 60 && !answered; tries++) {
    const r = await reply(page, PARAPHRASE);
    if (/answer/.test(r.kind) && SHIPPING.test(r.text)) answered = r;
    else await page.waitForTimeout(500);
  }
  assert.ok(answered, "the paraphrase was answered once the encoder was ready");
  const kept = await keptEncoders(page);
  assert.equal(kept.length, 1);
  assert.match(kept[0], /^\/dist\/encoder-[0-9a-f]{8}\.bin$/);
  assert.deepEqual(problems.warnings.filter((w) => w.startsWith("Plauder:")), []);
  clean(problems);
  await page.close();
});

/** Routes the encoder file through a delay of `ms`, as a slow connection would bring it. */
const slowEncoder = (ms) => (page) =>
  page.context().route(/\/encoder-[0-9a-f]+\.bin$/, (route) =>
    new Promise((resolve) => setTimeout(resolve, ms)).then(() => route.continue()).catch(() => {}));

test("while the encoder arrives, a question the first tier would not answer waits for it", async () => {
  const { page, problems } = await open("/", slowEncoder(500));
  await forgetEncoder(page);
  await openPanel(page);
  assert.match((await reply(page, "when will my coffee arrive?")).text, /1–2 working days/);
  assert.deepEqual(await keptEncoders(page), [], "asked before the encoder is ready");
  // Asked at once: the first tier alone hands it off; held (typing shown) until the encoder answers.
  const r = await reply(page, PARAPHRASE);
  assert.match(r.kind, /answer/);
  assert.match(r.text, SHIPPING);
  await page.context().unroute(/\/encoder-[0-9a-f]+\.bin$/);
  assert.deepEqual(problems.warnings.filter((w) => w.startsWith("Plauder:")), []);
  clean(problems);
  await page.close();
});

test("an encoder slower than the wait does not hold a question longer", async () => {
  const { page, problems } = await open("/", slowEncoder(30000));
  await forgetEncoder(page);
  await openPanel(page);
  assert.match((await reply(page, "when will my coffee arrive?")).text, /1–2 working days/);
  const asked = Date.now();
  const r = await reply(page, PARAPHRASE);
  const waited = Date.now() - asked;
  assert.doesNotMatch(r.kind, /answer/, "the first tier's reply, the encoder being still on its way");
  assert.ok(waited < 15000, `answered after ${waited} ms, not when the encoder came`);
  // A question the first tier answers is not held at all (in order, after the one above).
  assert.match((await reply(page, "do you have decaf?")).text, /[Dd]ecaf/);
  await page.context().unroute(/\/encoder-[0-9a-f]+\.bin$/);
  clean(problems);
  await page.close();
});

test("a site can turn the encoder off: never fetched, the first tier answers", async () => {
  const { page, problems } = await open("/test/no-encoder.html");
  await forgetEncoder(page);
  await openPanel(page);
  assert.match((await reply(page, "when will my coffee arrive?")).text, /1–2 working days/);
  await page.waitForTimeout(2000);
  assert.doesNotMatch((await reply(page, PARAPHRASE)).kind, /answer/, "the first tier alone does not answer the paraphrase");
  assert.deepEqual(await keptEncoders(page), []);
  clean(problems);
  await page.close();
});

test("a visitor who saves data does not get the encoder", async () => {
  const { page, problems } = await open("/", (page) => page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "connection", { get: () => ({ saveData: true, effectiveType: "4g" }) });
  }));
  await forgetEncoder(page);
  await openPanel(page);
  assert.match((await reply(page, "when will my coffee arrive?")).text, /1–2 working days/);
  await page.waitForTimeout(2000);
  assert.deepEqual(await keptEncoders(page), []);
  clean(problems);
  await page.close();
});

test("a corrupt encoder is refused with one warning, and the first tier carries on", async () => {
  const { page, problems } = await open("/", (page) =>
    page.context().route(/\/encoder-[0-9a-f]+\.bin$/, (route) =>
      route.fulfill({ status: 200, contentType: "application/octet-stream", body: Buffer.from("PLAUDER ENCODER\nnot really") })));
  await forgetEncoder(page);
  await openPanel(page);
  assert.match((await reply(page, "when will my coffee arrive?")).text, /1–2 working days/);
  for (let i = 0; i < 40 && !problems.warnings.some((w) => w.includes("encoder did not load")); i++) await page.waitForTimeout(250);
  const ours = problems.warnings.filter((w) => w.startsWith("Plauder:"));
  assert.equal(ours.length, 1, ours.join("\n"));
  assert.match(ours[0], /the encoder did not load \(.*(checksum|not a Plauder encoder|truncated)/);
  assert.match((await reply(page, "do you have decaf?")).text, /[Dd]ecaf/);
  assert.deepEqual(await keptEncoders(page), []);
  await page.context().unroute(/\/encoder-[0-9a-f]+\.bin$/);
  clean(problems);
  await page.close();
});
