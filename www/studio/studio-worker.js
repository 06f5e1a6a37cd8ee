// Plauder Studio's worker: reads sources, checks, builds and answers with
// the CLI's own code, off the page's main thread. The page sends {module}
// once (its compiled module), then studio protocol messages: {json} and,
// for a file to open (a bundle), its {bytes};
// each is answered, in order, with {json} and, for an exported file, its
// {bytes} (transferred, not copied); a long one sends {json} progress first.
//
// A large FAQ's learned model trains in a second worker (this script again,
// started with {module, trainer: true} and asked {train: json}, which it
// confirms with {received} before answering {model}) while this
// one indexes and fits: the two take a core each, as `plauder build` does.
// Both first practise on a built-in FAQ (StudioWorker.warmUp, a few rounds,
// each a task of its own), so that the browser has compiled their code well
// before the first real build; the practice stops at the first real request,
// which so never waits for more than one round.
import init, { StudioWorker, trainModel } from "./plauder-studio.js";

// Rounds of practice (each about a fifth of a second on a fast machine).
const PRACTICE_ROUNDS = 4;

let bench = null;
let module = null;
let trainer = null;
let asked = false;

async function practise(training) {
  for (let round = 0; round < PRACTICE_ROUNDS && !asked; round++) {
    StudioWorker.warmUp(training);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

// The second worker. Chromium delivers a parent's messages to a nested
// worker through the parent's own thread until it has seen the worker's
// script run: a build's long synchronous step begun too early would keep the
// request from the trainer for the whole step (one build in five took twice
// as long). So a build waits, bounded, until the trainer has its request.
const TRAINER_RECEIPT_WAIT_MS = 1000;

function startTrainer() {
  try {
    trainer = new Worker(new URL(import.meta.url), { type: "module" });
  } catch (e) {
    trainer = null; // no nested workers here: builds train in this worker
    return;
  }
  trainer.postMessage({ module, trainer: true });
}

// Asks the second worker for the learned model of the update `json`; once
// the request is with it, gives a function for the model's promise
// (undefined if training failed there: the build then trains it here).
async function trained(json) {
  if (!trainer) startTrainer();
  const helper = trainer;
  if (!helper) return () => Promise.resolve(undefined);
  let received;
  const receipt = new Promise((resolve) => { received = resolve; });
  const model = new Promise((resolve) => {
    helper.onmessage = ({ data }) => {
      if (data.received) received();
      else { received(); resolve(data.model || undefined); }
    };
    helper.onerror = (event) => { event.preventDefault(); received(); resolve(undefined); };
  });
  helper.postMessage({ train: json });
  await Promise.race([receipt, new Promise((resolve) => setTimeout(resolve, TRAINER_RECEIPT_WAIT_MS))]);
  return () => model;
}

// A model the build did not need (its fit gave it no share, or the FAQ had
// problems) is not waited for: the second worker stops, and a fresh one
// gets ready for the next build.
function restartTrainer() {
  if (trainer) trainer.terminate();
  startTrainer();
}

let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  if (!bench) {
    module = data.module;
    bench = init({ module_or_path: module }).then(async () => {
      await practise(Boolean(data.trainer));
      return data.trainer ? null : new StudioWorker();
    });
    bench.catch((error) => self.postMessage({ error: String(error) }));
    if (!data.trainer) startTrainer();
    return;
  }
  asked = true;
  if (data.train !== undefined) {
    self.postMessage({ received: true });
    bench.then(() => {
      let model;
      try { model = trainModel(data.train); } catch (e) { model = undefined; }
      self.postMessage({ model }, model ? [model.buffer] : []);
    }, () => self.postMessage({}));
    return;
  }
  // One request after the other: an update may wait for its model.
  queue = queue.then(() => bench).then(async (studio) => {
    if (data.bytes) studio.give(data.bytes);
    const progress = (json) => self.postMessage({ json });
    const model = studio.trainsApart(data.json) ? await trained(data.json) : null;
    let json = studio.begin(data.json, progress);
    if (json === undefined) json = studio.finish(model ? await model() : undefined);
    else if (model) restartTrainer();
    const bytes = studio.takeExported();
    self.postMessage({ json, bytes }, bytes ? [bytes.buffer] : []);
  }, () => {});
};
