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

/** One of the listed string values. */
export function checkOneOf<T extends string>(name: string, v: string, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) throw new ParameterError(name, `one of ${allowed.join(" | ")}`, v);
  return v as T;
}
