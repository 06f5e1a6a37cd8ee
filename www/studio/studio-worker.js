// Plauder Studio's worker: reads sources, checks, builds and answers with
// the CLI's own code, off the page's main thread. The page sends {module}
// once (its compiled module), then studio protocol messages: {json} and,
// for a file to open (a bundle), its {bytes};
// each is answered, in order, with {json} and, for an exported file, its
// {bytes} (transferred, not copied); a long one sends {json} progress first.
import init, { StudioWorker } from "./plauder-studio.js";

let bench = null;
self.onmessage = (event) => {
  if (!bench) {
    bench = init({ module_or_path: event.data.module }).then(() => new StudioWorker());
    bench.catch((error) => self.postMessage({ error: String(error) }));
    return;
  }
  bench.then((studio) => {
    if (event.data.bytes) studio.give(event.data.bytes);
    const json = studio.handle(event.data.json, (progress) => self.postMessage({ json: progress }));
    const bytes = studio.takeExported();
    self.postMessage({ json, bytes }, bytes ? [bytes.buffer] : []);
  }, () => {});
};
