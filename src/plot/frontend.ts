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

/** Deno's kernel: Deno.jupyter.broadcast sends display_data / update_display_data messages. */
function denoFrontend(): Frontend | undefined {
  const jupyter = (globalThis as { Deno?: { jupyter?: DenoJupyter } }).Deno?.jupyter;
  if (!jupyter) return undefined;
  return {
    display: (data, metadata = {}, id, update) =>
      jupyter.broadcast(update ? "update_display_data" : "display_data", {
        data,
        metadata,
        transient: id ? { display_id: id } : {},
      }),
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
