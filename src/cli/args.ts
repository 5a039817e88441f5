/** Shared command-line parsing: flags to typed values, errors that name the flag. */
import { ParameterError } from "../validate";

/** An error the CLI prints as one line and exits 2 for (bad usage, not a crash). */
export class UsageError extends Error {}

/** Flag name for a config field: betaStar → --beta-star, M → --M. */
export function flagName(field: string): string {
  return `--${field.replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a}-${b.toLowerCase()}`)}`;
}

/** Runs node:util's parseArgs (strict); unknown flags and missing values become UsageErrors. */
export function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^Unknown option '(.*)'.*$/s, "unknown option $1"));
  }
}

/** A number from a flag's text; undefined when the flag is absent. */
export function num(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === "" || Number.isNaN(v)) throw new ParameterError(flag, "a number", text);
  return v;
}

/** A comma-separated list of numbers. */
export function numList(flag: string, text: string): number[] {
  return text.split(",").map((s) => num(flag, s) as number);
}

/** Rewrites a ParameterError about a config field into one about its flag (`rename`: field → flag). */
export function asFlagError(e: unknown, rename: Record<string, string> = {}): unknown {
  if (e instanceof ParameterError && !e.parameter.startsWith("--")) {
    const field = e.parameter.replace(/\[\d+\]$/, "");
    return new ParameterError(rename[field] ?? flagName(field), e.expected, e.got);
  }
  return e;
}

/** Joins `--flag -3` into `--flag=-3`, so that negative numbers reach the range checks. */
export function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (
      argv[i].startsWith("--") &&
      !argv[i].includes("=") &&
      next !== undefined &&
      /^-\d|^-\.\d|^-Infinity$/.test(next)
    ) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}
