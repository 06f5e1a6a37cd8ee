// `cargo xtask bench-studio`: Plauder Studio with a large FAQ in headless
// Chromium. Opens the given CSV, waits for the build (time from the file
// picked to "Built", and the studio's own figure: worker round trip of
// check + build + quiz), then types into the answer field with a key every
// 50 ms and records every main-thread task over 50 ms (Long Tasks API) and
// the slowest key (Event Timing) meanwhile, then waits for the rebuild.
// Prints one JSON line.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const [url, csv] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await page.goto(url);
await page.waitForSelector(".studio .bar");
await page.evaluate(() => {
  window.longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e.duration); })
    .observe({ type: "longtask", buffered: false });
  window.keys = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.name.startsWith("key")) window.keys.push(e.duration); })
    .observe({ type: "event", durationThreshold: 16, buffered: false });
});
const builtMs = async () => {
  const status = await page.locator(".status").textContent();
  return Number(/· (\d+) ms/.exec(status)[1]);
};
// The worker's own figures, shown under "Weak spots".
const timings = async () => {
  await page.getByRole("tab", { name: "Weak spots" }).click();
  const text = await page.locator(".fit").textContent();
  const m = /build (\d+) ms, check (\d+) ms, quiz (\d+) ms/.exec(text);
  return m ? m.slice(1).map(Number) : null;
};
const t0 = Date.now();
await page.locator("input[type=file]").setInputFiles([csv]);
await page.waitForSelector(".status:has-text('Built')", { timeout: 300000 });
const openToBuilt = Date.now() - t0;
const firstBuild = await builtMs();
const openTasks = await page.evaluate(() => window.longTasks.splice(0));
const phases = await timings();
const count = await page.locator(".entries .entry").count();
await page.locator(".entries .entry").nth(Math.floor(count / 2)).click();
await page.locator("#f-answer").focus();
await page.keyboard.press("End");
await page.keyboard.type(" Typed while the studio builds in its worker.", { delay: 50 });
const typing = await page.evaluate(() => ({ tasks: window.longTasks.splice(0), keys: window.keys.splice(0) }));
await page.waitForSelector(".status:not(:has-text('Built'))", { timeout: 10000 });
await page.waitForSelector(".status:has-text('Built')", { timeout: 300000 });
const rebuild = await builtMs();
const entries = count;
console.log(JSON.stringify({
  entries,
  open_to_built_ms: openToBuilt,
  build_ms: firstBuild,
  rebuild_ms: rebuild,
  timings_ms: phases,
  open_long_tasks_ms: openTasks.map(Math.round),
  typing_long_tasks_ms: typing.tasks.map(Math.round),
  typing_slowest_key_ms: Math.max(0, ...typing.keys),
}));
await browser.close();
