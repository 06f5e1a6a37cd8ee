// Tap on the bubble → panel visible, and → first answer, on the demo site as a phone visitor meets it:
// a 390×844 touch viewport, the browser cache disabled, a fresh profile per run, files served gzipped,
// under Chromium's network and CPU emulation. The question goes in the moment the input shows.
// Also: the bytes downloaded (as sent, i.e. compressed) before the first answer, the longest
// main-thread task from tap to answer, and the longest in the 300 ms after it.
//   node first-answer.mjs <url> [runs]      (PLAUDER_FINGER_MS: how long the finger rests, default 50)
// Prints one JSON line per profile.
import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const [url, runs = "5"] = process.argv.slice(2);
// How long a tap's finger rests on the glass before it lifts (the click).
const FINGER_MS = Number(process.env.PLAUDER_FINGER_MS ?? 50);

// Chrome's presets: "Fast 3G" and a 4G-like profile (bytes per second, ms).
const PROFILES = [
  { name: "localhost", cpu: 1 },
  { name: "localhost, CPU 4x", cpu: 4 },
  { name: "4G", cpu: 1, net: { down: 9e6 / 8, up: 9e6 / 8, latency: 170 } },
  { name: "4G, CPU 4x", cpu: 4, net: { down: 9e6 / 8, up: 9e6 / 8, latency: 170 } },
  { name: "Fast 3G", cpu: 1, net: { down: 1.44e6 / 8, up: 675e3 / 8, latency: 562.5 } },
  { name: "Fast 3G, CPU 4x", cpu: 4, net: { down: 1.44e6 / 8, up: 675e3 / 8, latency: 562.5 } },
];

async function once(profile) {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "plauder-first-")), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  // Bytes as they came over the wire, page and worker alike.
  const bytes = new Map();
  cdp.on("Network.loadingFinished", (e) => bytes.set(e.requestId, e.encodedDataLength));
  const names = new Map();
  cdp.on("Network.requestWillBeSent", (e) => names.set(e.requestId, e.request.url));
  await page.goto(url, { waitUntil: "load" });
  await page.locator("[data-plauder] >> css=button.bubble").waitFor();
  if (profile.net) {
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false, latency: profile.net.latency, downloadThroughput: profile.net.down, uploadThroughput: profile.net.up,
    });
  }
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: profile.cpu });
  const before = new Set(bytes.keys());
  const result = await page.evaluate(async (finger) => {
    const longTasks = [];
    new PerformanceObserver((list) => longTasks.push(...list.getEntries()))
      .observe({ type: "longtask" });
    const root = document.querySelector("[data-plauder]").shadowRoot;
    const bubble = root.querySelector("button.bubble");
    const task = () => new Promise((r) => setTimeout(r, 0));
    // A tap: touchstart, the finger on the glass for `finger` ms (most taps last longer), then
    // the click, in a task of its own. Times are from the click, the moment the finger lifts, as
    // Interaction to Next Paint times a tap.
    bubble.dispatchEvent(new Event("touchstart"));
    await new Promise((r) => setTimeout(r, finger));
    const start = performance.now();
    bubble.click();
    // Visible: the first frame drawn with the panel's input in it.
    do await new Promise((r) => requestAnimationFrame(r));
    while (!root.querySelector(".panel:not([hidden]):not(.pending) textarea"));
    const panel = performance.now() - start;
    // The visitor sends a question, in a task of its own, the moment the input shows.
    await task();
    window.Plauder.ask("when will my coffee arrive?");
    while (!root.querySelector(".answer")) await new Promise((r) => setTimeout(r, 5));
    const answeredAt = performance.now();
    const answer = answeredAt - start;
    // Long tasks are reported a moment after they end; those that began before the answer was
    // drawn held it back, those after it (the panel's mount, once the answer is there) did not.
    await new Promise((r) => setTimeout(r, 300));
    const longest = (tasks) => Math.round(Math.max(0, ...tasks.map((e) => e.duration)));
    return {
      panel_ms: panel,
      answer_ms: answer,
      longest_task_ms: longest(longTasks.filter((e) => e.startTime < answeredAt)),
      longest_after_ms: longest(longTasks.filter((e) => e.startTime >= answeredAt)),
    };
  }, FINGER_MS);
  let total = 0;
  const files = {};
  for (const [id, size] of bytes) {
    if (before.has(id)) continue;
    total += size;
    const name = (names.get(id) || "?").split("/").pop();
    files[name] = (files[name] || 0) + size;
  }
  await context.close();
  return { ...result, bytes: total, files };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// PLAUDER_PROFILES: only the profiles whose names contain one of these (comma-separated).
const only = process.env.PLAUDER_PROFILES?.split(",");
for (const profile of PROFILES.filter((p) => !only || only.some((o) => p.name.includes(o)))) {
  const results = [];
  for (let run = 0; run < Number(runs); run++) results.push(await once(profile));
  console.log(JSON.stringify({
    profile: profile.name,
    runs: results.length,
    panel_ms: median(results.map((r) => r.panel_ms)),
    answer_ms: median(results.map((r) => r.answer_ms)),
    answer_max_ms: Math.max(...results.map((r) => r.answer_ms)),
    longest_task_ms: Math.max(...results.map((r) => r.longest_task_ms)),
    longest_after_ms: Math.max(...results.map((r) => r.longest_after_ms)),
    bytes: median(results.map((r) => r.bytes)),
    files: results[0].files,
  }));
}
