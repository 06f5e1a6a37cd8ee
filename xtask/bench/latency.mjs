// Drives headless Chromium through the browser latency page and prints its
// figures. Usage: node latency.mjs <url>
import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const url = process.argv[2];
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "plauder-bench-")), {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
try {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.result, null, { timeout: 120000 });
  const result = JSON.parse(await page.evaluate(() => document.body.dataset.result));
  if (errors.length) throw new Error("page errors: " + errors.join("; "));
  console.log(JSON.stringify(result));
} finally {
  await context.close();
}
