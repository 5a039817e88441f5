// Makes `import ... from "hinge-dynamics"` resolve inside this checkout (notebooks/ and tests/), by
// linking node_modules/hinge-dynamics to the project root (docs/design.md §1), and puts the CLI on
// `npx hinge-dynamics` through node_modules/.bin. Safe to rerun.
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readlinkSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Points `link` at `target` (relative), replacing a stale symlink, never a real file or folder. */
function ensureLink(link, target) {
  mkdirSync(dirname(link), { recursive: true });
  const st = lstatSync(link, { throwIfNoEntry: false });
  if (st && !st.isSymbolicLink()) return;
  if (st && readlinkSync(link) === target) return;
  if (st) unlinkSync(link);
  symlinkSync(target, link);
}

/**
 * The links notebooks and `npx hinge-dynamics` need (`npm install <package>` later removes them; setup puts them back).
 */
export function linkSelf() {
  ensureLink(join(root, "node_modules", "hinge-dynamics"), "..");
  // The bin is a small launcher so that it works before dist/ exists (it says to build).
  const bin = join(root, "node_modules", ".bin", "hinge-dynamics");
  if (!existsSync(bin) || lstatSync(bin).isSymbolicLink()) {
    if (lstatSync(bin, { throwIfNoEntry: false })) unlinkSync(bin);
    mkdirSync(dirname(bin), { recursive: true });
    writeFileSync(bin, '#!/bin/sh\nexec node "$(dirname "$0")/../hinge-dynamics/dist/cli/main.js" "$@"\n');
    chmodSync(bin, 0o755);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) linkSelf();
