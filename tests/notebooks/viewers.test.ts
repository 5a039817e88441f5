/**
 * Every server and tool runs as a module of the recorded Python (`python -m notebook`, never `python -m jupyter
 * notebook`, which runs whichever jupyter-notebook is first on PATH).
 *
 * The committed notebooks, as readers open them: untrusted in JupyterLab 4, Notebook 7 and (where the recorded
 * Jupyter is Debian's) the classic Notebook 6, each a real server with a real headless Chromium; exported by a
 * plain nbconvert; and the project's kernel registered with a user's own Jupyter.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Page } from "playwright-core";
import {
  chromiumArgs,
  chromiumPath,
  freePort,
  freshJupyterEnv,
  recordedPython,
  root,
  startServer,
  type Server,
  waitForServer,
} from "../helpers/jupyter";

const notebooks = readdirSync(join(root, "notebooks"))
  .filter((f) => f.endsWith(".ipynb"))
  .sort();
const python = recordedPython();
const version = (module: string) => {
  const r = spawnSync(python, ["-c", `import ${module}; print(${module}.__version__)`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
};
const [notebookVersion, labVersion] = [version("notebook"), version("jupyterlab")];
const major = (v: string | undefined) => Number(v?.split(".")[0] ?? NaN);

interface Output {
  data?: Record<string, unknown>;
}
/** What each committed notebook must show: its PNG outputs (figures, animations) and its Markdown tables. */
function expected(nb: string): { figures: number; tables: number } {
  const outputs = (
    JSON.parse(readFileSync(join(root, "notebooks", nb), "utf8")) as { cells: { outputs?: Output[] }[] }
  ).cells.flatMap((c) => c.outputs ?? []);
  const md = (o: Output) => [o.data?.["text/markdown"] ?? ""].flat().join("");
  return {
    figures: outputs.filter((o) => o.data?.["image/png"]).length,
    tables: outputs.filter((o) => /\n\| ?---/.test(md(o))).length,
  };
}

test("every committed notebook carries its figures and tables", () => {
  for (const nb of notebooks) {
    const e = expected(nb);
    assert.ok(e.figures >= 3, `${nb}: ${e.figures} figures`);
    assert.ok(e.tables >= 1, `${nb}: ${e.tables} tables`);
  }
});

test(
  "opened untrusted in the classic Notebook, every committed notebook shows every figure and table (headless Chromium)",
  {
    skip: !chromiumPath
      ? "no Chromium (apt-get install chromium)"
      : major(notebookVersion) < 7
        ? false
        : `the recorded Jupyter has Notebook ${notebookVersion ?? "(none)"}, not the classic Notebook 6 (Notebook 7 is tested below)`,
    timeout: 300_000,
  },
  async () => {
    const [port, token] = [await freePort(), "hinge-test"];
    const args = ["-m", "notebook", "--no-browser", `--port=${port}`, "--ip=127.0.0.1"];
    const s = startServer(
      python,
      [...args, `--NotebookApp.token=${token}`, `--notebook-dir=${copyOfNotebooks()}`, ...asRoot],
      freshJupyterEnv(),
    );
    await inBrowser(s, port, token, async (page) => {
      for (const nb of notebooks) {
        const want = expected(nb);
        await page.goto(`http://127.0.0.1:${port}/notebooks/${nb}?token=${token}`);
        await page.waitForSelector(".output_area", { timeout: 60_000 });
        const seen = await shown(page, ".output_area", want);
        assert.equal(
          await page.evaluate(() => document.querySelector("#notification_trusted")?.textContent?.trim()),
          "Not Trusted",
          `${nb} should open untrusted`,
        );
        assert.equal(seen.figures, want.figures, `${nb}: figures drawn`);
        assert.equal(seen.tables, want.tables, `${nb}: tables shown`);
      }
    });
  },
);

/** A copy of the committed notebooks to serve: opening one makes Jupyter write a checkpoint (and it may autosave). */
function copyOfNotebooks(): string {
  const copies = mkdtempSync(join(tmpdir(), "hinge-notebooks-"));
  cpSync(join(root, "notebooks"), copies, { recursive: true, filter: (f) => !f.includes(".ipynb_checkpoints") });
  return copies;
}

/** Jupyter refuses to run as root (containers, CI machines) unless told to. */
const asRoot = process.getuid?.() === 0 ? ["--allow-root"] : [];

/** Opens headless Chromium once the server answers; stops both afterwards. */
async function inBrowser(s: Server, port: number, token: string, body: (page: Page) => Promise<void>): Promise<void> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    await waitForServer(port, token, s.server, s.log);
    await body(await browser.newPage({ viewport: { width: 1400, height: 1000 } }));
  } finally {
    await browser.close();
    s.stop();
  }
}

/**
 * The figures drawn (images decoded, or Vega views rendered) and the tables shown in the output areas under
 * `scope`, once as many as `want` are there or a minute has passed.
 */
async function shown(
  page: Page,
  scope: string,
  want: { figures: number; tables: number },
): Promise<{ figures: number; tables: number }> {
  // Runs in the page: images decoded to a real size, and Vega views with their marks drawn (canvas or SVG).
  const count = ([sel, figures, tables]: [string, number, number]) => {
    const images = Array.from(document.querySelectorAll(`${sel} img`)).filter(
      (i) => (i as HTMLImageElement).naturalWidth > 100,
    ).length;
    const views = document.querySelectorAll(`${sel} .vega-embed .marks`).length;
    const seen = { figures: images + views, tables: document.querySelectorAll(`${sel} table`).length };
    return seen.figures >= figures && seen.tables >= tables ? seen : null;
  };
  const args: [string, number, number] = [scope, want.figures, want.tables];
  await page.waitForFunction(count, args, { timeout: 60_000 }).catch(() => {});
  return (await page.evaluate(count, [scope, 0, 0] as [string, number, number]))!;
}

