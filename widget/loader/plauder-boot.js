/*! Plauder boot (MIT OR Apache-2.0): the rest of starting up, downloaded only once the visitor shows interest. */
// `cargo xtask dist` appends this to the panel's glue (plauder-widget.js), in place of the import
// below, and inlines plauder-boot.css; so it arrives with the first of the downloads the loader
// (plauder.js) starts on interest, and the loader itself stays small.
//
// The loader hands over what it started (the FAQ bundle and the engine downloading, the worker)
// and its first frame. From here:
// - the engine compiles while the rest of it downloads;
// - the worker gets the compiled engine, the bundle and a port of its own for the first frame;
// - questions asked in the first frame go to the worker on that port as responder::protocol's
//   `preview`, and an answer is drawn in the first frame as soon as it comes (a choice or a
//   handoff waits for the panel, which draws those with all they need);
// - the panel's module downloads once the engine has (the first answer needs only the engine, so
//   the two do not share the visitor's bandwidth), starts once the first frame's questions have
//   their replies (so its instantiation and mount do not hold the first answer back), then mounts
//   and takes the first frame over, with what the engine already decided.
import init, { mount } from "./plauder-widget.js";

const CSS = "__PLAUDER_BOOT_CSS__";

// The longest the panel's module waits for the worker's replies to the first frame's questions.
const REPLY_WAIT_MS = 2000;

// Each step of starting up is its own task, so none blocks the page for long.
function tick(value) { return new Promise((resolve) => { setTimeout(() => resolve(value), 0); }); }

function adopt(root, css) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch (e) {
    root.appendChild(document.createElement("style")).textContent = css;
  }
}

