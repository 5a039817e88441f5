/**
 * The step's two WGSL programs, run inside TensorFlow.js's WebGPU backend (runWebGPUProgram):
 *
 * - forward: for each listed row x (of one tile of X, resident on the device), M·f = Σ_i a_i relu(w_i·x) and
 *   Σ_i (a_i relu(w_i·x))², without writing Z: a workgroup takes 64 rows, walks the nodes 64 at a time and d 16 at
 *   a time through workgroup memory, each thread holding a 4×4 block of z;
 * - backward: for the listed rows with weights g, the partial sums Σ_n g_n 1[z_ni > 0] x_nj over chunks of
 *   CHUNK rows, for a 64-node × 64-input block per workgroup: 16 rows at a time, z recomputed (rather than stored:
 *   N×M would not fit at N = 10^7), then the masked outer products accumulated in registers. The chunks are
 *   summed afterwards, in order.
 *
 * Each row's f is computed in a fixed order whichever rows share the dispatch, and the backward's sum runs over
 * the listed rows in list order: the same determinism as the CPU kernels (docs/design.md §3).
 */

/** What runWebGPUProgram takes (tfjs-backend-webgpu's WebGPUProgram, the fields used here). */
export interface Program {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[]; y?: number[]; z?: number[] };
  dispatch: [number, number, number];
  variableNames: string[];
  workgroupSize: [number, number, number];
  uniforms: string;
  getUserCode: () => string;
}

/** Rows per chunk of the backward's partial sums. */
export const CHUNK = 1024;

/** Uniforms of both programs: rows listed (k), the first row when not listed, whether `idx` lists them. */
const UNIFORMS = "k : i32, first : i32, listed : i32,";

const ROW = /* wgsl */ `
  fn rowOf(r : i32) -> i32 {
    if (uniforms.listed != 0) { return idx[r]; }
    return uniforms.first + r;
  }`;

/** Forward over k rows of X (D inputs per row) with M nodes: output [2, k] (M·f, then the node squares). */
export function forwardProgram(k: number, D: number, M: number): Program {
  return {
    outputShape: [2, k],
    shaderKey: `hd-forward-${D}-${M}`,
    dispatchLayout: { x: [1], y: [0] },
    dispatch: [Math.ceil(k / 64), 1, 1],
    variableNames: ["X", "W", "a", "idx"],
    workgroupSize: [16, 16, 1],
    uniforms: UNIFORMS,
    getUserCode: () => /* wgsl */ `
  const D = ${D};
  const M = ${M};
  var<workgroup> xs : array<array<f32, 64>, 16>;
  var<workgroup> ws : array<array<f32, 64>, 16>;
  var<workgroup> part : array<array<f32, 16>, 64>;
  var<workgroup> part2 : array<array<f32, 16>, 64>;
  ${ROW}
  fn main() {
    let tx = i32(localId.x);
    let ty = i32(localId.y);
    let li = i32(localIndex);
    let base = i32(workgroupId.x) * 64;
    let k = uniforms.k;
    var acc = array<f32, 4>(0.0, 0.0, 0.0, 0.0);
    var acc2 = array<f32, 4>(0.0, 0.0, 0.0, 0.0);
    // The X offset of the 4 rows this thread loads (rows base + li % 64 across the 4 loads).
    let loadRow = base + li % 64;
    var rowOff = -1;
    if (loadRow < k) { rowOff = rowOf(loadRow) * D; }
    for (var n0 = 0; n0 < M; n0 = n0 + 64) {
      var z = array<array<f32, 4>, 4>();
      for (var d0 = 0; d0 < D; d0 = d0 + 16) {
        for (var l = 0; l < 4; l = l + 1) {
          let dd = li / 64 + 4 * l;
          let col = d0 + dd;
          var v = 0.0;
          if (rowOff >= 0 && col < D) { v = X[rowOff + col]; }
          xs[dd][li % 64] = v;
          let node = n0 + li % 64;
          var w = 0.0;
          if (node < M && col < D) { w = W[node * D + col]; }
          ws[dd][li % 64] = w;
        }
        workgroupBarrier();
        for (var dd = 0; dd < 16; dd = dd + 1) {
          for (var r = 0; r < 4; r = r + 1) {
            let xv = xs[dd][ty * 4 + r];
            for (var c = 0; c < 4; c = c + 1) { z[r][c] = z[r][c] + xv * ws[dd][tx * 4 + c]; }
          }
        }
        workgroupBarrier();
      }
      for (var c = 0; c < 4; c = c + 1) {
        let node = n0 + tx * 4 + c;
        if (node < M) {
          let an = a[node];
          for (var r = 0; r < 4; r = r + 1) {
            let phi = an * max(z[r][c], 0.0);
            acc[r] = acc[r] + phi;
            acc2[r] = acc2[r] + phi * phi;
          }
        }
      }
    }
    for (var r = 0; r < 4; r = r + 1) {
      part[ty * 4 + r][tx] = acc[r];
      part2[ty * 4 + r][tx] = acc2[r];
    }
    workgroupBarrier();
    if (li < 64 && base + li < k) {
      var s = 0.0;
      var s2 = 0.0;
      for (var t = 0; t < 16; t = t + 1) {
        s = s + part[li][t];
        s2 = s2 + part2[li][t];
      }
      result[base + li] = s;
      result[k + base + li] = s2;
    }
  }`,
  };
}