for (const app of ["JupyterLab", "Notebook 7"] as const) {
  const v = app === "JupyterLab" ? labVersion : notebookVersion;
  test(
    `opened untrusted in ${app}, every committed notebook shows every figure and table, with no kernel dialog (headless Chromium)`,
    {
      skip: !chromiumPath
        ? "no Chromium (apt-get install chromium)"
        : major(v) >= (app === "JupyterLab" ? 4 : 7)
          ? false
          : `the recorded Jupyter (${python}) has no ${app} (${v ?? "not installed"}); the project's .venv has it`,
      timeout: 600_000,
    },
    async () => {
      const [port, token] = [await freePort(), "hinge-test"];
      const common = ["--no-browser", `--port=${port}`, "--ip=127.0.0.1", `--IdentityProvider.token=${token}`];
      // JupyterLab as a user opens it (`npm run lab`, with the project's kernel registered); Notebook 7 directly.
      const rootDir = `--ServerApp.root_dir=${copyOfNotebooks()}`;
      const s =
        app === "JupyterLab"
          ? startServer(process.execPath, [join(root, "scripts", "lab.mjs"), ...common, rootDir], freshJupyterEnv())
          : startServer(python, ["-m", "notebook", ...common, rootDir, ...asRoot], freshJupyterEnv());
      await inBrowser(s, port, token, async (page) => {
        for (const nb of notebooks) {
          const want = expected(nb);
          const url = app === "JupyterLab" ? `lab/tree/${nb}?reset&token=${token}` : `notebooks/${nb}?token=${token}`;
          await page.goto(`http://127.0.0.1:${port}/${url}`);
          await page.waitForSelector(".jp-OutputArea-output", { timeout: 90_000 });
          const scope = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output";
          const seen = await shown(page, scope, want);
          assert.equal(seen.figures, want.figures, `${nb}: figures drawn in ${app}`);
          assert.equal(seen.tables, want.tables, `${nb}: tables shown in ${app}`);
          // The notebook asks for the kernel "tslab", which is registered: no "Select Kernel" dialog blocks it.
          const dialog = await page.$(".jp-Dialog");
          assert.equal(dialog && (await dialog.innerText()), null, `${nb}: a dialog is open in ${app}`);
        }
      });
    },
  );
}

test(
  "a plain `jupyter nbconvert --to html` of every committed notebook draws every figure",
  { skip: spawnSync(python, ["-c", "import nbconvert"]).status === 0 ? false : "no nbconvert" },
  () => {
    for (const nb of notebooks) {
      const r = spawnSync(python, ["-m", "nbconvert", "--to", "html", "--stdout", join(root, "notebooks", nb)], {
        encoding: "utf8",
        maxBuffer: 1 << 30,
      });
      assert.equal(r.status, 0, r.stderr);
      const images = [...r.stdout.matchAll(/<img[^>]+src="data:image\/png;base64,([A-Za-z0-9+/=]+)"/g)];
      assert.equal(images.length, expected(nb).figures, `${nb}: figures in the export`);
      for (const [, b64] of images)
        assert.ok(
          Buffer.from(b64.slice(0, 16), "base64").subarray(1, 4).toString() === "PNG",
          `${nb}: an image is not a PNG`,
        );
      assert.ok((r.stdout.match(/<table/g) ?? []).length >= expected(nb).tables, `${nb}: tables in the export`);
    }
  },
);

test("`npm run kernel` registers the project's tslab and Deno kernels where a user's Jupyter finds them", () => {
  const data = mkdtempSync(join(tmpdir(), "jupyter-user-"));
  const env = { ...process.env, JUPYTER_DATA_DIR: data, HINGE_SKIP_DATA: "1" };
  for (const kernel of ["tslab", "deno"]) {
    const r = spawnSync(process.execPath, [join(root, "scripts", "kernel.mjs"), "--kernel", kernel, "--user"], {
      cwd: root,
      encoding: "utf8",
      env,
    });
    assert.equal(r.status, 0, r.stderr);
  }
  // What `jupyter kernelspec list --json` prints, from jupyter_client itself (Debian ships the module without the
  // script).
  const list = spawnSync(
    python,
    [
      "-c",
      "import json; from jupyter_client.kernelspec import KernelSpecManager as K; print(json.dumps({'kernelspecs': K().get_all_specs()}))",
    ],
    { encoding: "utf8", env: { ...env, JUPYTER_PATH: "" } },
  );
  assert.equal(list.status, 0, list.stderr);
  const specs = JSON.parse(list.stdout).kernelspecs as Record<
    string,
    { resource_dir: string; spec: { display_name: string; argv: string[] } }
  >;
  assert.equal(specs.tslab.resource_dir, join(data, "kernels", "tslab"));
  assert.equal(specs.tslab.spec.display_name, "TypeScript (hinge-dynamics)");
  assert.ok(specs.tslab.spec.argv.includes(join(root, "node_modules", "tslab", "bin", "tslab")));
  assert.equal(specs.deno.spec.display_name, "Deno (hinge-dynamics)");
  assert.deepEqual(specs.deno.spec.argv.slice(1), ["jupyter", "--kernel", "--conn", "{connection_file}"]);
});
