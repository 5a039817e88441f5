/** The package's root folder (src/ and dist/ both sit one level below it), and paths as a reader should see them. */
import { resolve, sep } from "node:path";

export const PACKAGE_ROOT = resolve(__dirname, "..");

/** Every absolute path inside the package written relative to its root (outputs then read the same on any machine). */
export function relativeToRoot(text: string): string {
  return text.split(PACKAGE_ROOT + sep).join("");
}

/** `path` under the package root, e.g. packagePath("runs", "cache"). */
export function packagePath(...parts: string[]): string {
  return resolve(PACKAGE_ROOT, ...parts);
}
