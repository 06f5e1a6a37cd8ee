// Starts Plauder Studio: compiles its module while it downloads, draws the
// page with it and hands the compiled module to the studio's worker (which
// reads, builds and answers), so that it is downloaded once.
import init, { start } from "./plauder-studio.js";

const root = document.getElementById("studio");
try {
  const module = await WebAssembly.compileStreaming(fetch(new URL("plauder-studio_bg.wasm", import.meta.url)));
  await init({ module_or_path: module });
  root.textContent = "";
  start(module, root);
} catch (error) {
  root.textContent = "Plauder Studio could not start in this browser: " + error;
}
