/**
 * Just enough of the ZIP format to read NumPy .npz files (np.savez: stored; np.savez_compressed:
 * deflate): the central directory, and one member read whole or only its first bytes.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { createInflateRaw, inflateRawSync } from "node:zlib";

export interface ZipMember {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the member's data (after its local header). */
  dataOffset: number;
}

export class ZipFormatError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: not a readable .npz/.zip file: ${problem}`);
    this.name = "ZipFormatError";
  }
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const got = readSync(fd, buf, 0, length, offset);
  return buf.subarray(0, got);
}

/** Lists the members of a ZIP file from its central directory. */
export function listZip(file: string): ZipMember[] {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const tailLen = Math.min(size, 65_557);
    const tail = readAt(fd, size - tailLen, tailLen);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    if (eocd < 0) throw new ZipFormatError(file, "no end-of-central-directory record (truncated or not a zip)");
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff) throw new ZipFormatError(file, "ZIP64 archives are not supported");
    if (cdOffset + cdSize > size)
      throw new ZipFormatError(file, "central directory beyond the end of the file (truncated)");
    const cd = readAt(fd, cdOffset, cdSize);
    const members: ZipMember[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50)
        throw new ZipFormatError(file, `bad central directory entry ${k}`);
      const method = cd.readUInt16LE(p + 10);
      const compressedSize = cd.readUInt32LE(p + 20);
      const usize = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const local = cd.readUInt32LE(p + 42);
      const name = cd.toString("utf8", p + 46, p + 46 + nameLen);
      if (compressedSize === 0xffffffff || usize === 0xffffffff || local === 0xffffffff)
        throw new ZipFormatError(file, `member ${name} needs ZIP64, not supported`);
      const lh = readAt(fd, local, 30);
      if (lh.length < 30 || lh.readUInt32LE(0) !== 0x04034b50)
        throw new ZipFormatError(file, `bad local header for ${name}`);
      const dataOffset = local + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
      if (dataOffset + compressedSize > size) throw new ZipFormatError(file, `member ${name} is truncated`);
      members.push({ name, method, compressedSize, size: usize, dataOffset });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return members;
  } finally {
    closeSync(fd);
  }
}

/**
 * The first `length` uncompressed bytes of a member (all of it by default). Stored members are read
 * directly at their offset; deflated ones are inflated only as far as needed.
 */
export async function readZipMember(file: string, m: ZipMember, length = m.size): Promise<Buffer> {
  const want = Math.min(length, m.size);
  if (m.method !== 0 && m.method !== 8)
    throw new ZipFormatError(file, `member ${m.name} uses compression method ${m.method} (only stored and deflate)`);
  const fd = openSync(file, "r");
  try {
    if (m.method === 0) return readAt(fd, m.dataOffset, want);
    if (want === m.size && m.compressedSize < 64 * 2 ** 20)
      return inflateRawSync(readAt(fd, m.dataOffset, m.compressedSize));
    return await inflatePrefix(fd, m, want, file);
  } finally {
    closeSync(fd);
  }
}

async function inflatePrefix(fd: number, m: ZipMember, want: number, file: string): Promise<Buffer> {
  const inflate = createInflateRaw();
  const chunks: Buffer[] = [];
  let got = 0;
  const done = new Promise<void>((resolve, reject) => {
    inflate.on("data", (c: Buffer) => {
      chunks.push(c);
      got += c.length;
      if (got >= want) resolve();
    });
    inflate.on("end", () => resolve());
    inflate.on("error", (e) => reject(new ZipFormatError(file, `member ${m.name}: ${e.message}`)));
  });
  let offset = 0;
  while (got < want && offset < m.compressedSize) {
    const chunk = readAt(fd, m.dataOffset + offset, Math.min(1 << 20, m.compressedSize - offset));
    offset += chunk.length;
    const ok = inflate.write(chunk);
    if (!ok) await new Promise((r) => inflate.once("drain", r));
    await new Promise((r) => setImmediate(r));
  }
  inflate.end();
  await done;
  inflate.destroy();
  return Buffer.concat(chunks).subarray(0, want);
}
