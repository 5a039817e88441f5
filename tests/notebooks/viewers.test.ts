/**
 * The committed notebooks, as readers open them: untrusted in the classic Notebook (a real server and a real
 * headless Chromium), exported by a plain `jupyter nbconvert --to html`, and the project's kernel registered
 * with a user's own Jupyter.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

const root = join(__dirname, "..", "..");
const notebooks = readdirSync(join(root, "notebooks"))
  .filter((f) => f.endsWith(".ipynb"))
  .sort();
const python = process.env.HINGE_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
const chromiumPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find(existsSync);
const hasNotebook = spawnSync(python, ["-c", "import notebook"]).status === 0;

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

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
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
      ? "no Chromium (npm run setup installs Debian's chromium as root)"
      : !hasNotebook
        ? "no Jupyter Notebook server"
        : false,
    timeout: 300_000,
  },
  async () => {
    const { chromium } = await import("playwright-core");
    const [port, token] = [await freePort(), "hinge-test"];
    const data = mkdtempSync(join(tmpdir(), "jupyter-data-")); // a fresh trust database: nothing is trusted
    const server = spawn(
      python,
      [
        "-m",
        "jupyter",
        "notebook",
        "--no-browser",
        `--port=${port}`,
        "--ip=127.0.0.1",
        `--NotebookApp.token=${token}`,
        `--notebook-dir=${join(root, "notebooks")}`,
        ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
      ],
      {
        env: {
          ...process.env,
          JUPYTER_DATA_DIR: data,
          JUPYTER_RUNTIME_DIR: data,
          JUPYTER_PATH: join(root, ".jupyter", "share", "jupyter"),
        },
      },
    );
    let log = "";
    server.stderr.on("data", (c: Buffer) => (log += c));
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    });
    try {
      for (let k = 0; ; k++) {
        const up = await fetch(`http://127.0.0.1:${port}/api?token=${token}`).then(
          (r) => r.ok,
          () => false,
        );
        if (up) break;
        assert.ok(k < 120, `the notebook server did not start: ${log}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      const page = await browser.newPage();
      for (const nb of notebooks) {
        const want = expected(nb);
        await page.goto(`http://127.0.0.1:${port}/notebooks/${nb}?token=${token}`);
        await page.waitForSelector(".output_area", { timeout: 60_000 });
        // Every image decoded, so that "shown" means drawn.
        await page
          .waitForFunction(
            (n) =>
              Array.from(document.querySelectorAll(".output_area img")).filter(
                (i) => (i as HTMLImageElement).naturalWidth > 0,
              ).length >= n,
            want.figures,
            { timeout: 60_000 },
          )
          .catch(() => {});
        const seen = await page.evaluate(() => ({
          trusted: document.querySelector("#notification_trusted")?.textContent?.trim(),
          figures: Array.from(document.querySelectorAll(".output_area img")).filter(
            (i) => (i as HTMLImageElement).naturalWidth > 100,
          ).length,
          tables: document.querySelectorAll(".output_area table").length,
        }));
        assert.equal(seen.trusted, "Not Trusted", `${nb} should open untrusted`);
        assert.equal(seen.figures, want.figures, `${nb}: figures drawn`);
        assert.equal(seen.tables, want.tables, `${nb}: tables shown`);
      }
    } finally {
      await browser.close();
      server.kill();
    }
  },
);

test(
  "a plain `jupyter nbconvert --to html` of every committed notebook draws every figure",
  { skip: spawnSync(python, ["-c", "import nbconvert"]).status === 0 ? false : "no nbconvert" },
  () => {
    for (const nb of notebooks) {
      const r = spawnSync(
        python,
        ["-m", "jupyter", "nbconvert", "--to", "html", "--stdout", join(root, "notebooks", nb)],
        { encoding: "utf8", maxBuffer: 1 << 30 },
      );
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
