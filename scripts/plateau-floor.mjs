// node scripts/plateau-floor.mjs [--from 3000] [--to 3300] [--warmup 200] [--sample 5000] [--profile paper]
// How few rows could exact row skipping evaluate on SM Fig. 2's plateau (docs/design.md §3)? Trains SM Fig. 2 to
// --to, keeping θ(t) for t in [from − warmup, to), then follows a sample of training rows in float64 and counts,
// per step, the rows each certificate would evaluate, all of the product's form (a row evaluated at s with margin
// μ_s = y F_s − h/α is skipped at t while the bound on its change since s is below μ_s):
//   exact change:   the bound is |F_t − F_s| itself (the tightest such certificate: it knows the size of each
//                   row's change, not its sign);
//   signed linear:  the linear part m·x exactly and with its sign, the even part by its exact size;
//   summed:         Σ over the steps since s of each step's exact |ΔF|;
// against f_U of the sample and the product's own history.evaluated over the same steps. Rows start evaluated at
// from − warmup. Not a test (minutes); its numbers go into docs/design.md §3 and the notes. It reads internals of
// dist/ (the pool's data and θ0 through openPool, θ(t) through OutputDrift.add), not the public API.
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
    warmup: { type: "string", default: "200" },
    sample: { type: "string", default: "5000" },
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
  if (++t >= start && t < to) thetas.set(t, { a: a2.slice(), W: W2.slice() });
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
const margin = (L, E, q) => Y[q] * (L[q] + E[q] - base.L[q] - base.E[q]) - h / alpha;
const kinds = ["exact change", "signed linear", "summed"];
// Per certificate: the parts at each row's last evaluation, and (summed) the changes added up since.
const anchors = kinds.map(() => ({ L: null, E: null, sum: new Float64Array(S) }));
const totals = { steps: 0, unsatisfied: 0, product: 0, productUnsatisfied: 0, rows: kinds.map(() => 0) };
let prev;
for (let s = start; s < to; s++) {
  const now = parts(thetas.get(s));
  if (!prev) {
    for (const A of anchors) [A.L, A.E] = [now.L.slice(), now.E.slice()];
    prev = now;
    continue;
  }
  const evaluated = kinds.map(() => 0);
  let unsatisfied = 0;
  for (let q = 0; q < S; q++) {
    if (margin(now.L, now.E, q) < 0) unsatisfied++;
    const dL = (A) => now.L[q] - A.L[q];
    const dE = (A) => now.E[q] - A.E[q];
    const held = [
      (A) => Math.abs(dL(A) + dE(A)) < margin(A.L, A.E, q),
      (A) => Y[q] * dL(A) - Math.abs(dE(A)) > -margin(A.L, A.E, q),
      (A) => (A.sum[q] += Math.abs(now.L[q] + now.E[q] - prev.L[q] - prev.E[q])) < margin(A.L, A.E, q),
    ];
    anchors.forEach((A, k) => {
      if (held[k](A)) return;
      evaluated[k]++;
      [A.L[q], A.E[q], A.sum[q]] = [now.L[q], now.E[q], 0];
    });
  }
  prev = now;
  if (s < from) continue;
  totals.steps++;
  totals.unsatisfied += unsatisfied / S;
  totals.product += history.evaluated[s];
  totals.productUnsatisfied += history.fU[s];
  evaluated.forEach((n, k) => (totals.rows[k] += n / S));
}
const mean = (v) => v / totals.steps;
const fU = mean(totals.unsatisfied);
const line = (name, rows, unsat) => `${name.padEnd(34)} ${rows.toFixed(4)} of N = ${(rows / unsat).toFixed(2)} × f_U`;
console.log(`SM Fig. 2 (${values.profile}), steps [${from}, ${to}), ${S} of ${N} rows; rows evaluated per step:`);
console.log(line("product (history.evaluated, all N)", mean(totals.product), mean(totals.productUnsatisfied)));
kinds.forEach((k, i) => console.log(line(`${k} (sample)`, mean(totals.rows[i]), fU)));
console.log(`f_U: sample ${fU.toFixed(4)}, all rows ${mean(totals.productUnsatisfied).toFixed(4)}`);
