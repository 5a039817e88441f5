// npm run reproduce [-- --profile paper|quick|smoke] [--only 01] [--out DIR] [--commit] [--kernel tslab|deno]
// Executes every notebook headless with real Jupyter under tslab (or Deno's kernel); writes executed
// notebooks and HTML exports to out/ (or DIR). With --commit, also copies the executed notebooks over notebooks/.
import { spawnSync } from "node:child_process";
import { copyFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { jupyterEnv, root, setup } from "./lib/jupyter.mjs";

const PROFILES = ["paper", "quick", "smoke"];
let opts;
try {
  opts = parseArgs({
    options: {
      profile: { type: "string", default: process.env.HINGE_PROFILE || "paper" },
      only: { type: "string", multiple: true },
      out: { type: "string", default: join(root, "out") },
      commit: { type: "boolean", default: false },
      kernel: { type: "string", default: "tslab" },
    },
  }).values;
} catch (e) {
  console.error(
    `[reproduce] ${e.message}\nusage: npm run reproduce -- [--profile paper|quick|smoke] [--only 01] [--out DIR] [--commit] [--kernel tslab|deno]`,
  );
  process.exit(2);
}
if (!PROFILES.includes(opts.profile)) {
  console.error(`[reproduce] invalid --profile; expected one of ${PROFILES.join(" | ")}, got "${opts.profile}"`);
  process.exit(2);
}

if (!["tslab", "deno"].includes(opts.kernel)) {
  console.error(`[reproduce] invalid --kernel; expected one of tslab | deno, got "${opts.kernel}"`);
  process.exit(2);
}
const { python } = setup([opts.kernel]);
const build = spawnSync(
  process.execPath,
  [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json")],
  {
    stdio: "inherit",
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const nbDir = join(root, "notebooks");
const all = readdirSync(nbDir)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();
const chosen = opts.only ? all.filter((f) => opts.only.some((p) => f.startsWith(p))) : all;
if (chosen.length === 0) {
  console.error(`[reproduce] no notebook matches --only ${opts.only}; have: ${all.join(", ")}`);
  process.exit(2);
}
const out = resolve(opts.out);
const env = jupyterEnv({ HINGE_PROFILE: opts.profile, HINGE_OUT_DIR: out });
console.error(`[reproduce] profile ${opts.profile}: ${chosen.join(", ")} -> ${out}`);
const t0 = Date.now();
for (const nb of chosen) {
  const r = spawnSync(
    python,
    [join(root, "scripts", "execute_notebook.py"), join(nbDir, nb), out, "--kernel", opts.kernel],
    { env, stdio: "inherit" },
  );
  if (r.status !== 0) {
    console.error(`[reproduce] ${nb} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  if (opts.commit) copyFileSync(join(out, nb), join(nbDir, nb));
}
console.error(`[reproduce] all ${chosen.length} notebook(s) executed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
