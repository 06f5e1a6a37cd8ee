// Drives headless Chromium through the encoder benchmark page at CPU 1× and
// 4× (Chromium's CPU throttling) and prints one JSON line per run.
//   node encoder.mjs <url-of-encoder.html> <encoder-file-name>
import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const [url, file] = process.argv.slice(2);

for (const cpu of [1, 4]) {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "plauder-encoder-")), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
    await page.goto(`${url}?encoder=${encodeURIComponent(file)}&runs=${cpu === 1 ? 200 : 60}`);
    await page.waitForFunction(() => document.body.dataset.result, null, { timeout: 600000 });
    const result = JSON.parse(await page.evaluate(() => document.body.dataset.result));
    if (result.error) throw new Error(result.error);
    console.log(JSON.stringify({ cpu, ...result }));
  } finally {
    await context.close();
  }
}
