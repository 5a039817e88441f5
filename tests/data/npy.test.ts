import assert from "node:assert/strict";
import { test } from "node:test";
import { formatNpy, parseNpy } from "../../src/data/npy";

/** A .npy file byte for byte as numpy 1.x writes it (np.save of np.arange(6, dtype='<f4').reshape(2, 3)). */
function numpyBytes(descr: string, fortran: boolean, shape: string, payload: Uint8Array, version = 1): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': ${shape}, }`;
  const pre = version === 1 ? 10 : 12;
  header += " ".repeat(63 - ((pre + header.length) % 64)) + "\n";
  const out = new Uint8Array(pre + header.length + payload.length);
  out.set([0x93, 78, 85, 77, 80, 89, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, header.length, true);
  else dv.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), pre);
  out.set(payload, pre + header.length);
  return out;
}
const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

test("parseNpy() reads numpy's C-order float32, with the header padded to 64 bytes", () => {
  const file = numpyBytes("<f4", false, "(2, 3)", bytesOf(new Float32Array([0, 1, 2, 3, 4, 5])));
  assert.equal(file.length % 64, 24 % 64); // 64-byte header block + 24 bytes of data
  const { data, shape, dtype } = parseNpy(file);
  assert.deepEqual(shape, [2, 3]);
  assert.equal(dtype, "<f4");
  assert.deepEqual(Array.from(data as Float32Array), [0, 1, 2, 3, 4, 5]);
});

test("parseNpy() transposes Fortran-order arrays to C order, and reads version 2.0 headers", () => {
  // Fortran order of [[0, 1, 2], [3, 4, 5]] is column by column: 0 3 1 4 2 5.
  const file = numpyBytes("<f8", true, "(2, 3)", bytesOf(new Float64Array([0, 3, 1, 4, 2, 5])), 2);
  assert.deepEqual(Array.from(parseNpy(file).data as Float64Array), [0, 1, 2, 3, 4, 5]);
  const labels = numpyBytes("|u1", false, "(4,)", new Uint8Array([1, 2, 3, 250]));
  assert.deepEqual(Array.from(parseNpy(labels).data as Uint8Array), [1, 2, 3, 250]);
});

test("formatNpy() then parseNpy() round-trips float32, float64, int32 and uint8", () => {
  for (const a of [
    new Float32Array([1.5, -2, NaN]),
    new Float64Array([Math.PI]),
    new Int32Array([-7, 8]),
    new Uint8Array([0, 255]),
  ]) {
    const back = parseNpy(formatNpy(a, [a.length]));
    assert.deepEqual(back.data, a);
    assert.equal(formatNpy(a, [a.length]).length % 64, a.byteLength % 64);
  }
  assert.throws(() => formatNpy(new Float32Array(5), [2, 3]), /invalid shape; expected 5 elements, got \(2, 3\)/);
});

test("parseNpy() rejects bad magic, truncated data and unsupported dtypes, naming the file", () => {
  const good = numpyBytes("<f4", false, "(2, 3)", bytesOf(new Float32Array(6)));
  assert.throws(() => parseNpy(new Uint8Array(20), "x.npy"), /x\.npy: not a valid \.npy file: bad magic string/);
  assert.throws(
    () => parseNpy(good.subarray(0, good.length - 4), "x.npy"),
    /x\.npy: .*truncated data: expected 24 bytes for shape \(2, 3\), found 20/,
  );
  assert.throws(
    () => parseNpy(numpyBytes(">f4", false, "(1,)", new Uint8Array(4)), "b.npy"),
    /b\.npy: .*unsupported dtype '>f4'/,
  );
  assert.throws(() => parseNpy(good.subarray(0, 30), "h.npy"), /h\.npy: .*truncated header/);
});
