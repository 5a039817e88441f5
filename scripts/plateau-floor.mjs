// node scripts/plateau-floor.mjs [--from 3000] [--to 3300] [--warmup 500] [--sample 2000] [--profile paper]
// How few rows could exact row skipping evaluate on SM Fig. 2's plateau (docs/design.md §3)? Trains SM Fig. 2 to
// --to, keeping θ(t) and the drift bounds for t in [from − warmup, to), then follows a sample of training rows in
// float64 and counts, per step, the rows each certificate would evaluate. All have the product's form: a row
// evaluated at s with margin μ_s = y F_s − h/α is skipped at t while a bound on its change since s is below μ_s.
//   product:        the product's two bounds (summed, or through the checkpoints), replayed on the sample;
//   every pair:     the summed bound, or the same Cauchy–Schwarz bound taken straight from θ(s) to θ(t) (what
//                   checkpoints at every step would give);
//   checkpoint pairs: the summed bound, or D(c_s, s) + D(c_s, c_t) + D(c_t, t) with the bound D taken straight
//                   between checkpoints every 32 steps (a table of all pairs, in place of the product's chain);
//   exact change:   |F_t − F_s| itself (the tightest certificate of this form: it knows the size of each row's
//                   change, not its sign);
//   signed linear:  the linear part m·x exactly and with its sign, the even part by its exact size;
//   summed exact:   Σ over the steps since s of each step's exact |ΔF|;
// against f_U of the sample and the product's own history.evaluated (all rows, anchors from the whole run). Rows
// start evaluated at from − warmup. Not a test (minutes); its numbers go into docs/design.md §3 and the notes. It
// reads internals of dist/ (the pool's data and θ0 through openPool, θ(t) and the bounds through OutputDrift, whose
// running sums it zeroes to reuse one per anchor), not the public API.
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(fileURLToPath(import.meta.url), "..", "..");
const require = createRequire(import.meta.url);
const hd = require(join(root, "dist", "index.js"));
const { Trainer } = require(join(root, "dist", "train", "trainer.js"));
const { OutputDrift } = require(join(root, "dist", "train", "skipping", "output-drift.js"));
const poolModule = require(join(root, "dist", "train", "pool.js"));

const { values } = parseArgs({
  options: {
    from: { type: "string", default: "3000" },
    to: { type: "string", default: "3300" },
    warmup: { type: "string", default: "500" },
    sample: { type: "string", default: "2000" },
    profile: { type: "string", default: "paper" },
  },
});
const [from, to, S] = [+values.from, +values.to, +values.sample];
const start = from - +values.warmup;
if (!(start >= 1 && from < to && S >= 1))
  throw new Error(`need 1 ≤ from − warmup ≤ from < to and sample ≥ 1; got ${JSON.stringify(values)}`);

// The training data and θ0 as the trainer hands them to its shards; θ(t) after each step.
let data, theta0;
const openPool = poolModule.openPool;
poolModule.openPool = async (o) => {
  data = { ...o.data, x: o.data.x.slice(), y: o.data.y.slice() }; // the shard scales x in place: copy first
  const pool = await openPool(o);
  const initialize = pool.initialize.bind(pool);
  pool.initialize = (a, W) => ((theta0 = { a: a.slice(), W: W.slice() }), initialize(a, W));
  return pool;
};
const thetas = new Map();
let t = 0;
const add = OutputDrift.prototype.add;
OutputDrift.prototype.add = function (a, W, a2, W2) {
  add.call(this, a, W, a2, W2);
  if (++t >= start && t < to) thetas.set(t, { a: a2.slice(), W: W2.slice(), drift: this.state });
};

