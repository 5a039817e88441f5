/**
 * The README's command-line block, run exactly as written (each `npx hinge-dynamics ...` line with the built CLI,
 * from a fresh working folder). Runs that take minutes are stopped with Ctrl-C once they show progress: they must
 * have accepted their flags, found their data, started, and then stop cleanly with what they recorded.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeNpy } from "../../src/data/npy";
import { Random } from "../../src/random";

const root = join(__dirname, "..", "..");
const cliJs = join(root, "dist", "cli", "main.js");
const readme = readFileSync(join(root, "README.md"), "utf8");
const block = readme.split("## The command line")[1].split("```sh\n")[1].split("```")[0];
const commands = block
  .split("\n")
  .map((line) => line.replace(/\s+#.*$/, "").trim())
  .filter(Boolean);

/** Seeded standard normal numbers. */
const gaussian = (n: number, seed: number) => new Random(seed).fillNormal(new Float32Array(n));

/** Runs the CLI with `args` in `cwd`; with `interruptOn`, sends SIGINT once stderr matches it. */
function runCli(
  args: string[],
  cwd: string,
  interruptOn?: RegExp,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliJs, ...args], {
      cwd,
      env: { ...process.env, HINGE_DATA_DIR: "", HINGE_CACHE_DIR: join(cwd, "cache") },
    });
    let [stdout, stderr, sent] = ["", "", false];
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => {
      stderr += c;
      if (interruptOn && !sent && interruptOn.test(stderr)) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

test("the README's command-line block is what this test runs", () => {
  assert.ok(commands.length >= 7, block);
  for (const c of commands) assert.match(c, /^(npx hinge-dynamics|npm run bench$)/);
});

for (const command of commands.filter((c) => c.startsWith("npx hinge-dynamics "))) {
  const args = command.replace("npx hinge-dynamics ", "").split(/\s+/);
  test(`README: ${command}`, { timeout: 300_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), "readme-"));
    if (args.includes("--x")) {
      // The files the command names: the paper's Gaussian task and initialisation, with W stored d×M (the authors'
      // layout) as the README says.
      const [N, d, M] = [500, 100, 400];
      const x = gaussian(N * d, 1);
      const wStar = gaussian(d, 2);
      const y = Float32Array.from({ length: N }, (_, n) => {
        let s = 0;
        for (let j = 0; j < d; j++) s += x[n * d + j] * wStar[j];
        return s >= 0 ? 1 : -1;
      });
      writeNpy(join(cwd, "x.npy"), x, [N, d]);
      writeNpy(join(cwd, "y.npy"), y, [N]);
      writeNpy(join(cwd, "a.npy"), gaussian(M, 3), [M]);
      writeNpy(join(cwd, "W.npy"), gaussian(d * M, 4), [d, M]);
    }
    const steps = Number(args[args.indexOf("--steps") + 1]);
    const long = args[0] === "train" && steps >= 1000;
    if (args[0] === "data" && args[1] === "fetch") {
      // Nothing is fetched into the project: the download goes to a scratch folder (offline here, so it must say so).
      const r = spawnSync(process.execPath, [cliJs, ...args], {
        cwd,
        encoding: "utf8",
        env: { ...process.env, HINGE_DATA_DIR: cwd },
        timeout: 240_000,
      });
      if (r.status !== 0) assert.match(r.stderr, /cannot reach https:\/\/\S+ \(.+\): this machine may be offline/);
      return;
    }
    const r = await runCli(args, cwd, long ? /^step \d+\/\d+/m : undefined);
    if (long) {
      assert.equal(r.code, 130, r.stderr);
      const out = join(cwd, args[args.indexOf("--out") + 1]);
      assert.ok(existsSync(join(out, "summary.json")), "an interrupted run saves what it recorded");
      assert.equal(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).stopReason, "interrupted");
    } else {
      assert.equal(r.code, 0, r.stderr);
      if (args[0] === "train") assert.ok(existsSync(join(cwd, args[args.indexOf("--out") + 1], "summary.json")));
      if (args[0] === "sweep") assert.ok(existsSync(join(cwd, args[args.indexOf("--out") + 1])), "the sweep's table");
    }
  });
}

test("README: npm run bench starts the Fig. 1 benchmark", { timeout: 300_000 }, async () => {
  const child = spawn("npm", ["run", "bench"], { cwd: root, detached: true });
  let out = "";
  const started = await new Promise<boolean>((resolve) => {
    const onData = (c: Buffer) => {
      out += c;
      if (/matmul|step/i.test(out)) resolve(true);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("close", () => resolve(false));
  });
  process.kill(-child.pid!, "SIGKILL");
  assert.ok(started, out);
});
