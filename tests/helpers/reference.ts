/** An independent float64 implementation of the paper's network and loss (docs/design.md §2), for the tests. */

export interface Problem {
  x: Float64Array; // N×d
  y: Float64Array; // ±1
  N: number;
  d: number;
  M: number;
  alpha: number;
  h: number;
}

/** f(x_n; a, W) = (1/M) Σ_i a_i relu(w_i·x_n/√d), W M×d row-major. */
export function outputs(p: Problem, a: ArrayLike<number>, W: ArrayLike<number>): Float64Array {
  const f = new Float64Array(p.N);
  for (let n = 0; n < p.N; n++) {
    let s = 0;
    for (let i = 0; i < p.M; i++) {
      let z = 0;
      for (let j = 0; j < p.d; j++) z += W[i * p.d + j] * p.x[n * p.d + j];
      s += a[i] * Math.max(0, z / Math.sqrt(p.d));
    }
    f[n] = s / p.M;
  }
  return f;
}

/** L = (1/N) Σ relu(h − y α (f − f0)) / α², the centred linear hinge loss. */
export function loss(p: Problem, a: ArrayLike<number>, W: ArrayLike<number>, f0: Float64Array): number {
  const f = outputs(p, a, W);
  let L = 0;
  for (let n = 0; n < p.N; n++) L += Math.max(0, p.h - p.y[n] * p.alpha * (f[n] - f0[n]));
  return L / (p.N * p.alpha * p.alpha);
}

/** ∇L by central finite differences, over the concatenation (a, W). */
export function numericGradient(
  p: Problem,
  a: Float64Array,
  W: Float64Array,
  f0: Float64Array,
  eps = 1e-6,
): Float64Array {
  const theta = [a, W];
  const g = new Float64Array(a.length + W.length);
  let k = 0;
  for (const v of theta) {
    for (let i = 0; i < v.length; i++, k++) {
      const keep = v[i];
      v[i] = keep + eps;
      const up = loss(p, a, W, f0);
      v[i] = keep - eps;
      const down = loss(p, a, W, f0);
      v[i] = keep;
      g[k] = (up - down) / (2 * eps);
    }
  }
  return g;
}

/**
 * Full-batch gradient descent in float64, written from docs/design.md §2 without the trainer's shortcuts:
 * every row every step, F = f − f(θ0), u_n = 1[h − y α F > 0], a_i += β* Σ_n g_n relu(z_ni)/M,
 * w_i += β* Σ_n g_n a_i 1[z_ni > 0] x_n/(M√d), g_n = y_n u_n/(N α). Returns f_U and the training error per step.
 */
export function referenceRun(
  p: Problem,
  a0: ArrayLike<number>,
  W0: ArrayLike<number>,
  betaStar: number,
  steps: number,
): { fU: number[]; trainError: number[]; a: Float64Array; W: Float64Array } {
  const { N, d, M, alpha, h } = p;
  const a = Float64Array.from(a0),
    W = Float64Array.from(W0);
  const f0 = outputs(p, a, W);
  const fU: number[] = [],
    trainError: number[] = [];
  const sq = Math.sqrt(d);
  for (let t = 0; t <= steps; t++) {
    const f = outputs(p, a, W);
    const g = new Float64Array(N);
    let unsatisfied = 0,
      errors = 0;
    for (let n = 0; n < N; n++) {
      const F = f[n] - f0[n];
      if (p.y[n] * F <= 0) errors++;
      if (p.h - p.y[n] * alpha * F > 0) {
        unsatisfied++;
        g[n] = p.y[n] / (N * alpha);
      }
    }
    fU.push(unsatisfied / N);
    trainError.push(errors / N);
    if (t === steps) break;
    const da = new Float64Array(M),
      dW = new Float64Array(M * d);
    for (let n = 0; n < N; n++) {
      if (g[n] === 0) continue;
      for (let i = 0; i < M; i++) {
        let z = 0;
        for (let j = 0; j < d; j++) z += W[i * d + j] * p.x[n * d + j];
        z /= sq;
        if (z <= 0) continue;
        da[i] += g[n] * z;
        for (let j = 0; j < d; j++) dW[i * d + j] += (g[n] * a[i] * p.x[n * d + j]) / sq;
      }
    }
    for (let i = 0; i < M; i++) a[i] += (betaStar * da[i]) / M;
    for (let k = 0; k < W.length; k++) W[k] += (betaStar * dW[k]) / M;
  }
  void h;
  return { fU, trainError, a, W };
}