// The safe rich text of an answer (responder::rich, as JSON): text only ever goes in as text, links
// passed the builder's check, and only these schemes (or none) are followed here too.
function blocks(el, parent, list) { for (const b of list) block(el, parent, b); }
function block(el, parent, b) {
  const [kind, v] = Object.entries(b)[0];
  if (kind === "p") inlines(el, el(parent, "p"), v);
  else if (kind === "h") inlines(el, el(el(parent, "p"), "strong"), v);
  else if (kind === "code") el(el(parent, "pre"), "code", "", v);
  else if (kind === "quote") blocks(el, el(parent, "blockquote"), v);
  else if (kind === "list") {
    const list = el(parent, v.ordered ? "ol" : "ul");
    for (const item of v.items) blocks(el, el(list, "li"), item);
  }
}
function inlines(el, parent, list) {
  for (const i of list) {
    if (i === "br") { el(parent, "br"); continue; }
    const [kind, v] = Object.entries(i)[0];
    if (kind === "text") parent.append(v);
    else if (kind === "strong" || kind === "em") inlines(el, el(parent, kind), v);
    else if (kind === "code") el(parent, "code", "", v);
    else if (kind === "link") inlines(el, link(el(parent, "a"), v.href), v.text);
  }
}
function link(a, href) {
  if (/^(https?:|mailto:|tel:)/i.test(href) || !/^[^/?#]*:/.test(href)) a.href = href;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  return a;
}

// A module compiling while it downloads (`compiling`, or started here), compiled after it if the
// server sent wasm with another type.
function compile(url, compiling = WebAssembly.compileStreaming(fetch(url))) {
  return compiling.catch(() => fetch(url).then((r) => r.arrayBuffer()).then(WebAssembly.compile));
}

// A worker for files on another origin, which `new Worker` refuses: a blob: module worker that
// imports the script (the loader starts the worker itself everywhere else).
// `script` makes a URL a script URL as the page allows (plauder.js: Trusted Types).
function blobWorker(url, script) {
  try {
    const blob = new Blob([`import ${JSON.stringify(url)};`], { type: "text/javascript" });
    return new Worker(script(URL.createObjectURL(blob)), { type: "module" });
  } catch (e) { return undefined; }
}

/** Starts the rest (see above); returns {ask(act), understand(), mounted: promise of the panel}. */
export function boot(x) {
  const { root, acts, t, el } = x;
  const at = (name) => new URL(name, x.base).href;
  const faq = x.faq().href;
  const bytes = x.kb
    .then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.arrayBuffer();
    })
    .then((b) => new Uint8Array(b), (e) => {
      console.warn(`Plauder: the FAQ at ${faq} did not load (${e.message}); offering a person instead of answers`);
    });
  const engine = compile(at("plauder-engine_bg.wasm"), x.engine);
  const w = x.worker || blobWorker(at("plauder-worker.js"), x.script);
  adopt(root, CSS);
  let startPanel;
  const panel = new Promise((resolve) => { startPanel = resolve; })
    .then(() => compile(at("plauder-widget_bg.wasm")));
  if (w && !x.dead()) engine.then(startPanel, startPanel);
  else startPanel();
  // The worker failed (a page that does not allow it; before the boot, the loader noted it): the
  // panel answers on the page, so it need not wait.
  let lost = false;
  const dead = () => lost || x.dead();
  if (w) w.addEventListener("error", (e) => { e.preventDefault(); lost = true; startPanel(); replied(); });
  // The worker gets the engine compiled on the page (or, if that failed, loads it itself), the FAQ
  // and the first frame's port.
  const channel = w && new MessageChannel();
  engine.catch(() => {}).then((module) => bytes.then((b) => {
    if (w && b && !dead()) w.postMessage({ module, bundle: b, port: channel.port2 }, [channel.port2]);
  }));
  // The first frame's questions waiting for their reply, oldest first (the worker answers in order);
  // each is the loader's act: ["ask", text, decision, its message, its answer as drawn here].
  const sent = [];
  // Those waiting for the first frame's questions to be replied to (see `mounted`).
  let waiting = [];
  // `drawn`: a reply just came in, and its answer is drawn in this task. Then the panel starts
  // once the frame showing it has been painted: started at once, its instantiation and mount ran
  // before that frame and held the answer's paint back (one 50-90 ms task on localhost).
  function replied(drawn) {
    if (sent.length && !dead()) return;
    const go = waiting;
    waiting = [];
    const start = () => go.forEach((resolve) => resolve());
    if (drawn) requestAnimationFrame(() => setTimeout(start, 0));
    else start();
  }
  function ask(act) {
    if (!channel || dead()) return;
    sent.push(act);
    // The shape of responder::protocol::Request::Preview (a test there pins it).
    channel.port1.postMessage(JSON.stringify({ kind: "preview", question: act[1] }));
  }
  if (channel) {
    channel.port1.onmessage = ({ data }) => {
      const act = sent.shift();
      replied(true);
      // Once the panel took over, it asked again what was still waiting.
      if (!act || x.taken()) return;
      let reply = null;
      try { reply = JSON.parse(data); } catch (e) { /* not for here */ }
      // A failure is the panel's to report (it asks the worker, then the page).
      if (!reply || reply.kind !== "previewed") return;
      act[2] = JSON.stringify(reply.decided);
      if (reply.entry) show(act, reply.entry);
    };
  }
  // An answer, below its question, as the panel draws it (without the feedback, which is the panel's).
  function show(act, entry) {
    const answer = document.createElement("div");
    answer.className = "msg bot answer";
    el(answer, "p", "question", entry.question);
    blocks(el, answer, entry.answer);
    if (entry.link) link(el(el(answer, "p"), "a", "", t("more_info") + " →"), entry.link);
    act[3].after(answer);
    act[4] = answer;
    // "Getting the answers ready…" stays while a question has nothing to show yet.
    const log = x.log();
    const preparing = log.querySelector(".preparing");
    if (preparing && acts.every((a) => a[0] !== "ask" || a[4])) preparing.remove();
    log.scrollTop = log.scrollHeight;
  }
  for (const act of acts) if (act[0] === "ask") ask(act);
  // Where no worker answers, the engine opens on the page.
  function here(b) {
    return import(at("plauder-engine.js"))
      // If the compile here failed, the glue downloads the engine itself.
      .then((m) => m.default({ module_or_path: engine.catch(() => {}) }).then(() => new m.Engine(b)));
  }
  // The panel's module starts once the first frame's questions have their replies (at most
  // REPLY_WAIT_MS; without a FAQ nothing replies): its instantiation and mount are the page's
  // longest tasks, and run while a reply comes in they would hold the first answer back (on a fast
  // network the module is there before it).
  const quiet = (b) => new Promise((resolve) => {
    if (!b) return resolve();
    waiting.push(resolve);
    setTimeout(resolve, REPLY_WAIT_MS);
    replied();
  });
  const mounted = Promise.all([panel, bytes])
    .then(([module, b]) => quiet(b).then(() => init({ module_or_path: module })).then(tick).then(() => {
      const settings = {};
      for (const k in x.cfg) if (typeof x.cfg[k] === "string" || k === "strings") settings[k] = x.cfg[k];
      settings.pageUrl = location.href;
      settings.pageTitle = document.title;
      settings.browserLang = navigator.language || "";
      if (dead() || !b) w && w.terminate();
      return mount(root, JSON.stringify(settings), b, x.bubble, dead() ? undefined : w, here, x.mounting());
    }))
    .then(tick);
  // The second tier (the sentence encoder, about 12 MB, kept by the browser) is fetched by the worker
  // once the panel has been opened and a first question answered: not where the site turned it off
  // (data-encoder="off") or, unless it says "always", when the visitor saves data or is on 2G/3G.
  let understood = false;
  function understand() {
    const c = navigator.connection, mode = x.cfg.encoder || "auto";
    if (understood || !w || dead() || mode === "off") return;
    if (mode !== "always" && c && (c.saveData || /2g|3g/.test(c.effectiveType || ""))) return;
    understood = true;
    const kb = x.faq();
    kb.pathname = kb.pathname.replace(/(\.[^./]*)?$/, ".tier2.plauder");
    w.postMessage({ understand: { glue: at("plauder-encoder.js"), wasm: at("plauder-encoder_bg.wasm"), base: x.base, tier2: kb.href } });
  }
  if (x.wanted()) understand();
  return { ask, mounted, understand };
}