/** Backward over k rows: output [chunks, M, D], chunk c the sum over rows [c·CHUNK, (c+1)·CHUNK) of the list. */
export function backwardProgram(k: number, D: number, M: number): Program {
  const chunks = Math.max(1, Math.ceil(k / CHUNK));
  return {
    outputShape: [chunks, M, D],
    shaderKey: `hd-backward-${D}-${M}`,
    dispatchLayout: { x: [2], y: [1], z: [0] },
    dispatch: [Math.ceil(D / 64), Math.ceil(M / 64), chunks],
    variableNames: ["X", "W", "g", "idx"],
    workgroupSize: [16, 16, 1],
    uniforms: UNIFORMS,
    getUserCode: () => /* wgsl */ `
  const D = ${D};
  const M = ${M};
  const CHUNK = ${CHUNK};
  var<workgroup> xz : array<array<f32, 16>, 16>;
  var<workgroup> wz : array<array<f32, 16>, 64>;
  var<workgroup> p : array<array<f32, 64>, 16>;
  var<workgroup> xb : array<array<f32, 64>, 16>;
  var<workgroup> offs : array<i32, 16>;
  var<workgroup> ids : vec3<i32>;
  ${ROW}
  fn main() {
    let tx = i32(localId.x);
    let ty = i32(localId.y);
    let li = i32(localIndex);
    // The workgroup's ids through workgroup memory: provably uniform, as the barriers in the row loop need.
    if (li == 0) { ids = vec3<i32>(workgroupId); }
    let id = workgroupUniformLoad(&ids);
    let j0 = id.x * 64;
    let n0 = id.y * 64;
    let chunk = id.z;
    let k = uniforms.k;
    let end = min(k, (chunk + 1) * CHUNK);
    var acc = array<array<f32, 4>, 4>();
    for (var r0 = chunk * CHUNK; r0 < end; r0 = r0 + 16) {
      if (li < 16) {
        var o = -1;
        if (r0 + li < end) { o = rowOf(r0 + li) * D; }
        offs[li] = o;
      }
      workgroupBarrier();
      // z for 16 rows (ty) × 4 nodes each (n0 + tx·4 + c), over D in steps of 16.
      var z = array<f32, 4>(0.0, 0.0, 0.0, 0.0);
      for (var d0 = 0; d0 < D; d0 = d0 + 16) {
        {
          let r = li / 16;
          let col = d0 + li % 16;
          var v = 0.0;
          if (offs[r] >= 0 && col < D) { v = X[offs[r] + col]; }
          xz[r][li % 16] = v;
        }
        for (var l = 0; l < 4; l = l + 1) {
          let e = li + 256 * l;
          let node = n0 + e / 16;
          let col = d0 + e % 16;
          var w = 0.0;
          if (node < M && col < D) { w = W[node * D + col]; }
          wz[e / 16][e % 16] = w;
        }
        workgroupBarrier();
        for (var dd = 0; dd < 16; dd = dd + 1) {
          let xv = xz[ty][dd];
          for (var c = 0; c < 4; c = c + 1) { z[c] = z[c] + xv * wz[tx * 4 + c][dd]; }
        }
        workgroupBarrier();
      }
      var gr = 0.0;
      if (r0 + ty < end) { gr = g[r0 + ty]; }
      for (var c = 0; c < 4; c = c + 1) { p[ty][tx * 4 + c] = select(0.0, gr, z[c] > 0.0); }
      // The 16 rows' inputs j0 .. j0 + 63.
      for (var l = 0; l < 4; l = l + 1) {
        let e = li + 256 * l;
        let r = e / 64;
        let col = j0 + e % 64;
        var v = 0.0;
        if (offs[r] >= 0 && col < D) { v = X[offs[r] + col]; }
        xb[r][e % 64] = v;
      }
      workgroupBarrier();
      for (var r = 0; r < 16; r = r + 1) {
        for (var c = 0; c < 4; c = c + 1) {
          let pv = p[r][ty * 4 + c];
          for (var q = 0; q < 4; q = q + 1) { acc[c][q] = acc[c][q] + pv * xb[r][tx * 4 + q]; }
        }
      }
      workgroupBarrier();
    }
    for (var c = 0; c < 4; c = c + 1) {
      let node = n0 + ty * 4 + c;
      for (var q = 0; q < 4; q = q + 1) {
        let col = j0 + tx * 4 + q;
        if (node < M && col < D) { result[(chunk * M + node) * D + col] = acc[c][q]; }
      }
    }
  }`,
  };
}
