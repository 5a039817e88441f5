/**
 * The findings of the notebooks' conclusions. Each is a sentence and a verdict (does the run agree with the
 * theory here?), both chosen by a stated test on the data; the conclusion files each finding under "What
 * agreed" or "What departed" by its verdict. tests/analysis/findings.test.ts checks every one both ways.
 */
import type { ClockCheckRow, Departures, LargeNodes, PerpendicularCheck } from "../analysis/departures";
import { CLOCK_AGREEMENT } from "../analysis/first-stage";
import type { RegimeRow } from "../analysis/regimes";
import { num, pct, until } from "./sentences";

/** One claim of a conclusion: its text, and whether the run agrees with the theory there. */
export interface Finding {
  agrees: boolean;
  text: string;
}

/** RMS relative error of the nodes within which they are said to follow main (10). */
export const NODE_TOLERANCE = 0.1;
/** The share of satisfied examples inside SM (20)'s band from which the band is said to hold. */
export const BAND_HOLDS = 0.9;
/** Measured over predicted spread (SM (19)) or drive (SM (22)) within which the two are said to agree. */
export const RATIO_TOLERANCE = 0.2;

/** Within `tol` of 1 (relative). */
const near = (ratio: number, tol: number) => Math.abs(ratio - 1) <= tol;
const list = (items: string[]) =>
  items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;

/** The conclusion's Markdown: the findings that agree, then those that depart (each heading only when used). */
export function findingsMarkdown(findings: readonly Finding[], extra: readonly string[] = []): string {
  const part = (agrees: boolean, heading: string) => {
    const f = findings.filter((x) => x.agrees === agrees);
    return f.length ? [heading, ...f.map((x) => `- ${x.text}`), ""] : [];
  };
  return [...part(true, "**What agreed.**"), ...part(false, "**What departed, when and why.**"), ...extra]
    .join("\n")
    .trim();
}

/** Fig. 1's final test error against the paper's ≈ 0.01 (agreeing within a factor 2). */
export function finalErrorFinding(test: number, train: number, examples: number): Finding {
  const agrees = test <= 0.02 && test >= 0.005;
  return {
    agrees,
    text:
      `Fig. 1: final test error ${num(test, 4)} on ${examples} examples (the paper: ≈ 0.01; ` +
      `${agrees ? "within" : "not within"} a factor 2), training error ${num(train, 4)}.`,
  };
}

/** The fitted clock against main (13) on the discrete clock at some times: within CLOCK_AGREEMENT, or not. */
export function clockFinding(rows: readonly ClockCheckRow[], when: "early" | "late"): Finding {
  const off = rows.filter((r) => Math.abs(r.fitted - r.discrete) > CLOCK_AGREEMENT * Math.abs(r.discrete));
  const values = rows.map((r) => `${num(r.fitted)} vs ${num(r.discrete)} at t = ${r.t}`).join(", ");
  if (off.length === 0)
    return {
      agrees: true,
      text: `${when === "late" ? "Late, the" : "The"} clock fitted to the nodes stays within ${pct(CLOCK_AGREEMENT, 0)} of main (13) on the discrete clock: ${values}.`,
    };
  const below = off.every((r) => r.fitted < r.discrete);
  const above = off.every((r) => r.fitted > r.discrete);
  const way = below ? "below" : above ? "above" : "away from";
  const last = rows[rows.length - 1];
  const drive =
    Math.abs(last.driven - last.fitted) < Math.abs(last.discrete - last.fitted)
      ? `The drive measured in the run accounts for it: main (10) with that drive gives γ = ${num(last.driven)} at ` +
        `t = ${last.t}, closer to the fitted clock than main (13)`
      : `The drive measured in the run does not account for it: main (10) with that drive gives γ = ` +
        `${num(last.driven)} at t = ${last.t}, no closer to the fitted clock than main (13)`;
  const ratio = Number.isFinite(off[0].driveRatio)
    ? ` (I∥ is ${pct(off[0].driveRatio, 0)} of the theory's I(H_t) at t = ${off[0].t})`
    : "";
  return {
    agrees: false,
    text:
      `${when === "late" ? "Late, the" : "The"} clock fitted to the nodes is more than ${pct(CLOCK_AGREEMENT, 0)} ${way} ` +
      `main (13) on the discrete clock from t = ${off[0].t}: ${values}. ${drive}${ratio}.`,
  };
}

