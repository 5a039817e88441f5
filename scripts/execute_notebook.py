"""Executes one notebook with real Jupyter (nbclient) under the tslab kernel (or --kernel deno), printing
progress per cell, and writes the executed notebook and a standalone HTML export. Exit 1 with the failing
cell's error. Called by scripts/reproduce.mjs, which sets HINGE_PROFILE and JUPYTER_PATH."""
import argparse
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("notebook")
    ap.add_argument("out_dir")
    ap.add_argument("--kernel", default="tslab")
    ap.add_argument("--cell-timeout", type=int, default=-1, help="seconds per cell; -1 for none")
    args = ap.parse_args()

    name = os.path.splitext(os.path.basename(args.notebook))[0]
    nb = nbformat.read(args.notebook, as_version=4)
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    started = {}
    t0 = time.monotonic()

    def say(msg):
        print(f"[{name}] {msg}", flush=True)

    def on_cell_start(cell, cell_index, **_):
        if cell_index not in code_cells:
            return
        started[cell_index] = time.monotonic()
        first = (cell.source.strip().splitlines() or [""])[0][:60]
        say(f"cell {code_cells.index(cell_index) + 1}/{len(code_cells)} started: {first}")

    def on_cell_executed(cell, cell_index, **_):
        if cell_index not in code_cells:
            return
        took = time.monotonic() - started.get(cell_index, t0)
        say(f"cell {code_cells.index(cell_index) + 1}/{len(code_cells)} done in {took:.1f} s (total {time.monotonic() - t0:.1f} s)")

    client = NotebookClient(
        nb,
        kernel_name=args.kernel,
        timeout=None if args.cell_timeout < 0 else args.cell_timeout,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}},
        on_cell_start=on_cell_start,
        on_cell_executed=on_cell_executed,
    )
    os.makedirs(args.out_dir, exist_ok=True)
    out_nb = os.path.join(args.out_dir, f"{name}.ipynb")
    failed = None
    try:
        client.execute()
    except CellExecutionError as e:
        failed = str(e)
    except KeyboardInterrupt:
        failed = "interrupted"
    nbformat.write(nb, out_nb)
    # The same export a reader makes with `jupyter nbconvert --to html`: figures are PNG outputs, which every
    # nbconvert shows (6.5 blanks inline SVG; the SVG files are in out/figures/).
    html, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    with open(os.path.join(args.out_dir, f"{name}.html"), "w", encoding="utf-8") as f:
        f.write(html)
    if failed:
        say(f"FAILED after {time.monotonic() - t0:.1f} s; partial outputs in {out_nb}")
        print(failed, file=sys.stderr, flush=True)
        return 1
    say(f"executed in {time.monotonic() - t0:.1f} s -> {out_nb} and .html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
