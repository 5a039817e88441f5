/** Sweep rows grouped over seeds: mean and spread per value of a field, and where a curve crosses a level. */
import type { SweepRow } from "./summary";

/** One value of the varied field: the mean and sample standard deviation of a measure over its seeds. */
export interface SeedStat {
  x: number;
  mean: number;
  sd: number;
  n: number;
}

/** The rows grouped by `key` (sorted), with the mean and spread of `field` over each group's runs (NaN left out). */
export function overSeeds(rows: readonly SweepRow[], key: string, field: keyof SweepRow): SeedStat[] {
  const groups = new Map<number, number[]>();
  for (const r of rows) {
    const v = Number(r[field]);
    if (!groups.has(Number(r[key]))) groups.set(Number(r[key]), []);
    if (Number.isFinite(v)) groups.get(Number(r[key]))!.push(v);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([x, v]) => {
      const mean = v.reduce((s, y) => s + y, 0) / v.length;
      const sd = v.length > 1 ? Math.sqrt(v.reduce((s, y) => s + (y - mean) ** 2, 0) / (v.length - 1)) : 0;
      return { x, mean, sd, n: v.length };
    });
}

/** Where y(x) first crosses `level`, interpolated linearly in log x and log y; NaN if it never does. */
export function logCrossing(x: readonly number[], y: readonly number[], level: number): number {
  for (let k = 1; k < x.length; k++) {
    const [a, b] = [Math.log(y[k - 1] / level), Math.log(y[k] / level)];
    if (a === 0) return x[k - 1];
    if (Math.sign(a) !== Math.sign(b)) {
      const f = a / (a - b);
      return Math.exp(Math.log(x[k - 1]) + f * (Math.log(x[k]) - Math.log(x[k - 1])));
    }
  }
  return NaN;
}