/** The nodes that grow most, at the end, on the clock of the measured drive: within NODE_TOLERANCE, or not. */
export function largeNodesFinding(b: LargeNodes): Finding {
  const w = near(b.wDriven, NODE_TOLERANCE);
  const a = near(b.aDriven, NODE_TOLERANCE);
  const where = (v: number) => `${pct(Math.abs(v - 1))} ${v >= 1 ? "above" : "below"}`;
  const aText = a
    ? `and in a (${pct(b.aDriven)})`
    : `but their a ends ${where(b.aDriven)} it` +
      (b.aDriven > 1
        ? `: a_i also grows through w⊥_i·v⊥_i, the perpendicular drive that main (10) neglects, which at finite N ` +
          `aligns with w⊥ (notebook 02)`
        : "");
  return {
    agrees: w && a,
    text:
      `On the clock of the measured drive the ${b.count} nodes that grow most end at ${pct(b.wDriven)} of main (10) ` +
      `in w∥ (${pct(b.wTheory)} on the theory's clock; within ${pct(NODE_TOLERANCE, 0)}: ${w ? "yes" : "no"}), ${aText}.`,
  };
}

/** Rich against lazy: do the nodes move less at large α, and by as much as main (10) says? */
export function movementFinding(rich: RegimeRow, lazy: RegimeRow): Finding {
  const less = lazy.movement < rich.movement;
  const ratio = lazy.movement / lazy.movementTheory;
  const agrees = less && near(ratio, 2 * RATIO_TOLERANCE);
  const detail = near(ratio, 2 * RATIO_TOLERANCE)
    ? `, as main (10) says within ${pct(2 * RATIO_TOLERANCE, 0)}`
    : `: ${ratio < 1 ? "less" : "more"} than main (10) says, ${num(lazy.movement, 2)} against ` +
      `${num(lazy.movementTheory, 2)} at α = ${lazy.alpha}`;
  return {
    agrees,
    text:
      `Rich and lazy: from α = ${rich.alpha} to α = ${lazy.alpha} the nodes' relative movement ` +
      `${less ? "falls" : "does not fall"} from ${num(rich.movement, 2)} to ${num(lazy.movement, 2)} (main (10) on ` +
      `the discrete clock: ${num(rich.movementTheory, 2)} and ${num(lazy.movementTheory, 2)})${detail}.`,
  };
}

/** The lazy end's clock: fitted against main (13) and the measured drive, and when the perpendicular drive wins. */
export function lazyClockFinding(rich: RegimeRow, lazy: RegimeRow): Finding {
  const agrees = near(lazy.gammaFitted / lazy.gammaTheory, CLOCK_AGREEMENT);
  const driveExplains = Math.abs(lazy.gammaDriven - lazy.gammaFitted) < Math.abs(lazy.gammaTheory - lazy.gammaFitted);
  const perpendicular = (r: RegimeRow) => (Number.isFinite(r.perpendicularAt) ? `t = ${r.perpendicularAt}` : "no step");
  const off = pct(Math.abs(lazy.gammaDriven / lazy.gammaFitted - 1), 0);
  const growth =
    lazy.cFitted > 1
      ? ` It moves w⊥ and, through w⊥·v⊥, a: a growth common to a + w∥ and a − w∥ that main (10) does not have ` +
        `(the fitted c ends at ${num(lazy.cFitted)}, where main (10) keeps c ≤ 1).`
      : ` The fitted c ends at ${num(lazy.cFitted)} (main (10) keeps c ≤ 1).`;
  return {
    agrees,
    text:
      `At α = ${lazy.alpha} the clock fitted to the nodes ends at ${num(lazy.gammaFitted)} against ` +
      `${num(lazy.gammaTheory)} for main (13) (${agrees ? "within" : "more than"} ${pct(CLOCK_AGREEMENT, 0)}) and ` +
      `${num(lazy.gammaDriven)} for the clock of the measured drive, which ${driveExplains ? "is" : "is not"} closer ` +
      `to it (${off} off it). With H ∝ 1/α the examples are satisfied while γ is small and the parallel drive I(H) already weak: ` +
      `at N = ${lazy.N} the measured perpendicular drive reaches the parallel one from ${perpendicular(lazy)} ` +
      `(${perpendicular(rich)} at α = ${rich.alpha}).${growth}`,
  };
}

