// Loads Plauder's encoder and onnxruntime-web (single-threaded wasm, the
// same all-MiniLM-L6-v2 as an int8 ONNX file) in turn, in this worker, and
// measures: bytes in, time from bytes to ready, per-question time (p50,
// p95) on a 12-token question, and the cosine between the two engines'
// embeddings. Both read the token ids of Plauder's tokenizer.
import init, { Encoder } from "./plauder-encoder.js";
import * as ort from "./ort.wasm.min.mjs";

const QUESTION = "can i still change the delivery address after ordering?"; // 12 tokens with [CLS] and [SEP]
const OTHERS = [
  "How long does delivery take?",
  "my card was declined at the checkout, why?",
  "What are the symptoms of COVID-19?",
  "I would like to speak to a real person please",
];

const stats = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50_ms: at(0.5), p95_ms: at(0.95) };
};

async function timed(fn, runs) {
  for (let i = 0; i < 10; i++) await fn(); // warm up
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return stats(times);
}

const bytesOf = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());

async function plauder(file, runs) {
  const start = performance.now();
  const [module, bytes] = await Promise.all([
    WebAssembly.compileStreaming(fetch("./plauder-encoder_bg.wasm")),
    bytesOf(file),
  ]);
  const arrived = performance.now();
  await init({ module_or_path: module });
  const encoder = new Encoder(bytes);
  const ready = performance.now();
  const tokens = encoder.tokens(QUESTION).length;
  return {
    encoder,
    result: {
      tokens,
      download_and_ready_ms: ready - start,
      ready_after_bytes_ms: ready - arrived,
      ...await timed(() => encoder.encode(QUESTION), runs),
    },
  };
}

function pooled(hidden, n) {
  const dims = hidden.length / n;
  const v = new Float32Array(dims);
  for (let t = 0; t < n; t++) for (let d = 0; d < dims; d++) v[d] += hidden[t * dims + d];
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

async function onnx(encoder, runs) {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = new URL("./", self.location.href).href;
  const start = performance.now();
  const model = await bytesOf("./model.onnx");
  const arrived = performance.now();
  const session = await ort.InferenceSession.create(model, { executionProviders: ["wasm"] });
  const ready = performance.now();
  const embed = async (text) => {
    const ids = Array.from(encoder.tokens(text));
    const n = ids.length;
    const tensor = (values) => new ort.Tensor("int64", BigInt64Array.from(values, (x) => BigInt(x)), [1, n]);
    const out = await session.run({
      input_ids: tensor(ids),
      attention_mask: tensor(ids.map(() => 1)),
      token_type_ids: tensor(ids.map(() => 0)),
    });
    return pooled(out.last_hidden_state.data, n);
  };
  const cosines = [];
  for (const text of [QUESTION, ...OTHERS]) {
    const a = encoder.encode(text);
    const b = await embed(text);
    cosines.push(a.reduce((s, x, i) => s + x * b[i], 0));
  }
  return {
    download_and_ready_ms: ready - start,
    ready_after_bytes_ms: ready - arrived,
    ...await timed(() => embed(QUESTION), runs),
    cosine_min: Math.min(...cosines),
  };
}

self.onmessage = async ({ data }) => {
  try {
    const ours = await plauder(data.encoder, data.runs);
    const theirs = await onnx(ours.encoder, data.runs);
    self.postMessage({ plauder: ours.result, onnxruntime: theirs });
  } catch (e) {
    self.postMessage({ error: String(e && e.stack || e) });
  }
};
