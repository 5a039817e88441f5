/** Independent numerics for the tests: composite Simpson quadrature and Monte Carlo means. */

/** ∫_a^b f by composite Simpson with n (even) intervals. */
export function simpson(f: (x: number) => number, a: number, b: number, n = 20000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** Mean and standard error of the mean of n samples. */
export function meanAndError(samples: ArrayLike<number>): { mean: number; se: number } {
  const n = samples.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += samples[i];
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (samples[i] - m) ** 2;
  return { mean: m, se: Math.sqrt(v / (n - 1) / n) };
}

/** Standard normal density. */
export const phi = (x: number): number => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
