// Makes `import ... from "hinge-dynamics"` resolve inside this checkout (notebooks/ and tests/),
// by linking node_modules/hinge-dynamics to the project root (DESIGN.md section 6).
import { existsSync, lstatSync, mkdirSync, symlinkSync, unlinkSync, readlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const link = join(root, "node_modules", "hinge-dynamics");
mkdirSync(dirname(link), { recursive: true });
if (existsSync(link) || lstatSync(link, { throwIfNoEntry: false })) {
  const st = lstatSync(link);
  if (st.isSymbolicLink() && resolve(dirname(link), readlinkSync(link)) === root) process.exit(0);
  if (!st.isSymbolicLink()) process.exit(0); // an installed copy: leave it alone
  unlinkSync(link);
}
symlinkSync("..", link, "dir");
