/** Special functions in float64, accurate to a few ulp (simple-statistics' erf is good to ~1e-7 only). */
import { gammaln } from "simple-statistics";
import { checkInteger } from "../validate";

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf(x) = 2/√π ∫_0^x e^{−s²} ds. Series with positive terms for |x| < 2.5, continued fraction beyond. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 2.5) return Math.sign(x) * (1 - erfcLarge(ax));
  // erf(x) = 2/√π e^{−x²} Σ_n 2^n x^{2n+1} / (1·3···(2n+1)): no cancellation.
  let term = ax;
  let sum = ax;
  for (let n = 1; n < 200 && term > sum * 1e-17; n++) {
    term *= (2 * ax * ax) / (2 * n + 1);
    sum += term;
  }
  return Math.sign(x) * TWO_OVER_SQRT_PI * Math.exp(-ax * ax) * sum;
}

/** erfc(x) = 1 − erf(x), without cancellation for large x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 2.5) return erfcLarge(x);
  return 1 - erf(x);
}

/** erfc for x ≥ 2.5 from its continued fraction (modified Lentz). */
function erfcLarge(x: number): number {
  if (x === Infinity) return 0;
  // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/** log Γ(x) for x > 0. */
export function logGamma(x: number): number {
  return gammaln(x);
}

/** log S_{n−1}, the surface of the unit sphere in R^n: S_{n−1} = n π^{n/2} / Γ(n/2 + 1) (SM, after (13)). */
export function logSphereSurface(n: number): number {
  return Math.log(n) + (n / 2) * Math.log(Math.PI) - logGamma(n / 2 + 1);
}

/** ∫_a^b f by composite Gauss–Legendre, `panels` panels of 8 nodes (exact for polynomials of degree 15 per panel). */
export function gaussLegendre(f: (x: number) => number, a: number, b: number, panels: number): number {
  checkInteger("panels", panels, 1);
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