const t0 = Date.now();
const config = { ...hd.smFig2(values.profile), steps: to + 1, outputsAt: [], handleSigint: false };
const { history } = await new Trainer(config).run();
console.log(`trained ${to + 1} steps in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

// Every (N/S)-th training row, scaled as the shard scales it (x/√d).
const { d, M, alpha, h } = data;
const N = data.y.length;
const X = new Float64Array(S * d);
const Y = new Float64Array(S);
for (let q = 0; q < S; q++) {
  const r = Math.floor((q * N) / S);
  for (let j = 0; j < d; j++) X[q * d + j] = data.x[r * d + j] / Math.sqrt(d);
  Y[q] = data.y[r];
}

/** The linear and even parts of f = (1/2M) Σ a z + (1/2M) Σ a |z| on the sample, in float64. */
function parts({ a, W }) {
  const L = new Float64Array(S);
  const E = new Float64Array(S);
  for (let q = 0; q < S; q++) {
    let [l, e] = [0, 0];
    for (let i = 0; i < M; i++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += W[i * d + j] * X[q * d + j];
      l += a[i] * z;
      e += a[i] * Math.abs(z);
    }
    L[q] = l / (2 * M);
    E[q] = e / (2 * M);
  }
  return { L, E };
}

const base = parts(theta0); // F = f − f(θ0)
const F = (P, q) => P.L[q] + P.E[q] - base.L[q] - base.E[q];
// |x∥|, |x⊥|, |x| along u = ŵ*, as the certificates split the rows.
const [xPar, xPerp, xNorm] = [new Float64Array(S), new Float64Array(S), new Float64Array(S)];
for (let q = 0; q < S; q++) {
  let [p, sq] = [0, 0];
  for (let j = 0; j < d; j++) [p, sq] = [p + X[q * d + j] * data.u[j], sq + X[q * d + j] ** 2];
  [xPar[q], xPerp[q], xNorm[q]] = [Math.abs(p), Math.sqrt(Math.max(0, sq - p * p)), Math.sqrt(sq)];
}

/** The bound straight from θ(s) to θ(t) (par, perp): one OutputDrift per anchor s, its sums zeroed before each use. */
const fromAnchor = new Map();
function direct(s, t) {
  const [from, to] = [thetas.get(s), thetas.get(t)];
  if (!fromAnchor.has(s)) fromAnchor.set(s, new OutputDrift({ u: data.u, M, d, a0: from.a, W0: from.W }));
  const h = fromAnchor.get(s);
  [h.par, h.perp, h.sinceCk] = [0, 0, 0];
  add.call(h, from.a, from.W, to.a, to.W);
  return [h.par, h.perp];
}

const HOP = 32;
const checkpoint = (t) => start + HOP * Math.floor((t - start) / HOP);
const between = new Map(); // "c,c'" -> direct(c, c')
function table(c, c2) {
  if (c === c2) return [0, 0];
  if (!between.has(`${c},${c2}`)) between.set(`${c},${c2}`, direct(c, c2));
  return between.get(`${c},${c2}`);
}

const kinds = ["product", "every pair", "checkpoint pairs", "exact change", "signed linear", "summed exact"];
/** Per certificate and row: the step, F, its parts and the drift bounds at the last evaluation; Σ|ΔF| since. */
const anchors = kinds.map(() => ({
  ...Object.fromEntries(
    ["s", "F", "L", "E", "par", "perp", "hopPar", "hopPerp", "sum", "ckPar", "ckPerp"].map((k) => [
      k,
      new Float64Array(S),
    ]),
  ),
}));
const totals = { steps: 0, unsatisfied: 0, product: 0, productUnsatisfied: 0, rows: kinds.map(() => 0) };
let prev;
for (let t = start; t < to; t++) {
  const { drift: c } = thetas.get(t);
  const now = parts(thetas.get(t));
  const pairs = new Map(); // anchor step -> direct(anchor, t)
  const ct = checkpoint(t);
  const sinceCk = table(ct, t); // D(c_t, t): added at a check, recorded by a row evaluated now
  const evaluated = kinds.map(() => 0);
  let unsatisfied = 0;
  for (let q = 0; q < S; q++) {
    const y = Y[q];
    const Fq = F(now, q);
    if (y * Fq - h / alpha < 0) unsatisfied++;
    const round = xNorm[q] * c.round;
    const mu = (A) => y * A.F[q] - h / alpha;
    const summed = (A) => xPar[q] * (c.par - A.par[q]) + xPerp[q] * (c.perp - A.perp[q]) + round < mu(A);
    const held = [
      (A) => summed(A) || xPar[q] * (c.hopPar - A.hopPar[q]) + xPerp[q] * (c.hopPerp - A.hopPerp[q]) + round < mu(A),
      (A) => {
        if (summed(A)) return true;
        if (!pairs.has(A.s[q])) pairs.set(A.s[q], direct(A.s[q], t));
        const [par, perp] = pairs.get(A.s[q]);
        return xPar[q] * par + xPerp[q] * perp + round < mu(A);
      },
      (A) => {
        if (summed(A)) return true;
        const [par, perp] = table(checkpoint(A.s[q]), ct);
        const bound = (k) => A[k === 0 ? "ckPar" : "ckPerp"][q] + [par, perp][k] + sinceCk[k];
        return xPar[q] * bound(0) + xPerp[q] * bound(1) + round < mu(A);
      },
      (A) => Math.abs(Fq - A.F[q]) < mu(A),
      (A) => y * (now.L[q] - A.L[q]) - Math.abs(now.E[q] - A.E[q]) > -mu(A),
      (A) => (A.sum[q] += Math.abs(now.L[q] + now.E[q] - prev.L[q] - prev.E[q])) < mu(A),
    ];
    anchors.forEach((A, k) => {
      if (t > start && held[k](A)) return;
      evaluated[k]++;
      [A.s[q], A.F[q], A.L[q], A.E[q], A.sum[q]] = [t, Fq, now.L[q], now.E[q], 0];
      [A.par[q], A.perp[q], A.hopPar[q], A.hopPerp[q]] = [c.par, c.perp, c.hopBasePar, c.hopBasePerp];
      [A.ckPar[q], A.ckPerp[q]] = sinceCk;
    });
  }
  prev = now;
  if (t < from) continue;
  totals.steps++;
  totals.unsatisfied += unsatisfied / S;
  totals.product += history.evaluated[t];
  totals.productUnsatisfied += history.fU[t];
  evaluated.forEach((n, k) => (totals.rows[k] += n / S));
}
const mean = (v) => v / totals.steps;
const fU = mean(totals.unsatisfied);
const line = (name, rows, unsat) => `${name.padEnd(34)} ${rows.toFixed(4)} of N = ${(rows / unsat).toFixed(2)} × f_U`;
console.log(`SM Fig. 2 (${values.profile}), steps [${from}, ${to}), ${S} of ${N} rows; rows evaluated per step:`);
console.log(line("product (history.evaluated, all N)", mean(totals.product), mean(totals.productUnsatisfied)));
kinds.forEach((k, i) => console.log(line(`${k} (sample)`, mean(totals.rows[i]), fU)));
console.log(`f_U: sample ${fU.toFixed(4)}, all rows ${mean(totals.productUnsatisfied).toFixed(4)}`);
