/** The Jupyter that `npm run setup` chose and recorded (npm test runs setup first), and servers of it to test. */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const root = join(__dirname, "..", "..");
const record = join(root, ".jupyter", "python.json");

/** The recorded interpreter, or undefined (with the reason) when setup has not run. */
export function recordedPython(): string {
  if (!existsSync(record)) throw new Error(`${record} is missing: run \`npm run setup\` first (npm test does)`);
  return (JSON.parse(readFileSync(record, "utf8")) as { python: string }).python;
}

export const chromiumPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find(
  existsSync,
);
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Fresh Jupyter data and config folders: an empty trust database (nothing is trusted) and no user settings. */
export function freshJupyterEnv(): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), "jupyter-user-"));
  return {
    JUPYTER_DATA_DIR: join(home, "data"),
    JUPYTER_RUNTIME_DIR: join(home, "runtime"),
    JUPYTER_CONFIG_DIR: join(home, "config"),
    JUPYTER_PATH: join(root, ".jupyter", "share", "jupyter"),
  };
}

/** Waits until a Jupyter server answers on `port`; throws with its log when it does not within a minute. */
export async function waitForServer(
  port: number,
  token: string,
  server: ChildProcess,
  log: () => string,
): Promise<void> {
  for (let k = 0; ; k++) {
    const up = await fetch(`http://127.0.0.1:${port}/api?token=${token}`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    if (server.exitCode !== null || k >= 240) throw new Error(`the Jupyter server did not start: ${log()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export interface Server {
  server: ChildProcess;
  log: () => string;
  stop: () => void;
}

/** Starts a server in its own process group (stopped whole: `npm run lab` runs Jupyter as a child). */
export function startServer(cmd: string, args: string[], env: Record<string, string>, cwd = root): Server {
  const server = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, detached: true });
  let log = "";
  server.stdout?.on("data", (c: Buffer) => (log += c));
  server.stderr?.on("data", (c: Buffer) => (log += c));
  return {
    server,
    log: () => log,
    stop: () => {
      try {
        process.kill(-server.pid!, "SIGTERM");
      } catch {
        // already gone
      }
    },
  };
}
