// Plauder's answering worker: runs the answering engine (plauder-engine.js)
// off the host page's main thread. `cargo xtask dist` serves it with the
// engine's glue in the same file, in place of the import below.
//
// The loader sends it {module, bundle} once: the engine's module, compiled
// on the page while it downloaded, and the FAQ bundle. The panel then talks
// to it in responder::protocol's messages (JSON text), answered in order.
import init, { Engine } from "./plauder-engine.js";

let boot;
const engine = new Promise((resolve) => { boot = resolve; })
  .then(({ module, bundle }) => init({ module_or_path: module }).then(() => new Engine(bundle)));
// A FAQ that does not open is reported to the panel when it asks, not as an unhandled error.
// Once open, and once the messages that came meanwhile are answered, the search code is warmed up.
engine.then((e) => setTimeout(() => e.warmUp(), 0), () => {});

self.onmessage = ({ data }) => {
  if (typeof data !== "string") return boot(data);
  engine.then(
    (e) => self.postMessage(e.handle(data)),
    // The engine did not start: no Rust runs to write this, so its shape is
    // written here (protocol.rs tests that it matches Response::Failed).
    (err) => self.postMessage(JSON.stringify({ kind: "failed", why: String(err && err.message || err) })),
  );
};
