/**
 * Downloads with a progress bar, resumable (HTTP Range onto a .part file), verified against the
 * published MD5 before the file takes its final name, and unpacked (tar.gz) into a temporary folder
 * that is renamed into place only when complete: an interrupted fetch never leaves a file that looks done.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { extract } from "tar";
import { CIFAR_TEST_FILES, CIFAR_TRAIN_FILES } from "./images";
import { makeDirs } from "../make-dirs";

export interface RemoteFile {
  url: string;
  /** File name on disk. */
  name: string;
  /** Published MD5 (hex). */
  md5: string;
  /** Size in bytes, for the progress bar (optional). */
  bytes?: number;
}

export interface DatasetSource {
  title: string;
  homepage: string;
  license: string;
  files: RemoteFile[];
  /** "keep": the files are used as downloaded; "tar.gz": unpacked, members under `stripPrefix` moved up. */
  unpack: "keep" | "tar.gz";
  stripPrefix?: string;
  /** Files the loaders need, present once the fetch is complete. */
  expect: string[];
}

const MNIST = "https://ossci-datasets.s3.amazonaws.com/mnist/";
const FASHION = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

/** The four official idx files of MNIST and Fashion-MNIST, gzipped, in the order of their MD5s below. */
const IDX_FILES = [
  "train-images-idx3-ubyte",
  "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte",
  "t10k-labels-idx1-ubyte",
].map((f) => `${f}.gz`);

/** The idx files under `base`, each with its published MD5 (and size, when known). */
function idxFiles(base: string, md5s: string[], bytes?: number[]): RemoteFile[] {
  return IDX_FILES.map((name, k) => ({ url: base + name, name, md5: md5s[k], bytes: bytes?.[k] }));
}

/** The datasets that can be downloaded without a login. */
export const SOURCES: Record<"mnist" | "fashion-mnist" | "cifar10", DatasetSource> = {
  mnist: {
    title: "MNIST (LeCun, Cortes and Burges)",
    homepage: "http://yann.lecun.com/exdb/mnist/",
    license: "CC BY-SA 3.0 (as distributed by the authors' mirrors); cite LeCun et al. 1998",
    files: idxFiles(
      MNIST,
      [
        "f68b3c2dcbeaaa9fbdd348bbdeb94873",
        "d53e105ee54ea40749a09fcbcd1e9432",
        "9fb629c4189551a2d022fa330f9573f3",
        "ec29112dd5afa0611ce80d1b7f02629c",
      ],
      [9912422, 28881, 1648877, 4542],
    ),
    unpack: "keep",
    expect: IDX_FILES,
  },
  "fashion-mnist": {
    title: "Fashion-MNIST (Xiao, Rasul and Vollgraf 2017)",
    homepage: "https://github.com/zalandoresearch/fashion-mnist",
    license: "MIT (Zalando SE); cite Xiao et al. 2017, arXiv:1708.07747",
    files: idxFiles(FASHION, [
      "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
      "25c81989df183df01b3e8a0aad5dffbe",
      "bef4ecab320f06d8554ea6380940ec79",
      "bb300cfdad3c16e7a12a480ee83cd310",
    ]),
    unpack: "keep",
    expect: IDX_FILES,
  },
  cifar10: {
    title: "CIFAR-10, binary version (Krizhevsky 2009)",
    homepage: "https://www.cs.toronto.edu/~kriz/cifar.html",
    license:
      "no licence stated by the authors; cite Krizhevsky 2009, 'Learning Multiple Layers of Features from Tiny Images'",
    files: [
      {
        url: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
        name: "cifar-10-binary.tar.gz",
        md5: "c32a1d4ab5d03f1284b67883e8d87530",
        bytes: 170052171,
      },
    ],
    unpack: "tar.gz",
    stripPrefix: "cifar-10-batches-bin/",
    expect: [...CIFAR_TRAIN_FILES, ...CIFAR_TEST_FILES],
  },
};

/** How to get ImageNet 32×32, which needs a login. */
export const IMAGENET32_HELP = `ImageNet 32x32 (Chrabaszcz, Loshchilov and Hutter 2017, "A Downsampled Variant of ImageNet")
needs an ImageNet account, so it cannot be fetched automatically:
  1. Log in at https://image-net.org/download-images and open "Download downsampled images".
  2. Download Imagenet32_train_npz.zip and Imagenet32_val_npz.zip (about 3.4 GB together).
  3. Unzip both into one folder, so that it holds train_data_batch_1.npz ... train_data_batch_10.npz and val_data.npz:
       unzip Imagenet32_train_npz.zip -d data/imagenet32 && unzip Imagenet32_val_npz.zip -d data/imagenet32
     (move the files up if they land in a subfolder).
  4. Check with: npx hinge-dynamics data info --dataset imagenet32 --data-dir data/imagenet32
Terms: ImageNet's terms of access (non-commercial research and education).`;

