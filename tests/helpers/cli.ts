/** The command-line tool run from source (through tsx) in the repository root. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const root = join(__dirname, "..", "..");

/** Runs `hinge-dynamics ...args`; its exit code, stdout and stderr. */
export function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "src", "cli", "main.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
