// End-to-end tests of Plauder Studio (/studio/ on the demo site) in headless
// Chromium: open the demo FAQ's sources, edit, see findings come and go, try
// questions, group visitors' questions, download, and compare the downloaded
// bundle with what `plauder build` writes for the downloaded sources (the same bytes).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const BASE = process.env.PLAUDER_E2E_URL;
const PLAUDER = process.env.PLAUDER_BIN;
assert.ok(BASE && PLAUDER, "PLAUDER_E2E_URL or PLAUDER_BIN is not set: run the e2e tests through `cargo xtask test`");
const ROOT = new URL("../../", import.meta.url).pathname;

let context;
before(async () => {
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "plauder-studio-")), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    acceptDownloads: true,
    locale: "en-US",
    viewport: { width: 1400, height: 1000 },
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
});
after(async () => context && (await context.close()));

/** Opens the studio; collects console errors and warnings, page errors and off-site requests. */
async function openStudio() {
  const page = await context.newPage();
  const problems = { errors: [], offsite: [] };
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.errors.push(m.text()); });
  page.on("pageerror", (e) => problems.errors.push(String(e)));
  // Opening other files over undownloaded edits asks first (this context keeps the last test's edits): yes.
  page.on("dialog", (d) => { if (d.type() === "confirm") d.accept(); });
  page.on("request", (r) => { if (!r.url().startsWith(BASE) && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) problems.offsite.push(r.url()); });
  await page.goto(BASE + "/studio/");
  await page.waitForSelector(".studio .bar");
  return { page, problems };
}

const built = (page) => page.waitForSelector(".status:has-text('Built')", { timeout: 30000 });
// The English template in the editor, not the kept edits it replaces (whose build may show "Built"
// a moment before the template arrives from the worker).
const templateOpened = (page) =>
  page.waitForFunction(() => document.querySelector("#f-question")?.value === "What are your opening hours?");
const findings = (page) => page.locator(".editor .findings");

