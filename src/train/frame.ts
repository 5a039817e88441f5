/** The per-step history as a danfojs DataFrame (danfojs is loaded on first use: it is large). */
import type { DataFrame } from "danfojs";
import type { TrainResult } from "./result";

/** Columns t, trainError, loss, fU, Ipar, Jperp, evaluated; one row per step 0..lastStep. */
export function historyFrame(result: TrainResult): DataFrame {
  const dfd = require("danfojs") as typeof import("danfojs");
  const { history: h, lastStep } = result;
  return new dfd.DataFrame({
    t: Array.from({ length: lastStep + 1 }, (_, t) => t),
    trainError: Array.from(h.trainError),
    loss: Array.from(h.loss),
    fU: Array.from(h.fU),
    Ipar: Array.from(h.Ipar),
    Jperp: Array.from(h.Jperp),
    evaluated: Array.from(h.evaluated),
  });
}
