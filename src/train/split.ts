/** Row r of a row-major matrix with d columns, times `scale`, split along the unit vector u (null: no split). */
export function splitRow(
  m: ArrayLike<number>,
  r: number,
  d: number,
  u: ArrayLike<number> | null,
  scale = 1,
): { par: number; perp: number; sq: number } {
  let par = 0,
    sq = 0;
  for (let j = 0; j < d; j++) {
    const v = scale * m[r * d + j];
    sq += v * v;
    if (u) par += v * u[j];
  }
  return { par, perp: Math.sqrt(Math.max(0, sq - par * par)), sq };
}
