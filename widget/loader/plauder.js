/*! Plauder loader (MIT OR Apache-2.0): draws the chat bubble at once and loads the answering
 * widget only when the visitor shows interest. Options: www/embed.html. */
(function () {
  "use strict";
  if (window.Plauder && window.Plauder.loader) return;
  var script = document.currentScript;
  var cfg = {}, k, given = window.plauderSettings || {};
  for (k in given) cfg[k] = given[k];
  if (script) for (k in script.dataset) cfg[k] = script.dataset[k];
  var tag = "Plauder: ";
  var base = cfg.base;
  if (!base && script && script.src) base = new URL(".", script.src).href;
  if (!base) {
    console.error(tag + 'cannot tell where plauder.js is served from; set data-base="https://your.site/plauder/" on the script tag or plauderSettings.base');
    return;
  }
  var phone = String(cfg.phone || "");
  var phoneOk = /^[1-9][0-9]{7,14}$/.test(phone);
  if (!phoneOk) console.error(tag + "WhatsApp number '" + phone + "' is not valid: write it in international format with digits only, no +, spaces or leading zeros, e.g. data-phone=\"4915112345678\"");
  var de = /^de/i.test(cfg.lang || navigator.language || "");

  var host = document.createElement("div");
  host.setAttribute("data-plauder", "");
  var put = function (name, value) { host.style.setProperty(name, value, "important"); };
  put("position", "fixed"); put("bottom", "0"); put("right", "0"); put("width", "0"); put("height", "0");
  put("display", "block"); put("z-index", String(parseInt(cfg.zIndex, 10) || 2147483000));
  if (cfg.color) put("--plauder-accent", cfg.color);
  if (cfg.offsetX) put("--plauder-offset-x", cfg.offsetX);
  if (cfg.offsetY) put("--plauder-offset-y", cfg.offsetY);
  if (cfg.position === "left") host.setAttribute("data-position", "left");
  var root = host.attachShadow({ mode: "open" });
  var style = document.createElement("style");
  style.textContent =
    ".bubble{all:initial;position:fixed;bottom:var(--plauder-offset-y,20px);right:var(--plauder-offset-x,20px);width:60px;height:60px;" +
    "border-radius:50%;background:var(--plauder-accent,#b5451b);color:#fff;display:grid;place-items:center;cursor:pointer;" +
    "box-shadow:0 6px 20px rgba(0,0,0,.3);transition:transform .15s}" +
    ":host([data-position=left]) .bubble{right:auto;left:var(--plauder-offset-x,20px)}" +
    ".bubble:hover{transform:scale(1.06)}.bubble:focus-visible{outline:3px solid var(--plauder-focus,#2b6cb0);outline-offset:3px}" +
    ".bubble[aria-busy=true]{opacity:.8}.bubble svg{width:30px;height:30px;fill:currentColor}" +
    "@media (prefers-reduced-motion:reduce){.bubble{transition:none}}";
  var bubble = document.createElement("button");
  bubble.type = "button";
  bubble.className = "bubble";
  bubble.setAttribute("aria-label", cfg.label || (de ? "Chat öffnen: Fragen & Kontakt" : "Open chat: questions & contact"));
  bubble.setAttribute("aria-haspopup", "dialog");
  bubble.setAttribute("aria-expanded", "false");
  bubble.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>';
  root.appendChild(style);
  root.appendChild(bubble);
  var attach = function () { document.body.appendChild(host); };
  if (document.body) attach(); else document.addEventListener("DOMContentLoaded", attach);

  var vv = window.visualViewport;
  if (vv) vv.addEventListener("resize", function () { put("--plauder-vh", vv.height + "px"); });

  var loading = null, failed = false;
  // Each step of starting up is its own task, so none blocks the page for long.
  function tick(value) { return new Promise(function (resolve) { setTimeout(function () { resolve(value); }, 0); }); }
  function load() {
    if (loading) return loading;
    bubble.setAttribute("aria-busy", "true");
    var kb = new URL(cfg.kb || "faq.plauder", cfg.kb ? location.href : base).href;
    loading = import(new URL("plauder-widget.js", base).href)
      .then(function (mod) {
        return mod.default({ module_or_path: new URL("plauder-widget_bg.wasm", base) }).then(function () {
          return fetch(kb, { credentials: "same-origin" })
            .then(function (r) {
              if (!r.ok) throw new Error("HTTP " + r.status);
              return r.arrayBuffer();
            })
            .then(function (b) { return new Uint8Array(b); }, function (e) {
              console.warn(tag + "the FAQ at " + kb + " did not load (" + e.message + "); offering a person instead of answers");
              return undefined;
            })
            .then(tick)
            .then(function (bytes) {
              var settings = {};
              for (k in cfg) if (typeof cfg[k] === "string" || k === "strings") settings[k] = cfg[k];
              settings.pageUrl = location.href;
              settings.pageTitle = document.title;
              settings.browserLang = navigator.language || "";
              return mod.mount(root, JSON.stringify(settings), bytes, bubble, bytes && worker());
            });
        });
      })
      .catch(function (e) {
        failed = true;
        console.warn(tag + "the chat could not start (" + e + "); the bubble opens WhatsApp directly");
        return null;
      })
      .then(function (widget) { bubble.removeAttribute("aria-busy"); return widget; });
    return loading;
  }
  // The worker that answers off the main thread (files on another origin go
  // through a blob: module worker); the widget answers on the page when
  // there is none or it fails (a CSP without worker-src, say).
  function worker() {
    var url = new URL("plauder-worker.js", base).href;
    try { return new Worker(url, { type: "module" }); } catch (e) { /* another origin */ }
    try {
      return new Worker(URL.createObjectURL(new Blob(["import " + JSON.stringify(url) + ";"], { type: "text/javascript" })), { type: "module" });
    } catch (e) { return undefined; }
  }
  function clickToChat() {
    if (!phoneOk) return;
    var text = (cfg.template || "{page_url}").replace(/\{question\}/g, "").replace(/\{page_url\}/g, location.href)
      .replace(/\{page_title\}/g, document.title).replace(/\{business\}/g, cfg.name || "").trim();
    window.open("https://wa.me/" + phone + "?text=" + encodeURIComponent(text), "_blank", "noopener");
  }
  function withWidget(action) {
    return load().then(tick).then(function (widget) {
      if (widget) action(widget); else if (failed) clickToChat();
    });
  }
  ["pointerenter", "focus", "touchstart"].forEach(function (type) {
    bubble.addEventListener(type, load, { passive: true, once: true });
  });
  bubble.addEventListener("click", function () { withWidget(function (w) { w.toggle(); }); });
  if (cfg.preload === "idle" && !(navigator.connection && navigator.connection.saveData)) {
    (window.requestIdleCallback || function (f) { setTimeout(f, 2000); })(function () { load(); });
  }
  window.Plauder = {
    loader: "1",
    open: function () { return withWidget(function (w) { w.open(); }); },
    close: function () { return withWidget(function (w) { w.close(); }); },
    ask: function (text) { return withWidget(function (w) { w.ask(String(text)); }); },
  };
})();
