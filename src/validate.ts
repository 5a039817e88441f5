/**
 * Input checks shared by the whole package. Each throws a RangeError that names the parameter,
 * the allowed range and the value given, e.g. `invalid h; expected > 0, got -1`.
 */

export class ParameterError extends RangeError {
  constructor(
    readonly parameter: string,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super(`invalid ${parameter}; expected ${expected}, got ${formatValue(got)}`);
    this.name = "ParameterError";
  }
}

function formatValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.slice(0, 5).map(formatValue).join(", ")}${v.length > 5 ? ", ..." : ""}]`;
  return String(v);
}

/** A finite number strictly greater than `lo`. */
export function checkAbove(name: string, v: number, lo: number): number {
  if (typeof v !== "number" || !(v > lo) || !Number.isFinite(v))
    throw new ParameterError(name, `a finite number > ${lo}`, v);
  return v;
}

/** A finite number in [lo, hi) (or [lo, hi] with `closed`). */
export function checkRange(name: string, v: number, lo: number, hi: number, closed = false): number {
  const ok = typeof v === "number" && v >= lo && (closed ? v <= hi : v < hi);
  if (!ok) throw new ParameterError(name, `a number in [${lo}, ${hi}${closed ? "]" : ")"}`, v);
  return v;
}

/** An integer >= lo. */
export function checkInteger(name: string, v: number, lo: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo) throw new ParameterError(name, `an integer >= ${lo}`, v);
  return v;
}

/** A number >= 0 (Infinity allowed, e.g. H at t = 0). */
export function checkNonNegative(name: string, v: number): number {
  if (typeof v !== "number" || !(v >= 0)) throw new ParameterError(name, "a number >= 0", v);
  return v;
}

/** One of the listed string values (a near miss is named: `did you mean "paper"?`). */
export function checkOneOf<T extends string>(name: string, v: string, allowed: readonly T[]): T {
  if (!allowed.includes(v as T))
    throw new ParameterError(name, `one of ${allowed.join(" | ")}${didYouMean(v, allowed)}`, v);
  return v as T;
}

/**
 * ` (did you mean "x"?)` for the allowed name nearest to `v` (the same ignoring case, or ≤ 2 edits for names of 4
 * letters or more), else "".
 */
export function didYouMean(v: unknown, allowed: readonly string[]): string {
  if (typeof v !== "string") return "";
  const lower = v.toLowerCase();
  const scored = allowed.map((a) => ({ a, d: a.toLowerCase() === lower ? 0 : editDistance(lower, a.toLowerCase()) }));
  const best = scored.sort((x, y) => x.d - y.d)[0];
  const near = best && (best.d === 0 || (best.d <= 2 && v.length >= 4)); // "gpu" is not a typo of "cpu"
  return near ? ` (did you mean ${JSON.stringify(best.a)}?)` : "";
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** An array of numbers (a list of times, nodes, steps or a shape); anything else is refused naming `name`. */
export function checkNumberArray(name: string, v: unknown): readonly number[] {
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) throw new ParameterError(name, "an array of numbers", v);
  const a = v as ArrayLike<unknown>;
  for (let i = 0; i < a.length; i++)
    if (typeof a[i] !== "number") throw new ParameterError(`${name}[${i}]`, "a number", a[i]);
  return v as readonly number[];
}

/** Throws for a key of `o` that is not one of `known` (a mistyped option would otherwise be ignored silently). */
export function checkKeys(what: string, o: object, known: readonly string[]): void {
  for (const key of Object.keys(o))
    if (!known.includes(key))
      throw new ParameterError(
        key,
        `a field of ${what} (one of ${known.join(", ")})${didYouMean(key, known)}`,
        (o as Record<string, unknown>)[key],
      );
}
