/**
 * The drive of the clock: the threshold H(γ), the parallel drive I(H) for Gaussian and sphere data,
 * the unsatisfied fraction f_U and the perpendicular drive J, and their mislabeled variants.
 */
import { checkAbove, checkInteger, checkNonNegative, checkRange } from "../validate";
import type { DataKind } from "./params";
import { erf, logGamma, logSphereSurface } from "./special";

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Threshold H = 2 h √d / (α c² sinh 2γ), main (13): an example is satisfied once |x∥| ≥ H.
 * `c2` is the discrete-step shrink factor c_t² (DESIGN.md section 3); 1 in continuous time.
 * H = ∞ at γ = 0 and H → 0 (never NaN) when sinh 2γ overflows.
 */
export function thresholdH(gamma: number, d: number, alpha: number, h: number, c2 = 1): number {
  checkNonNegative("gamma", gamma);
  return (2 * h * Math.sqrt(d)) / (alpha * c2 * Math.sinh(2 * gamma));
}

/** Gaussian data, SM (12): I(H) = (1 − e^{−H²/2}) / √(2π), the drive ∫_0^H x N(x) dx along ŵ*. */
export function driveGaussian(H: number): number {
  checkNonNegative("H", H);
  return -Math.expm1((-H * H) / 2) * INV_SQRT_2PI;
}

/**
 * Sphere data, main (14) / SM (13):
 * I(H) = S_{d−2} / ((d−1) S_{d−1}) · (1 − (1 − min(H,1)²)^{(d−1)/2}), with log-gamma for the surfaces.
 */
export function driveSphere(H: number, d: number): number {
  checkNonNegative("H", H);
  checkInteger("d", d, 2);
  const prefactor = Math.exp(logSphereSurface(d - 1) - logSphereSurface(d)) / (d - 1);
  const m = Math.min(H, 1);
  return prefactor * -Math.expm1(((d - 1) / 2) * Math.log1p(-m * m));
}

/** I(H) for either data kind. */
export function drive(H: number, d: number, data: DataKind = "gaussian"): number {
  return data === "sphere" ? driveSphere(H, d) : driveGaussian(H);
}

/** I at t = 0 (H = ∞): 1/√(2π) for Gaussian data, S_{d−2}/((d−1)S_{d−1}) on the sphere. */
export function initialDrive(d: number, data: DataKind = "gaussian"): number {
  return drive(Infinity, d, data);
}

/** Mislabeled drive, SM (23): I_δ = (1 − δ) I(H) − δ I(H = ∞); the clock stops where it vanishes. */
export function driveMislabeled(H: number, delta: number, d: number, data: DataKind = "gaussian"): number {
  checkRange("delta", delta, 0, 0.5);
  return (1 - delta) * drive(H, d, data) - delta * initialDrive(d, data);
}

/** Unsatisfied fraction, Gaussian data, SM (21): f_U = erf(H/√2) = P(|x∥| < H). */
export function unsatisfiedFraction(H: number): number {
  checkNonNegative("H", H);
  return erf(H / Math.SQRT2);
}

/**
 * Unsatisfied fraction on the sphere (beyond the paper): f_U = P(|x∥| < H) with x∥ of density
 * (1 − x²)^{(d−3)/2} / B(1/2, (d−1)/2) on [−1, 1], by Gauss–Legendre quadrature on [0, min(H, 1)].
 */
export function unsatisfiedFractionSphere(H: number, d: number): number {
  checkNonNegative("H", H);
  checkInteger("d", d, 2);
  if (H >= 1) return 1;
  const logB = logGamma(0.5) + logGamma((d - 1) / 2) - logGamma(d / 2);
  // Substitute x = sin φ: ∫_0^H (1−x²)^{(d−3)/2} dx = ∫_0^{asin H} cos^{d−2} φ dφ (smooth for every d ≥ 2).
  const top = Math.asin(H);
  const integral = gaussLegendre((phi) => Math.pow(Math.cos(phi), d - 2), 0, top, 64);
  return Math.min(1, (2 * integral) / Math.exp(logB));
}

/** Unsatisfied fraction for either data kind. */
export function unsatisfied(H: number, d: number, data: DataKind = "gaussian"): number {
  return data === "sphere" ? unsatisfiedFractionSphere(H, d) : unsatisfiedFraction(H);
}

/** Mislabeled unsatisfied fraction, SM (23)-(24): f_U,δ = (1 − δ) f_U + δ (mislabeled examples never satisfy). */
export function unsatisfiedMislabeled(H: number, delta: number, d: number, data: DataKind = "gaussian"): number {
  checkRange("delta", delta, 0, 0.5);
  return (1 - delta) * unsatisfied(H, d, data) + delta;
}

/**
 * Perpendicular drive, SM (22) and (24): J = √((d − 1)/2 · f_U,δ), with f_U = erf(h√(2d)/(α sinh 2γ)) = erf(H/√2).
 * The measured norm of the drive perpendicular to ŵ* is ≈ J/√N at finite N.
 */
export function perpendicularDrive(H: number, d: number, delta = 0, data: DataKind = "gaussian"): number {
  checkInteger("d", d, 2);
  return Math.sqrt(((d - 1) / 2) * unsatisfiedMislabeled(H, delta, d, data));
}

/** ∫_a^b f by composite Gauss–Legendre, `panels` panels of 8 nodes (exact for polynomials of degree 15 per panel). */
export function gaussLegendre(f: (x: number) => number, a: number, b: number, panels: number): number {
  checkAbove("panels", panels, 0);
  const w = (b - a) / panels;
  let sum = 0;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * w;
    for (let k = 0; k < GL8_X.length; k++) {
      sum += GL8_W[k] * (f(mid - (GL8_X[k] * w) / 2) + f(mid + (GL8_X[k] * w) / 2));
    }
  }
  return (sum * w) / 2;
}
const GL8_X = [0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
const GL8_W = [0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];
