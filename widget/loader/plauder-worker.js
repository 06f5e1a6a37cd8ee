// Plauder's answering worker: runs the answering engine (plauder-engine.js)
// off the host page's main thread. `cargo xtask dist` serves it with the
// engine's glue in the same file, in place of the import below.
//
// The loader sends it {module, bundle, port} once: the engine's module,
// compiled on the page while it downloaded, the FAQ bundle, and the port on
// which the loader's first frame asks until the panel is there. The panel
// then talks to it in responder::protocol's messages (JSON text); the
// messages of both are answered in the order they came, each on its own
// channel.
//
// Once the panel is open (and the site and the visitor's connection allow
// it) the loader also sends {understand: {glue, wasm, base, tier2}}: once
// the first question has been answered (nothing competes with the first
// answer for the network), the worker fetches the second tier in the
// background: the encoder module, the encoder file the bundle names (kept
// with the Cache API) and the bundle's .tier2.plauder. Questions are
// answered by the first tier until it is ready, by both after; while it is
// arriving, a question the first tier would hand off or answer with a
// choice waits for it, at most the engine's encoderWaitMs (the panel shows
// it typing), and questions stay answered in order. If any part fails, one
// console warning, and the first tier carries on.
import init, { Engine } from "./plauder-engine.js";

let boot;
const engine = new Promise((resolve) => { boot = resolve; })
  .then(({ module, bundle }) => init({ module_or_path: module }).then(() => new Engine(bundle)));
// A FAQ that does not open is reported to the panel when it asks, not as an unhandled error.
// Once open, and once the messages that came meanwhile are answered, the search code is warmed up.
engine.then((e) => setTimeout(() => e.warmUp(), 0), () => {});

// The encoder, once the second tier is ready; where to fetch it, once allowed.
let encoder = null;
let understanding = null;
let understood = false;
let allowed = null;
let answered = false;

const CACHE = "plauder-encoder-v1";

function fetched(url) {
  return fetch(url).then((r) => {
    if (!r.ok) throw new Error("HTTP " + r.status + " for " + url);
    return r;
  });
}

// The encoder file: from the cache when an earlier visit kept it, else
// downloaded; kept only once it has loaded (checksum and version checked).
async function encoderFrom(url, glue) {
  let cache = null;
  try { cache = await caches.open(CACHE); } catch (e) { /* no Cache API here: download each time */ }
  const hit = cache && await cache.match(url);
  if (hit) {
    try { return new glue.Encoder(new Uint8Array(await hit.arrayBuffer())); } catch (e) { await cache.delete(url); }
  }
  const bytes = new Uint8Array(await (await fetched(url)).arrayBuffer());
  const loaded = new glue.Encoder(bytes);
  if (cache) {
    // Older encoders are not needed any more: a site keeps one.
    for (const old of await cache.keys()) if (old.url !== url) await cache.delete(old);
    await cache.put(url, new Response(bytes, { headers: { "content-type": "application/octet-stream" } })).catch(() => {});
  }
  return loaded;
}

function understand({ glue, wasm, base, tier2 }) {
  if (understanding || !answered) return;
  // Without a FAQ there is nothing to understand (the panel has said why).
  understanding = engine.catch(() => null).then(async (e) => {
    if (!e) return;
    const file = e.encoderFile();
    if (!file) return;
    const [code, module, second] = await Promise.all([
      import(glue),
      WebAssembly.compileStreaming(fetched(wasm)).catch(() => fetched(wasm).then((r) => r.arrayBuffer()).then(WebAssembly.compile)),
      fetched(tier2).then((r) => r.arrayBuffer()),
    ]);
    await code.default({ module_or_path: module });
    const loaded = await encoderFrom(new URL(file, base).href, code);
    if (loaded.fileName() !== file) throw new Error("the file is " + loaded.fileName() + ", the FAQ names " + file);
    e.attachSecondTier(new Uint8Array(second), loaded.checksum());
    encoder = loaded;
  }).catch((err) => {
    console.warn("Plauder: the encoder did not load (" + String(err && err.message || err) + "); answering without it");
  }).finally(() => { understood = true; });
}

// The question of an `ask` (or the first frame's `preview`) message, if it is one.
function question(text) {
  try {
    const message = JSON.parse(text);
    return (message.kind === "ask" || message.kind === "preview") && typeof message.question === "string" ? message.question : null;
  } catch (e) { return null; }
}

// The engine's reply to a message, with both tiers once the encoder is ready.
function respond(e, data, asked) {
  let embedding = null;
  try {
    if (asked !== null && encoder) embedding = encoder.encode(asked);
  } catch (err) {
    encoder = null;
    console.warn("Plauder: the encoder failed (" + String(err && err.message || err) + "); answering without it");
  }
  return embedding ? e.handleUnderstood(data, embedding) : e.handle(data);
}

// Answers one message on the channel it came by (`to`: the panel's, or the first frame's port).
async function answer(data, to) {
  let e;
  try {
    e = await engine;
  } catch (err) {
    // The engine did not start: no Rust runs to write this, so its shape is
    // written here (protocol.rs tests that it matches Response::Failed).
    to.postMessage(JSON.stringify({ kind: "failed", why: String(err && err.message || err) }));
    return;
  }
  const asked = question(data);
  let reply = respond(e, data, asked);
  if (asked !== null && understanding && !understood && !encoder) {
    const wait = e.encoderWaitMs();
    if (wait > 0) {
      await Promise.race([understanding, new Promise((resolve) => setTimeout(resolve, wait))]);
      if (encoder) reply = respond(e, data, asked);
    }
  }
  to.postMessage(reply);
  if (!answered && asked !== null) {
    answered = true;
    if (allowed) understand(allowed);
  }
}

// Messages are answered one after the other, in the order they came.
let queue = Promise.resolve();
function heard(data, to) {
  if (typeof data === "string") queue = queue.then(() => answer(data, to));
}
self.onmessage = ({ data }) => {
  if (typeof data !== "string") {
    if (data && data.port) data.port.onmessage = (event) => heard(event.data, data.port);
    if (!data || !data.understand) return boot(data);
    allowed = data.understand;
    return answered && understand(allowed);
  }
  heard(data, self);
};
