/*! Plauder loader (MIT OR Apache-2.0): draws the chat bubble at once, opens its panel at once, and
 * loads what answers only when the visitor shows interest. Options: www/embed.html. */
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
  var lang = /^de/i.test(cfg.lang || navigator.language || "") ? "de" : "en";
  // The first frame's words; the panel's own are in widget/src/i18n.rs, and a test keeps these equal to them.
  var S = /*strings*/{"en":{"title":"Questions? We're here.","greeting":"Hi! Ask me anything about our shop — I answer right away, and a person is one tap away.","placeholder":"Type your question…","input_label":"Your question","send":"Send","close":"Close chat","talk_to_person":"Talk to a person","preparing":"Getting the answers ready…","asked_for_human":"Sure! Continue with a person:","whatsapp":"Continue on WhatsApp","telegram":"Telegram","messenger":"Messenger","email":"E-mail","phone":"Call us","more_info":"More"},"de":{"title":"Fragen? Wir sind da.","greeting":"Hallo! Fragen Sie mich alles zu unserem Shop — ich antworte sofort, und ein Mensch ist nur einen Tipp entfernt.","placeholder":"Ihre Frage…","input_label":"Ihre Frage","send":"Senden","close":"Chat schließen","talk_to_person":"Mit einem Menschen sprechen","preparing":"Antworten werden vorbereitet…","asked_for_human":"Gern! Weiter mit einem Menschen:","whatsapp":"Weiter auf WhatsApp","telegram":"Telegram","messenger":"Messenger","email":"E-Mail","phone":"Anrufen","more_info":"Mehr"}}/*end*/;
  function t(key) { return (cfg.strings && cfg.strings[key]) || S[lang][key]; }

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
  // The bubble's and the first frame's styles (the panel adds the rest: widget/src/style.css). A
  // constructed stylesheet passes a strict CSP (style-src 'self'); <style> is for older browsers.
  var css = "__PLAUDER_CSS__";
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch (e) {
    el(root, "style").textContent = css;
  }
  // A new element, last in `parent`: its class, its text (as text) and its attributes.
  function el(parent, name, cls, text, attrs) {
    var node = parent.appendChild(name == "svg" || name == "path" ? document.createElementNS("http://www.w3.org/2000/svg", name) : document.createElement(name));
    if (cls) node.setAttribute("class", cls);
    if (text) node.textContent = text;
    // Own keys only: a page that adds to Object.prototype adds nothing here.
    Object.keys(attrs || {}).forEach(function (a) { node.setAttribute(a, attrs[a]); });
    return node;
  }
  var bubble = el(root, "button", "bubble", "", {
    type: "button", "aria-haspopup": "dialog", "aria-expanded": "false",
    "aria-label": cfg.label || (lang == "de" ? "Chat öffnen: Fragen & Kontakt" : "Open chat: questions & contact"),
  });
  el(el(bubble, "svg", "", "", { viewBox: "0 0 24 24", "aria-hidden": "true" }), "path", "", "", { d: "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z" });
  var attach = function () { document.body.appendChild(host); };
  if (document.body) attach(); else document.addEventListener("DOMContentLoaded", attach);

  var vv = window.visualViewport;
  if (vv) vv.addEventListener("resize", function () { put("--plauder-vh", vv.height + "px"); });

  // The first frame: until the panel's module is there, this panel takes questions (answered,
  // in order, once answering is ready) and offers every channel.
  // `acts`: what the first frame was asked, in order (["ask", text, decision once the engine decided,
  // the question's message] or ["person"]), for the panel to take over.
  var shell, shown = false, given, log, input, acts = [], widget = null, failed = false, booted = null;
  // Interest builds the first frame in tasks of their own, laid out but invisible ("pending"), so
  // that the tap's click only shows it: building it and laying it out in the click took most of a
  // slow phone's 100 ms. Its text comes first and its form (whose controls are the costly part of
  // its layout) in a task after the frame that laid the text out, so that neither layout is one
  // long task (48 ms together at CPU 4×); the click builds what is not there yet.
  function shellBuild(textOnly) {
    if (!shell && !widget) {
      // Its ids differ from the panel's: for a moment, while the panel takes over, both are there.
      shell = el(root, "div", "panel first-frame pending", "", { role: "dialog", "aria-modal": "true", "aria-labelledby": "plauder-first-title", lang: lang });
      var head = el(shell, "div", "header"), name = cfg.name || t("title");
      el(head, "span", "avatar", name.charAt(0), { "aria-hidden": "true" });
      var who = el(head, "div", "who");
      el(who, "h2", "", name, { id: "plauder-first-title" });
      el(who, "p", "status");
      el(head, "button", "close", "×", { type: "button", "aria-label": t("close") }).onclick = function () { shellOpen(false); };
      log = el(shell, "div", "log", "", { "aria-live": "polite" });
      el(log, "div", "msg bot", cfg.greeting || t("greeting"));
      el(el(shell, "div", "person-row"), "button", "person", t("talk_to_person"), { type: "button" }).onclick = function () {
        if (widget) return widget.person();
        acts.push(["person"]);
        channels();
      };
    }
    if (shell && !input && !textOnly) {
      var form = el(shell, "form", "composer");
      el(form, "label", "sr-only", t("input_label"), { for: "plauder-first-input" });
      input = el(form, "textarea", "", "", { id: "plauder-first-input", rows: 1, maxlength: 500, autocomplete: "off", placeholder: t("placeholder") });
      el(form, "button", "send", "➤", { type: "submit", "aria-label": t("send") });
      form.onsubmit = function (e) { e.preventDefault(); shellAsk(input.value); input.value = ""; };
      input.onkeydown = function (e) {
        if (e.key == "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.onsubmit(e); }
      };
      shell.onkeydown = function (e) {
        if (e.key == "Escape") shellOpen(false);
        var all = shell.querySelectorAll("button,textarea,a[href]"), last = all[all.length - 1];
        var at = root.activeElement;
        if (e.key == "Tab" && (e.shiftKey ? at == all[0] : at == last)) { e.preventDefault(); (e.shiftKey ? last : all[0]).focus(); }
      };
    }
  }
  // Whether the visitor sees the first frame (a pending one was never opened).
  function shellShown() { return shown && !shell.hidden; }
  function shellOpen(open) {
    if (!shell && !open) return;
    shellBuild();
    if (open) shell.classList.remove("pending");
    shown = shown || open;
    shell.hidden = !open;
    if (open && failed && !log.querySelector(".handoff")) channels();
    bubble.setAttribute("aria-expanded", String(open));
    if (open) input.focus(); else if (root.activeElement) bubble.focus();
  }
  function shellAsk(text) {
    // The panel's limit (responder::limits::QUESTION_CHARS; a widget test keeps the two equal).
    text = String(text).trim().slice(0, 500).trim();
    // Sent in the moment the panel takes over: the panel asks it.
    if (widget) return widget.ask(text);
    if (!text) return;
    shellOpen(true);
    var act = ["ask", text, 0, el(log, "div", "msg visitor", text)];
    acts.push(act);
    log.appendChild(log.querySelector(".preparing") || el(log, "div", "msg bot preparing", t("preparing")));
    log.scrollTop = log.scrollHeight;
    if (booted) booted.ask(act);
  }
  function channels() {
    var asked = acts.filter(function (a) { return a[0] == "ask"; }).map(function (a) { return a[1]; }).join("\n");
    var text = encodeURIComponent((cfg.template || "{question}\n\n({page_url})").replace(/\{question\}/g, asked)
      .replace(/\{page_url\}/g, location.href).replace(/\{page_title\}/g, document.title).replace(/\{business\}/g, cfg.name || "").trim());
    var card = el(log, "div", "msg bot card handoff");
    el(card, "p", "", t("asked_for_human"));
    var list = el(card, "div", "channels"), handle = /^@?([\w.-]+)$/;
    function link(kind, href) {
      el(list, "a", "channel " + kind, t(kind), { href: href, target: "_blank", rel: "noopener noreferrer" });
    }
    if (phoneOk) link("whatsapp", "https://wa.me/" + phone + "?text=" + text);
    if (handle.test(cfg.telegram)) link("telegram", "https://t.me/" + handle.exec(cfg.telegram)[1]);
    if (handle.test(cfg.messenger)) link("messenger", "https://m.me/" + handle.exec(cfg.messenger)[1] + "?text=" + text);
    if (/^[^\s@?&]+@[^\s@?&]+$/.test(cfg.email)) link("email", "mailto:" + cfg.email + "?subject=" + encodeURIComponent(document.title) + "&body=" + text);
    if (/^\+?[\d ()/-]{5,}$/.test(cfg.tel)) link("phone", "tel:" + cfg.tel.replace(/[^\d+]/g, ""));
    log.scrollTop = log.scrollHeight;
  }

  var loading = null, wanted = false;
  // The FAQ bundle: data-kb relative to the page, else faq.plauder beside plauder.js.
  function faq() { return new URL(cfg.kb || "faq.plauder", cfg.kb ? location.href : base); }
  // The second tier may load once the panel has been opened (plauder-boot.js decides).
  function understand() { wanted = true; if (booted) booted.understand(); }
  // On interest everything the first answer needs starts downloading at once: the FAQ, the engine
  // that answers, the worker it answers in, and the panel's glue with the rest of starting up
  // (widget/loader/plauder-boot.js), which compiles the engine, answers the first frame's questions
  // and mounts the panel.
  function load() {
    if (loading) return loading;
    bubble.setAttribute("aria-busy", "true");
    var kb = fetch(faq(), { credentials: "same-origin" }), engine = WebAssembly.compileStreaming(fetch(new URL("plauder-engine_bg.wasm", base)));
    // The worker that answers starts now, beside the downloads (on another origin this throws, and
    // the boot starts one through a blob: URL). A worker the page does not allow fails with an
    // event, maybe before the boot is here.
    var w, dead = false, policy, workerUrl = new URL("plauder-worker.js", base).href;
    // A page that enforces Trusted Types takes a script URL only from a policy: ours, "plauder"
    // (allowed with `trusted-types plauder`, www/embed.html), passes the worker's script and the
    // blob: URL that imports it. Where policies are restricted and ours is not allowed, this throws
    // and the panel answers on the page.
    function script(url) {
      if (!window.trustedTypes) return url;
      if (policy === undefined) {
        // Asked once: a refusal leaves it null, and the next script URL throws without asking again.
        policy = null;
        policy = trustedTypes.createPolicy("plauder", {
          createScriptURL: function (u) {
            if (u == workerUrl || /^blob:/.test(u)) return u;
            throw new Error("not a Plauder script: " + u);
          },
        });
      }
      return policy.createScriptURL(url);
    }
    try {
      w = new Worker(script(workerUrl), { type: "module" });
      // Noted until the boot, which listens for it from then on.
      w.addEventListener("error", function (e) { dead = true; e.preventDefault(); });
    } catch (e) { /* another origin, or a script URL the page refuses */ }
    loading = import(new URL("plauder-widget.js", base).href)
      .then(function (m) {
        booted = m.boot({
          cfg: cfg, base: base, root: root, bubble: bubble, kb: kb, engine: engine, worker: w, dead: function () { return dead; }, script: script,
          acts: acts, t: t, el: el, log: function () { return log; }, taken: function () { return widget; },
          faq: faq, wanted: function () { return wanted; },
          // The first frame the panel is given (and removes once it shows), if the visitor opened one.
          mounting: function () { return (given = shown ? shell : null); },
        });
        return booted.mounted;
      })
      .then(function (mounted) {
        // The panel takes over the first frame: what was asked there, in order (what the engine
        // already decided is not asked again), and whether it is open.
        widget = mounted;
        var open = shellShown();
        acts.forEach(function (a) { if (a[2]) widget.answered(a[1], a[2]); else widget[a[0]](a[1]); });
        if (open) widget.open();
        // The panel removes the first frame it was given once it shows; one
        // drawn while the panel was mounting is not its to remove.
        if (shell && (!open || shell !== given)) shell.remove();
      }, function (e) {
        failed = true;
        console.warn(tag + "the chat could not start (" + e + "); the panel offers a person directly");
        if (shellShown()) shellOpen(true);
      })
      .then(function () { bubble.removeAttribute("aria-busy"); });
    // A FAQ or engine that cannot be fetched is the boot's to report.
    kb.catch(function () {});
    engine.catch(function () {});
    return loading;
  }
  // Interest starts the downloads in a task of its own: a tap's touchstart returns at once, and the
  // click that follows draws the first frame without waiting for them to be started.
  ["pointerenter", "focus", "touchstart"].forEach(function (type) {
    bubble.addEventListener(type, function () {
      setTimeout(function () { shellBuild(1); requestAnimationFrame(function () { setTimeout(shellBuild, 0); }); }, 0);
      setTimeout(load, 0);
    }, { passive: true, once: true });
  });
  bubble.addEventListener("click", function () {
    if (widget) widget.toggle(); else shellOpen(!shellShown());
    setTimeout(function () { load(); understand(); }, 0);
  });
  if (cfg.preload === "idle" && !(navigator.connection && navigator.connection.saveData)) {
    (window.requestIdleCallback || function (f) { setTimeout(f, 2000); })(function () { load(); });
  }
  // Before the panel's module is there, the first frame does what the panel will.
  function now(action, first) {
    load();
    if (widget) action(widget); else first();
    return loading;
  }
  window.Plauder = {
    loader: "2",
    open: function () { var p = now(function (w) { w.open(); }, function () { shellOpen(true); }); understand(); return p; },
    close: function () { return now(function (w) { w.close(); }, function () { shellOpen(false); }); },
    ask: function (text) { var p = now(function (w) { w.ask(String(text)); }, function () { shellAsk(text); }); understand(); return p; },
  };
})();
