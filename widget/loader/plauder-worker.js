// Plauder's answering worker: opens the FAQ and answers the panel's questions
// off the host page's main thread. The loader starts it; the widget sends it
// {module, bundle, timezone} once (the widget's own compiled module, so
// nothing is downloaded or compiled twice), then {question} messages, and
// gets {ready, zoneOffset} or {failed}, then one {decision} or {failed} per
// question, in order.
import init, { Plauder } from "./plauder-widget.js";

let ready = null;

// Minutes `timeZone` is ahead of UTC now (null: unknown zone). Measured here
// because the first Intl date format loads time-zone data for tens of ms.
function zoneOffset(timeZone) {
  try {
    const now = new Date();
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric",
    }).formatToParts(now);
    const part = (type) => Number(parts.find((p) => p.type === type).value);
    const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"));
    return Math.round((wall - now.getTime()) / 900000) * 15;
  } catch (e) {
    return null;
  }
}

self.onmessage = ({ data }) => {
  if (data.bundle) {
    ready = init({ module_or_path: data.module }).then(() => {
      const kb = new Plauder(data.bundle);
      // Compile the search code now rather than at the first question.
      kb.decide("how long does delivery take");
      self.postMessage({ ready: true, zoneOffset: zoneOffset(data.timezone || "UTC") });
      return kb;
    });
    ready.catch((e) => self.postMessage({ failed: String(e) }));
  } else if (ready) {
    ready.then((kb) => {
      try {
        self.postMessage({ decision: kb.decide(data.question) });
      } catch (e) {
        self.postMessage({ failed: String(e) });
      }
    }, () => {});
  }
};
