/**
 * The one place that talks to a notebook kernel: tslab (Node) or Deno's built-in Jupyter kernel. Both
 * take a Jupyter MIME bundle; outside a kernel there is no frontend and callers print instead.
 */

/** MIME type → content (text, base64 for images, JSON objects for Vega-Lite). */
export type MimeBundle = Record<string, string | object>;

export interface Frontend {
  /** Shows a bundle; with `id`, later calls with the same id and `update` replace it in place. Resolves once sent. */
  display(data: MimeBundle, metadata?: Record<string, object>, id?: string, update?: boolean): Promise<void>;
}

interface DenoJupyter {
  broadcast(type: string, content: object): Promise<void>;
}

/**
 * How long a Deno display waits after handing its message over. Deno's kernel (2.x) queues a broadcast for a
 * separate publishing loop, which serialises, signs and sends it while the cell runs on, under the header of the
 * cell current when it is sent; a cell that ends first has its status "idle" published ahead of the queued outputs,
 * and Jupyter drops what arrives after that. No acknowledgement reaches the cell, so the wait is a margin: 100 ms,
 * and 1 ms per 5 kB (200 ms more for a 1 MB figure with its spec), measured enough on a loaded 2-core machine.
 */
export function denoFlushMs(bytes: number): number {
  return 100 + bytes / 5_000;
}

/** Deno's kernel: Deno.jupyter.broadcast sends display_data / update_display_data messages. */
function denoFrontend(): Frontend | undefined {
  const jupyter = (globalThis as { Deno?: { jupyter?: DenoJupyter } }).Deno?.jupyter;
  if (!jupyter) return undefined;
  return {
    display: async (data, metadata = {}, id, update) => {
      const content = { data, metadata, transient: id ? { display_id: id } : {} };
      await jupyter.broadcast(update ? "update_display_data" : "display_data", content);
      const bytes = JSON.stringify(data).length;
      await new Promise((resolve) => setTimeout(resolve, denoFlushMs(bytes)));
    },
  };
}

/** tslab: the writer of the cell being executed (set by tslab while it runs a cell; null outside a kernel). */
function tslabFrontend(): Frontend | undefined {
  try {
    const jupyter = require("tslab/dist/jupyter") as {
      lastWriteDisplayData: ((content: object, update: boolean) => void) | null;
    };
    const write = jupyter.lastWriteDisplayData;
    if (write == null) return undefined;
    return {
      display: async (data, metadata = {}, id, update) => {
        write({ data, metadata, transient: id ? { display_id: id } : {} }, update === true);
      },
    };
  } catch {
    return undefined;
  }
}

/** The kernel this code runs in, if any. */
export function frontend(): Frontend | undefined {
  return denoFrontend() ?? tslabFrontend();
}

let counter = 0;
/** A fresh display id, for outputs that are later updated in place. */
export function newDisplayId(): string {
  return `hinge-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}
