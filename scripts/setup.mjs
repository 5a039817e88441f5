// npm run setup [-- --kernel deno]: Jupyter (nbclient, nbconvert) available, the project's kernels
// registered in .jupyter/ (tslab always; Deno's with --kernel deno), Fashion-MNIST installed when possible.
import { parseArgs } from "node:util";
import { setup } from "./lib/jupyter.mjs";

try {
  const { values } = parseArgs({ options: { kernel: { type: "string", multiple: true, default: [] } } });
  const { python } = setup(values.kernel);
  console.error(
    `[setup] ready: Jupyter through ${python}; kernels ${["tslab", ...values.kernel].join(", ")} in .jupyter/`,
  );
} catch (e) {
  console.error(`[setup] ${e.message}`);
  process.exit(1);
}
