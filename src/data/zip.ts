/**
 * One member of a ZIP archive, read with yauzl: NumPy's .npz files are ZIP archives (np.savez stores the
 * members, np.savez_compressed deflates them). Only as much of the member is inflated as is asked for.
 */
import { openPromise, type Entry, type ZipFile } from "yauzl";

/** A file that is not a readable ZIP archive, or a member that cannot be read. */
export class ZipFormatError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: not a readable .npz/.zip file: ${problem}`);
    this.name = "ZipFormatError";
  }
}

/**
 * The first `length` uncompressed bytes of member `name` (all of it by default), or null when the archive
 * has no such member.
 */
export async function readZipMember(file: string, name: string, length = Infinity): Promise<Buffer | null> {
  let zip: ZipFile | undefined;
  try {
    zip = await openPromise(file, { lazyEntries: true, autoClose: false });
    let entry: Entry | undefined;
    for await (const e of zip.eachEntry()) if (e.fileName === name) entry = e;
    return entry ? await readPrefix(zip, entry, length) : null;
  } catch (e) {
    throw e instanceof ZipFormatError ? e : new ZipFormatError(file, (e as Error).message);
  } finally {
    zip?.close();
  }
}

async function readPrefix(zip: ZipFile, entry: Entry, length: number): Promise<Buffer> {
  const want = Math.min(length, entry.uncompressedSize);
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let got = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      got += (chunk as Buffer).length;
      if (got >= want) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, want);
}