/** SM (19): the measured spread of f over networks against σ_f/√M, median over x∥ bins at each time. */
export function spreadFinding(medians: readonly number[]): Finding {
  const [lo, hi] = [Math.min(...medians), Math.max(...medians)];
  const agrees = medians.every((m) => near(m, RATIO_TOLERANCE));
  return {
    agrees,
    text:
      `Finite M, SM (19): over networks drawn from the population the measured spread of f(x) is ` +
      `${num(lo, 2)}–${num(hi, 2)} of σ_f/√M (median over x∥ bins) at t > 0: ` +
      `${agrees ? "within" : "not within"} ${pct(RATIO_TOLERANCE, 0)} at every time.`,
  };
}

/** Fig. 1d's band of SM (20) at each width: holds where at least BAND_HOLDS of the examples fall inside. */
export function bandFinding(rows: readonly { M: number; inside: number }[]): Finding {
  const failing = rows.filter((r) => r.inside < BAND_HOLDS);
  const values = rows.map((r) => `${pct(r.inside)} inside at M = ${r.M}`).join(", ");
  return {
    agrees: failing.length === 0,
    text:
      failing.length === 0
        ? `Fig. 1d's band of SM (20) holds (at least ${pct(BAND_HOLDS, 0)} of the examples inside) for every width: ${values}.`
        : `Fig. 1d's band of SM (20) holds (at least ${pct(BAND_HOLDS, 0)} of the examples inside) ` +
          `${failing.length === rows.length ? "for no width" : `except at M = ${list(failing.map((r) => String(r.M)))}`}: ${values}.`,
  };
}

/** Finite N: when each run's drives leave the theory, and whether smaller N leaves earlier, as the theory says. */
export function finiteNFinding(rows: readonly Departures[]): Finding {
  const byN = [...rows].sort((a, b) => a.N - b.N);
  const when = (t: number) => (Number.isFinite(t) ? t : Infinity);
  const ordered = byN.every((r, k) => k === 0 || when(r.Ipar) >= when(byN[k - 1].Ipar));
  return {
    agrees: ordered,
    text:
      `Finite N: the drives follow I(t) and J(t)/√N, and N f_U follows N erf(H/√2) (within 10%): ` +
      `${byN.map((s) => `I∥ ${until(s.Ipar)} and f_U ${until(s.fU)} at N = ${s.N}`).join("; ")}: ` +
      (ordered
        ? `smaller N leaves the theory no later, as the theory says (it departs once I ~ J/√N).`
        : `the order in N is not the theory's (it says smaller N departs earlier, once I ~ J/√N).`),
  };
}

/** The best test error at each N: smaller N overfitting (a higher best error) is what the theory expects. */
export function overfittingFinding(rows: readonly { N: number; error: number; t: number }[]): Finding {
  const byN = [...rows].sort((a, b) => a.N - b.N);
  const falls = byN.every((r, k) => k === 0 || r.error <= byN[k - 1].error);
  return {
    agrees: falls,
    text:
      `Overfitting: the best test error is ${byN.map((s) => `${num(s.error, 4)} at t = ${s.t} (N = ${s.N})`).join(", ")}` +
      (falls ? `: lower for every larger N.` : `: not lower for every larger N.`),
  };
}

