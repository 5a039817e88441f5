/** Creating folders along a path. */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * `mkdir -p`: makes each missing folder of `path`, outermost first, and throws the first error (EACCES, ENOENT,
 * EROFS). Not Node's `mkdirSync(path, { recursive: true })`, which in Node 20 loops forever where the system
 * answers ENOENT under an existing parent (under /proc, say).
 */
export function makeDirs(path: string): void {
  const missing: string[] = [];
  for (let p = resolve(path); !existsSync(p); p = dirname(p)) {
    missing.push(p);
    if (dirname(p) === p) break;
  }
  for (const dir of missing.reverse()) mkdirSync(dir);
}
