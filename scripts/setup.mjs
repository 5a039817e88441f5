// npm run setup: Jupyter (nbclient, nbconvert) available and the project's tslab kernel registered locally.
import { setup } from "./lib/jupyter.mjs";

try {
  const { python } = setup();
  console.error(`[setup] ready: Jupyter through ${python}; kernel "tslab" in .jupyter/`);
} catch (e) {
  console.error(`[setup] ${e.message}`);
  process.exit(1);
}
