/** A live training display: progress, speed, ETA and the error curves so far, updated in place. */
import type { Progress } from "../train/config";
import { newDisplay } from "./display";
import { lineChart } from "./line-chart";
import { toSvg } from "./render";

/** One line of progress text. */
export function progressLine(p: Progress): string {
  const pct = ((100 * p.step) / p.steps).toFixed(0);
  const eta = !Number.isFinite(p.etaSeconds) ? "unknown" : p.etaSeconds < 120 ? `${p.etaSeconds.toFixed(0)} s` : p.etaSeconds < 7200 ? `${(p.etaSeconds / 60).toFixed(1)} min` : `${(p.etaSeconds / 3600).toFixed(1)} h`;
  const test = Number.isNaN(p.testError) ? "" : `, test error ${p.testError.toFixed(4)}`;
  const rows = Number.isNaN(p.evaluated) ? "" : `, rows evaluated ${(100 * p.evaluated).toFixed(p.evaluated < 0.1 ? 1 : 0)}%`;
  return `step ${p.step}/${p.steps} (${pct}%), ${p.stepsPerSecond.toFixed(2)} steps/s, ETA ${eta}; train error ${p.trainError.toFixed(4)}${test}, f_U ${p.fU.toFixed(4)}${rows}`;
}

/**
 * An `onProgress` handler. In a tslab kernel it redraws one output in place (text and error curves,
 * rendered off the training loop and never more than one at a time); elsewhere it writes to stderr.
 */
export function liveProgress(title = "training"): (p: Progress) => void {
  const display = newDisplay();
  if (!display) return (p) => process.stderr.write(`${title}: ${progressLine(p)}\n`);
  let latest: Progress | undefined;
  let busy = false;
  const draw = async () => {
    busy = true;
    while (latest) {
      const p = latest;
      latest = undefined;
      const c = p.curve;
      const chart =
        c.t.length > 2
          ? await toSvg(
              lineChart(
                [
                  { name: "training error", x: c.t, y: c.trainError, mark: "point" },
                  { name: "test error", x: c.t, y: c.testError, mark: "point" },
                ],
                { xTitle: "t (steps)", yTitle: "error", xScale: "log", yScale: "log", width: 320, height: 160 },
              ),
            )
          : "";
      display.html(`<div style="font-family:monospace"><b>${title}</b>: ${progressLine(p)}</div>${chart}`);
    }
    busy = false;
  };
  return (p) => {
    latest = p;
    if (!busy) void draw();
  };
}