/** Runs axe-core on the page: no violations. */
async function accessible(page, what) {
  await page.addScriptTag({ path: join(ROOT, ".tools/node_modules/axe-core/axe.min.js") });
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`));
  assert.deepEqual(violations, [], `axe-core on ${what}`);
}

async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name, exact: true }).click()]);
  const path = join(mkdtempSync(join(tmpdir(), "plauder-download-")), file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

test("a content team edits the demo FAQ, tests it and downloads a bundle that answers as `plauder build`'s", async () => {
  const { page, problems } = await openStudio();
  await page.locator("input[type=file]").setInputFiles([join(ROOT, "www/faq/en.md")]);
  await built(page);
  assert.match(await page.locator(".status").textContent(), /18 entries/);
  await accessible(page, "the studio with the demo FAQ open");

  // Edit an answer: the widget's rendering follows.
  await page.locator(".entries .entry", { hasText: "How much does shipping cost?" }).click();
  await page.fill("#f-answer", "Shipping is **free** from 30 €.");
  await page.waitForSelector(".bubble-answer strong:has-text('free')");

  // Leave the entry one phrasing: the check warns beside it; add a phrasing: it goes.
  await page.fill("#f-phrasings", "");
  await findings(page).locator(".finding.warning", { hasText: "single phrasing" }).waitFor();
  await page.fill("#f-phrasings", "What does postage cost?");
  await findings(page).locator(".ok").waitFor();
  await built(page);

  // Try a question: the decision, and the words that matched.
  await page.getByRole("tab", { name: "Try a question" }).click();
  await page.fill("#ask-question", "what does postage cost");
  await page.getByRole("button", { name: "Ask", exact: true }).click();
  const asked = page.locator(".asked");
  await asked.locator(".decision.answer", { hasText: "How much does shipping cost?" }).waitFor();
  assert.match(await asked.locator(".ranked li").first().textContent(), /words: .*postag/);

  // Visitors' questions, grouped; the one nothing answers is marked.
  await page.getByRole("tab", { name: "Visitors' questions" }).click();
  await page.fill("#visitor-questions", "what does postage cost\nwhat does postage cost\nhow long does delivery take\nzebra crossing quantum violin");
  await page.getByRole("button", { name: "Group them" }).click();
  const report = page.locator(".report");
  await report.locator("h3", { hasText: "Not answered" }).waitFor();
  assert.match(await report.textContent(), /zebra crossing quantum violin/);
  assert.match(await report.locator(".groups").first().textContent(), /How much does shipping cost\?.*\(2\)/);

  // Weak spots: the self-quiz ran.
  await page.getByRole("tab", { name: "Weak spots" }).click();
  assert.match(await page.locator(".weak .score").textContent(), /\d+ \/ \d+ answered with their own entry/);
  await accessible(page, "the weak spots");

  // Unsaved edits: closing the tab asks first.
  const bundle = await download(page, "faq.plauder");
  const markdown = await download(page, "Markdown");
  assert.match(readFileSync(markdown, "utf8"), /Shipping is \*\*free\*\* from 30 €\./);

  // The CLI builds the downloaded sources to the same bytes, which decide and rank alike.
  const cli = join(mkdtempSync(join(tmpdir(), "plauder-cli-")), "faq.plauder");
  execFileSync(PLAUDER, ["build", markdown, "-o", cli], { stdio: "ignore" });
  assert.ok(readFileSync(bundle).equals(readFileSync(cli)), "the studio's bundle is byte for byte plauder build's");
  const questions = ["what does postage cost", "how fast do you ship", "can I buy a gift card",
    "do you have decaf", "I want to talk to a person", "zebra crossing quantum violin", "shipping to Switzerland",
    "how do I cancel my subscription"];
  for (const q of questions) {
    const ask = (file) => JSON.parse(execFileSync(PLAUDER, ["ask", file, q, "--json", "-n", "5"], { encoding: "utf8" }));
    assert.deepEqual(ask(bundle), ask(cli), `the studio's bundle and plauder build's answer "${q}" alike`);
  }
  assert.deepEqual(problems, { errors: [], offsite: [] });
  await page.close();
});

/** A deterministic FAQ of `entries` × `phrasings` as CSV, and questions that paraphrase some of it. */
function largeFaq(entries, phrasings) {
  let state = 7;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648);
  const syllables = ["ka", "lo", "mer", "tin", "sa", "ver", "do", "pra", "li", "nu", "ge", "bro", "tas", "fel", "mi", "zu"];
  const word = () => Array.from({ length: 2 + (next() % 3) }, () => syllables[next() % syllables.length]).join("");
  const starts = ["how do i", "can i", "what is the", "where can i find my", "why is my", "i want to"];
  const topics = Array.from({ length: entries }, () => [word(), word(), word(), word()]);
  const phrase = (topic) => `${starts[next() % starts.length]} ${topic.filter(() => next() % 4 !== 0).join(" ")} ${word()}`;
  let csv = "id,question,answer\n";
  topics.forEach((topic, id) => {
    for (let n = 0; n < phrasings; n++) csv += `e${id},${phrase(topic)},${n === 0 ? `Answer ${id}.` : ""}\n`;
  });
  return { csv, questions: topics.slice(0, 6).map(phrase).concat(["zebra crossing quantum violin"]) };
}

test("a large FAQ learns in a second worker, and its bundle answers as `plauder build`'s", async () => {
  const { page, problems } = await openStudio();
  const { csv, questions } = largeFaq(200, 10); // 2,000 phrasings: the model trains apart
  const sources = join(mkdtempSync(join(tmpdir(), "plauder-large-")), "large.csv");
  writeFileSync(sources, csv);
  await page.locator("input[type=file]").setInputFiles([sources]);
  // The page opened with the last test's FAQ (kept in storage) already built: wait for this one.
  await page.waitForSelector(".status:has-text('Built'):has-text('200 entries')", { timeout: 30000 });
  const workers = page.workers().map((w) => w.url());
  assert.ok(workers.filter((url) => url.endsWith("/studio-worker.js")).length >= 2,
    `the build and the second worker: ${workers.join(", ")}`);

  const bundle = await download(page, "faq.plauder");
  const cli = join(mkdtempSync(join(tmpdir(), "plauder-cli-")), "faq.plauder");
  execFileSync(PLAUDER, ["build", sources, "-o", cli], { stdio: "ignore" });
  assert.ok(readFileSync(bundle).equals(readFileSync(cli)), "the studio's bundle is byte for byte plauder build's");
  for (const q of questions) {
    const ask = (file) => JSON.parse(execFileSync(PLAUDER, ["ask", file, q, "--json", "-n", "5"], { encoding: "utf8" }));
    assert.deepEqual(ask(bundle), ask(cli), `the studio's bundle and plauder build's answer "${q}" alike`);
  }
  assert.deepEqual(problems, { errors: [], offsite: [] });
  await page.close();
});

test("edits survive a reload, and closing with undownloaded changes asks first", async () => {
  const { page, problems } = await openStudio();
  await page.getByRole("button", { name: "Start from a template" }).click();
  await templateOpened(page);
  await built(page);
  await page.getByRole("button", { name: "+ Add entry" }).click();
  await page.fill("#f-question", "Do you sell gift cards?");
  await page.fill("#f-answer", "Yes, from 10 €.");
  await page.waitForSelector(".status:has-text('4 entries')");
  page.once("dialog", (d) => d.accept()); // leaving with undownloaded edits asks first
  await page.reload();
  await page.waitForSelector(".entries .entry:has-text('Do you sell gift cards?')");
  await built(page);
  await page.fill("#f-question", "What are your opening hours today?");
  await page.waitForSelector(".status:has-text('Kept in this browser')");
  const dialog = new Promise((resolve) => page.once("dialog", async (d) => { resolve(d.type()); await d.dismiss(); }));
  await page.close({ runBeforeUnload: true });
  assert.equal(await dialog, "beforeunload");
  assert.deepEqual(problems, { errors: [], offsite: [] });
});

test("bad sources get the CLI's file:line messages, nothing is built, and what was read stays editable", async () => {
  const { page, problems } = await openStudio();
  const dir = mkdtempSync(join(tmpdir(), "plauder-bad-"));
  writeFileSync(join(dir, "faq.csv"), "question,answer\nWhat is your address?,Main Street 1\nAnd your phone?,\n");
  await page.locator("input[type=file]").setInputFiles([join(dir, "faq.csv")]);
  const general = page.locator(".entries .general");
  await page.waitForSelector(".status:has-text('Not built')");
  // The entry is marked in the list; beside it, the problem as the CLI says it.
  const entry = page.locator(".entries .entry", { hasText: "And your phone?" });
  assert.equal(await entry.locator(".badge.problem").textContent(), "1");
  await entry.click();
  const problem = findings(page).locator(".finding.problem", { hasText: "has no answer" });
  assert.match(await problem.textContent(), /faq\.csv:3/);
  // Fixing it in the editor builds.
  await page.fill("#f-answer", "030 1234567");
  await built(page);
  assert.equal(await general.count(), 0);
  assert.deepEqual(problems, { errors: [], offsite: [] });
  await page.close();
});

test("in German, keyboard only: open the template, reach an entry, edit it", async () => {
  // The last test's edits are kept in this context: opening the template over them asks first (yes).
  const { page } = await openStudio();
  await page.selectOption(".bar .lang select", "de");
  await page.getByRole("button", { name: "Mit einer Vorlage beginnen" }).first().focus();
  await page.keyboard.press("Enter");
  // The template's entries, built (the kept edits were built a moment before: their "Gebaut" is
  // not the template's).
  const delivery = page.locator(".entries .entry", { hasText: "Wie lange dauert die Lieferung?" });
  await delivery.waitFor();
  await page.waitForSelector(".status:has-text('Gebaut')");
  await delivery.focus();
  await page.keyboard.press("Enter");
  // Its form is drawn before typing into it.
  await page.waitForFunction(() => document.querySelector("#f-question")?.value === "Wie lange dauert die Lieferung?");
  await page.locator("#f-question").focus();
  await page.keyboard.press("End");
  await page.keyboard.type(" heute");
  await page.waitForSelector(".entries .entry:has-text('heute')");
  await accessible(page, "the German studio");
  await page.close();
});

test("the widget preview answers from the FAQ as edited", async () => {
  const { page, problems } = await openStudio();
  await page.getByRole("button", { name: "Start from a template" }).click();
  await templateOpened(page);
  await built(page);
  await page.fill("#f-answer", "We are open around the clock.");
  await page.waitForSelector(".bubble-answer:has-text('around the clock')");
  await built(page);
  await page.getByRole("tab", { name: "Preview" }).click();
  await page.getByRole("button", { name: "Show the preview" }).click();
  const frame = page.frameLocator("iframe");
  await frame.locator("[data-plauder] >> css=button.bubble").click();
  const input = frame.locator("[data-plauder] >> css=textarea").last();
  await input.fill("when are you open");
  await input.press("Enter");
  await frame.locator("[data-plauder] >> css=.msg.bot", { hasText: "around the clock" }).first().waitFor({ timeout: 20000 });
  assert.deepEqual(problems, { errors: [], offsite: [] });
  await page.close();
});

test("a built bundle opens read-only to try questions against it as published; a damaged one is refused", async () => {
  const { page, problems } = await openStudio();
  await page.locator("input[type=file]").setInputFiles([join(ROOT, "www/dist/faq-en.plauder")]);
  const banner = page.locator(".notice.bundle");
  await banner.waitFor();
  assert.match(await banner.textContent(), /faq-en\.plauder · Plauder [\d.]+ · 18 entries · 76 phrasings/);
  assert.equal(await page.getByRole("tab").count(), 2, "only asking and grouping apply to a bundle");
  await page.locator(".entries .entry", { hasText: "Do you sell gift cards?" }).click();
  await page.locator(".editor h2", { hasText: "Do you sell gift cards?" }).waitFor();
  await page.fill("#ask-question", "how fast do you ship");
  await page.getByRole("button", { name: "Ask", exact: true }).click();
  const asked = page.locator(".asked .decision");
  await asked.waitFor();
  const cli = JSON.parse(execFileSync(PLAUDER, ["ask", join(ROOT, "www/dist/faq-en.plauder"), "how fast do you ship", "--json"], { encoding: "utf8" }));
  assert.equal(cli.decision.kind, "answer");
  const expected = await page.locator(".entries .entry .q").nth(cli.decision.entry).textContent();
  assert.ok((await asked.textContent()).includes(expected), `the studio answers as plauder ask: ${expected}`);
  await page.getByRole("button", { name: "Back to your entries" }).click();
  assert.equal(await banner.count(), 0);
  await page.locator("input[type=file]").setInputFiles([join(ROOT, "www/dist/corrupt.plauder")]);
  await page.locator(".notice", { hasText: "corrupt.plauder: " }).waitFor();
  assert.equal(await banner.count(), 0);
  assert.deepEqual(problems, { errors: [], offsite: [] });
  await page.close();
});
