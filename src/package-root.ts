/** The package's root folder (src/ and dist/ both sit one level below it), and paths as a reader should see them. */
import { resolve, sep } from "node:path";

export const PACKAGE_ROOT = resolve(__dirname, "..");

/** Every absolute path inside the package written relative to its root (outputs then read the same on any machine). */
export function relativeToRoot(text: string): string {
  return text.split(PACKAGE_ROOT + sep).join("");
}

/**
 * Text fit for a shared notebook: paths inside the package relative to its root, and any other absolute path
 * (a system dataset folder, a home directory) cut to its last folder, e.g. "…/fashion-mnist".
 */
export function withoutMachinePaths(text: string): string {
  return relativeToRoot(text).replace(/(^|[\s(`"'])(\/[^\s/()`"']+)+/g, (whole, lead: string) => {
    const last = whole.slice(lead.length).split("/").pop();
    return `${lead}…/${last}`;
  });
}

/** `path` under the package root, e.g. packagePath("runs", "cache"). */
export function packagePath(...parts: string[]): string {
  return resolve(PACKAGE_ROOT, ...parts);
}