/** J⊥ against J/√N: the early peak per width, and late; each "above", "below" or "within" by the tolerance. */
/** `wPerpGrowth`: the mean |w⊥|'s growth at the late time in the largest-N run (relative to t = 0). */
export function perpendicularFinding(checks: readonly PerpendicularCheck[], wPerpGrowth: number): Finding {
  const bigN = Math.max(...checks.map((c) => c.N));
  const atBigN = checks.filter((c) => c.N === bigN).sort((a, b) => a.M - b.M);
  const peaks = atBigN.map((c) => c.peak);
  const bump = peaks.some((p) => p > 1 + RATIO_TOLERANCE);
  const dependsOnM = Math.max(...peaks) > (1 + RATIO_TOLERANCE) * Math.min(...peaks);
  const lates = checks.map((c) => c.late);
  const lateBelow = lates.every((v) => v < 1 - RATIO_TOLERANCE);
  const measuredBelow = checks.every((c) => c.lateMeasuredFU < 1 - RATIO_TOLERANCE);
  const peakTimes = atBigN.map((c) => c.peakAt);
  const early = bump
    ? `J⊥ rises above J/√N (by more than ${pct(RATIO_TOLERANCE, 0)}) early, in a bump at t = ` +
      `${Math.min(...peakTimes)}–${Math.max(...peakTimes)} whose height ${dependsOnM ? "depends" : "does not depend"} ` +
      `on M: ${atBigN.map((c) => `×${num(c.peak, 2)} at M = ${c.M} (t = ${c.peakAt})`).join(", ")}, with f_U within ` +
      `${pct(Math.max(...checks.map((c) => Math.abs(c.fUAtPeak - 1))), 0)} of erf(H/√2) there.` +
      (dependsOnM
        ? ` A finite-M effect: where the threshold H sweeps through the bulk of the examples, whether an example is ` +
          `still unsatisfied depends on the network's own O(1/√M) fluctuation, a function of x⊥, so the unsatisfied ` +
          `set is not a random sample and Σ_U y x⊥ gains a coherent part.`
        : "")
    : `J⊥ stays within ${pct(RATIO_TOLERANCE, 0)} of J/√N at its early peak (${atBigN.map((c) => `×${num(c.peak, 2)} at M = ${c.M}`).join(", ")}).`;
  const late =
    ` At t ≈ ${checks[0].lateAt}, J⊥/(J/√N) is ${atBigN.map((c) => `${num(c.late, 2)} at M = ${c.M}`).join(", ")} ` +
    `(N = ${bigN}); ${lateBelow ? "below J/√N in every run" : "not below J/√N in every run"}` +
    `, and with the measured f_U in J ${num(Math.min(...checks.map((c) => c.lateMeasuredFU)), 2)}–` +
    `${num(Math.max(...checks.map((c) => c.lateMeasuredFU)), 2)}` +
    (lateBelow && measuredBelow
      ? `: still below, so the smaller runs' early satisfaction does not explain it.` +
        (wPerpGrowth > 0
          ? ` A candidate the theory leaves out: by then the network has begun to fit the perpendicular noise of ` +
            `its training set (the mean |w⊥| is up ${pct(wPerpGrowth)} at N = ${bigN}), so the examples still ` +
            `unsatisfied are those whose perpendicular part it has not absorbed, where the theory takes the ` +
            `unsatisfied set independent of w⊥.`
          : "")
      : ".");
  return { agrees: !bump && !lateBelow, text: early + late };
}

/** SM Fig. 2: does mislabeling bring the best test error earlier, and does the test error then rise? */
export function mislabelingFinding(
  noisy: {
    delta: number;
    best: number;
    bestAt: number;
    finalTest: number;
    finalTrain: number;
    trainAtBest: number;
    lastStep: number;
  },
  clean: { best: number; bestAt: number },
): Finding {
  const earlier = noisy.bestAt < clean.bestAt;
  const rises = noisy.finalTest > noisy.best;
  const trainFalls = noisy.finalTrain < noisy.trainAtBest;
  return {
    agrees: earlier && rises,
    text:
      `Mislabeling ${earlier ? "brings" : "does not bring"} the best test error forward: ${num(noisy.best, 4)} at ` +
      `t = ${noisy.bestAt} with δ = ${noisy.delta}, against ${num(clean.best, 4)} at t = ${clean.bestAt} without. ` +
      (rises
        ? `Then the test error rises, to ${num(noisy.finalTest, 4)} at t = ${noisy.lastStep}, while the training error ` +
          `${trainFalls ? "keeps falling" : "does not fall further"} (${num(noisy.trainAtBest, 4)} → ${num(noisy.finalTrain, 4)}): overfitting.`
        : `The test error does not rise after it (${num(noisy.finalTest, 4)} at t = ${noisy.lastStep}).`),
  };
}
