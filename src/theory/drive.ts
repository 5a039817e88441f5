/**
 * The drive of the clock: the threshold H(γ), the parallel drive I(H) for Gaussian and sphere data,
 * the unsatisfied fraction f_U and the perpendicular drive J, with mislabeling (δ ≥ 0). `drivesAt` is the
 * entry point (validated); `drivesAtClock` and `parallelDrive` are its unchecked forms for inner loops; the
 * formula-level functions (`driveGaussian`, `unsatisfiedFractionGaussian`, …) are exported to check them one by one.
 */
import { checkInteger, checkNonNegative, checkRange } from "../validate";
import { checkParams, type CheckedParams, type ModelParams } from "./params";
import { erf, gaussLegendre, logGamma, logSphereSurface } from "./special";

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Everything the theory says about the examples at one time. */
export interface Drives {
  /** Threshold H = 2h√d / (α c² sinh 2γ), main (13): an example is satisfied once |x∥| ≥ H. */
  H: number;
  /** Parallel drive I_δ = (1 − δ) I(H) − δ I(∞), SM (12)/(13) and (23). */
  I: number;
  /** Unsatisfied fraction f_U,δ = (1 − δ) P(|x∥| < H) + δ, SM (21) and (23)-(24). */
  fU: number;
  /** Perpendicular drive J = √((d − 1)/2 · f_U,δ), SM (22)/(24); the measured one is ≈ J/√N at N examples. */
  J: number;
}

/**
 * The drives at clock γ, main (13) and SM (12)-(13), (21)-(24). `c` is the discrete-step shrink factor c_t
 * (docs/design.md §4), 1 in continuous time. H = ∞ at γ = 0, and H → 0 (never NaN) once sinh 2γ overflows.
 */
export function drivesAt(gamma: number, p: ModelParams, c = 1): Drives {
  checkNonNegative("gamma", gamma);
  checkRange("c", c, 0, 1, true);
  return drivesAtClock(gamma, checkParams(p), c);
}

/** drivesAt for checked parameters (inner loops: no validation). */
export function drivesAtClock(gamma: number, q: CheckedParams, c = 1): Drives {
  return drivesAtThreshold(threshold(gamma + 0, q, c), q); // + 0: −0 is 0 here (sinh −0 would make H = −∞)
}

/**
 * H = 2h√d / (α c² sinh 2γ) for checked parameters (inner loops: no validation). Where the direct quotient
 * overflows or underflows (sinh 2γ past 1e308 at γ ≈ 355 when α is tiny, 2h√d past it when h is huge), it is
 * taken in logarithms: log sinh 2γ = 2γ − log 2 + log(1 − e^{−4γ}).
 */
export function threshold(gamma: number, q: Pick<CheckedParams, "d" | "alpha" | "h">, c = 1): number {
  const direct = (2 * q.h * Math.sqrt(q.d)) / (q.alpha * c * c * Math.sinh(2 * gamma));
  if (gamma === 0 || (Number.isFinite(direct) && direct > 1e-300)) return direct;
  const s = 2 * gamma;
  const logSinh = s > 20 ? s - Math.LN2 + Math.log1p(-Math.exp(-2 * s)) : Math.log(Math.sinh(s));
  return Math.exp(Math.log(2 * q.h) + 0.5 * Math.log(q.d) - Math.log(q.alpha) - 2 * Math.log(c) - logSinh);
}

/** The drives at threshold H for checked parameters (inner loops: no validation). */
export function drivesAtThreshold(H: number, q: CheckedParams): Drives {
  const fU = (1 - q.delta) * (q.task === "gaussian" ? erf(H / Math.SQRT2) : sphereFU(H, q.d)) + q.delta;
  return { H, I: parallelDrive(H, q), fU, J: perpendicularDrive(fU, q.d) };
}

/** I_δ(H) = (1 − δ) I(H) − δ I(∞) alone, SM (12)/(13) and (23): what the clock needs (no f_U quadrature). */
export function parallelDrive(H: number, q: Pick<CheckedParams, "task" | "d" | "delta">): number {
  const I = (h: number) => (q.task === "gaussian" ? gaussianI(h) : sphereI(h, q.d));
  return (1 - q.delta) * I(H) - (q.delta > 0 ? q.delta * I(Infinity) : 0);
}

/** J = √((d − 1)/2 · f_U), SM (22)/(24): the perpendicular drive at unsatisfied fraction f_U (theory or measured). */
export function perpendicularDrive(fU: number, d: number): number {
  return Math.sqrt(((d - 1) / 2) * fU);
}

/** I at t = 0 (H = ∞, δ = 0): 1/√(2π) for Gaussian data, S_{d−2}/((d−1)S_{d−1}) on the sphere. */
export function initialDrive(q: Pick<CheckedParams, "task" | "d">): number {
  return q.task === "sphere" ? sphereI(Infinity, q.d) : INV_SQRT_2PI;
}

/** Gaussian data, SM (12): I(H) = (1 − e^{−H²/2}) / √(2π), the drive ∫_0^H x N(x) dx along ŵ*. */
export function driveGaussian(H: number): number {
  return gaussianI(checkNonNegative("H", H));
}

/**
 * Sphere data, main (14) / SM (13):
 * I(H) = S_{d−2} / ((d−1) S_{d−1}) · (1 − (1 − min(H,1)²)^{(d−1)/2}), with log-gamma for the surfaces.
 */
export function driveSphere(H: number, d: number): number {
  return sphereI(checkNonNegative("H", H), checkInteger("d", d, 2));
}

/** Unsatisfied fraction, Gaussian data, SM (21): f_U = erf(H/√2) = P(|x∥| < H). */
export function unsatisfiedFractionGaussian(H: number): number {
  return erf(checkNonNegative("H", H) / Math.SQRT2);
}

/**
 * Unsatisfied fraction on the sphere (beyond the paper): f_U = P(|x∥| < H) with x∥ of density
 * (1 − x²)^{(d−3)/2} / B(1/2, (d−1)/2) on [−1, 1].
 */
export function unsatisfiedFractionSphere(H: number, d: number): number {
  return sphereFU(checkNonNegative("H", H), checkInteger("d", d, 2));
}

// Unchecked formulas (the public ones above validate, then call these).
function gaussianI(H: number): number {
  return -Math.expm1((-H * H) / 2) * INV_SQRT_2PI;
}

function sphereI(H: number, d: number): number {
  const prefactor = Math.exp(logSphereSurface(d - 1) - logSphereSurface(d)) / (d - 1);
  const m = Math.min(H, 1);
  return prefactor * -Math.expm1(((d - 1) / 2) * Math.log1p(-m * m));
}

/** By Gauss–Legendre quadrature on [0, min(H, 1)], with x = sin φ (smooth for every d ≥ 2). */
function sphereFU(H: number, d: number): number {
  if (H >= 1) return 1;
  const logB = logGamma(0.5) + logGamma((d - 1) / 2) - logGamma(d / 2);
  const integral = gaussLegendre((phi) => Math.pow(Math.cos(phi), d - 2), 0, Math.asin(H), 64);
  return Math.min(1, (2 * integral) / Math.exp(logB));
}