/** MD5 of a file, streamed. */
export async function md5File(file: string): Promise<string> {
  const h = createHash("md5");
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

export interface FetchOptions {
  /** Called with bytes so far and the total (when known). */
  onProgress?: (done: number, total: number | undefined) => void;
  signal?: AbortSignal;
}

/**
 * Downloads `f` into `dir` with Node's fetch: resumes a previous .part with a Range request (restarts if the
 * server ignores it), verifies the MD5, then renames .part to the final name. A file already present with
 * the right MD5 is kept. A mismatch deletes the .part and throws naming the file and both sums.
 */
export async function fetchFile(f: RemoteFile, dir: string, o: FetchOptions = {}): Promise<string> {
  makeDirs(dir);
  const dest = join(dir, f.name);
  if (existsSync(dest) && (await md5File(dest)) === f.md5) return dest;
  const part = `${dest}.part`;
  const have = existsSync(part) ? statSync(part).size : 0;
  const res = await fetch(f.url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {}, signal: o.signal }).catch(
    (e: Error & { cause?: { code?: string; message?: string } }) => {
      if (e.name === "AbortError") throw e;
      const why = e.cause?.code ?? e.cause?.message ?? e.message;
      throw new Error(
        `cannot reach ${f.url} (${why}): this machine may be offline or behind a proxy; download the file by hand into ${dirname(dest)} and rerun (it is checked by its MD5)`,
      );
    },
  );
  if (res.status === 416) {
    await res.body?.cancel(); // the .part is already whole (or longer): verify below
  } else if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new Error(`${f.url}: HTTP ${res.status}`);
  } else {
    const resume = res.status === 206 && have > 0;
    const length = Number(res.headers.get("content-length") ?? NaN);
    const total = f.bytes ?? (Number.isFinite(length) ? length + (resume ? have : 0) : undefined);
    let done = resume ? have : 0;
    const body = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>);
    body.on("data", (c: Buffer) => {
      done += c.length;
      o.onProgress?.(done, total);
    });
    try {
      await pipeline(body, createWriteStream(part, { flags: resume ? "a" : "w" }));
    } catch (e) {
      if (o.signal?.aborted) throw e;
      throw new Error(
        `${f.url}: connection closed after ${done} bytes (${(e as Error).message}); run the fetch again to resume`,
      );
    }
    if (f.bytes !== undefined && done < f.bytes)
      throw new Error(`${f.url}: got ${done} of ${f.bytes} bytes; run the fetch again to resume`);
  }
  const sum = await md5File(part);
  if (sum !== f.md5) {
    rmSync(part, { force: true });
    throw new Error(
      `${f.name}: checksum mismatch (MD5 ${sum}, published ${f.md5}); the partial download was deleted, run the fetch again`,
    );
  }
  renameSync(part, dest);
  return dest;
}

/**
 * Unpacks a .tar.gz with node-tar (regular files only; it refuses paths outside `dest`), members under
 * `strip` moved up, into a temporary folder whose files are moved into `dest` only once all are out.
 */
export async function untarGz(archive: string, dest: string, strip = ""): Promise<string[]> {
  const tmp = `${dest}.unpacking`;
  rmSync(tmp, { recursive: true, force: true });
  makeDirs(tmp);
  const written: string[] = [];
  try {
    await extract({
      file: archive,
      cwd: tmp,
      strict: true,
      filter: (path, entry) => {
        const take = "type" in entry && entry.type === "File" && path.startsWith(strip) && path !== strip;
        if (take) written.push(path.slice(strip.length));
        return take;
      },
    });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`${archive}: cannot unpack (${(e as Error).message}); delete it and fetch again`);
  }
  for (const name of written) {
    const target = join(dest, name);
    makeDirs(dirname(target));
    renameSync(join(tmp, strip, name), target);
  }
  rmSync(tmp, { recursive: true, force: true });
  return written;
}

/** A progress bar on stderr: "name [#####.....] 45% 76.5/170.1 MB". */
export function progressBar(name: string): (done: number, total: number | undefined) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 200 && done !== total) return;
    last = now;
    const mb = (b: number) => (b / 2 ** 20).toFixed(1);
    const frac = total ? Math.min(1, done / total) : 0;
    const bar = total ? `[${"#".repeat(Math.round(frac * 30)).padEnd(30, ".")}] ${(100 * frac).toFixed(0)}% ` : "";
    process.stderr.write(
      `\r${name} ${bar}${mb(done)}${total ? `/${mb(total)}` : ""} MB\x1b[K${done === total ? "\n" : ""}`,
    );
  };
}

/** Fetches and unpacks a dataset into `dir`; returns the files the loaders need. */
export async function fetchDataset(
  source: DatasetSource,
  dir: string,
  o: FetchOptions & { quiet?: boolean } = {},
): Promise<string[]> {
  for (const f of source.files) {
    const path = await fetchFile(f, dir, {
      signal: o.signal,
      onProgress: o.onProgress ?? (o.quiet ? undefined : progressBar(f.name)),
    });
    if (source.unpack === "tar.gz") await untarGz(path, dir, source.stripPrefix);
  }
  const missing = source.expect.filter((name) => !existsSync(join(dir, name)));
  if (missing.length) throw new Error(`${dir}: after unpacking, still missing ${missing.join(", ")}`);
  return source.expect.map((name) => join(dir, name));
}
