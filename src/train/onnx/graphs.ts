/**
 * The step's two computations as ONNX models for ONNX Runtime (docs/design.md §2), encoded by protobufjs from
 * the part of onnx.proto they use (field numbers as in onnx/onnx.proto, IR version 8, opset 17). Both take all
 * the rows of a set, Xall (N×d), and the indices of the n rows to compute (int32): ONNX Runtime gathers them
 * (Gather copies rows natively, faster than a gather in JavaScript: 12–25% of a forward pass of 40,000 scattered
 * rows, the same bits).
 *
 *   forward:  X = Xall[idx] (n×d), Wᵀ (d×M), A = [a, a²] (M×2) → relu(X Wᵀ) A (n×2: M·f first), and with squares
 *             also relu(X Wᵀ)² A (Σ_i (a_i relu(z_i))² second). Two columns, not the column a alone: ONNX Runtime
 *             multiplies by a single column along its matrix–vector path, which rounds the last rows of a batch
 *             differently, and a row's output must not depend on its batch.
 *   backward: X = Xall[idx], W (M×d), g (n×1) → K (g∘X) (M×d), K = 1[W Xᵀ > 0] (M×n, Cast of Greater): the rows
 *             scaled by g before the product (n×d multiplications, not n×M) and nothing broadcast along the n×M
 *             intermediate (ONNX Runtime's Where spent 1.2 ns an element there): 16–34% less backward time than
 *             Where(z > 0, g, 0)ᵀ X (docs/design.md §2); each product g_n x_nj is rounded to float32 before the sum.
 */
import * as protobuf from "protobufjs";

const int64 = (id: number) => ({ type: "int64", id });
const string = (id: number) => ({ type: "string", id });
const repeated = (type: string, id: number) => ({ type, id, rule: "repeated" });

const onnx = protobuf.Root.fromJSON({
  nested: {
    ModelProto: {
      fields: {
        irVersion: int64(1),
        producerName: string(2),
        graph: { type: "GraphProto", id: 7 },
        opsetImport: repeated("OperatorSetIdProto", 8),
      },
    },
    OperatorSetIdProto: { fields: { domain: string(1), version: int64(2) } },
    GraphProto: {
      fields: {
        node: repeated("NodeProto", 1),
        name: string(2),
        initializer: repeated("TensorProto", 5),
        input: repeated("ValueInfoProto", 11),
        output: repeated("ValueInfoProto", 12),
      },
    },
    NodeProto: {
      fields: {
        input: repeated("string", 1),
        output: repeated("string", 2),
        opType: string(4),
        attribute: repeated("AttributeProto", 5),
      },
    },
    /** Float constants only. */
    TensorProto: {
      fields: {
        dims: repeated("int64", 1),
        dataType: { type: "int32", id: 2 },
        floatData: repeated("float", 4),
        name: string(8),
      },
    },
    /** Integer attributes only (type 2 = INT). */
    AttributeProto: { fields: { name: string(1), i: int64(3), type: { type: "int32", id: 20 } } },
    ValueInfoProto: { fields: { name: string(1), type: { type: "TypeProto", id: 2 } } },
    TypeProto: {
      fields: { tensorType: { type: "TensorType", id: 1 } },
      nested: {
        TensorType: { fields: { elemType: { type: "int32", id: 1 }, shape: { type: "Shape", id: 2 } } },
        Shape: {
          fields: { dim: repeated("Dim", 1) },
          nested: { Dim: { fields: { dimValue: int64(1), dimParam: string(2) } } },
        },
      },
    },
  },
});

/** A fixed size, or a named one ("n": the rows computed, "N": all the rows). */
type Dim = number | "n" | "N";
/** elem_type (and Cast's `to`): 1 = FLOAT, 6 = INT32. */
const FLOAT = 1;
const value = (name: string, shape: Dim[], elemType: 1 | 6 = FLOAT) => ({
  name,
  type: {
    tensorType: {
      elemType,
      shape: { dim: shape.map((s) => (typeof s === "string" ? { dimParam: s } : { dimValue: s })) },
    },
  },
});
const op = (opType: string, input: string[], output: string, attribute: { name: string; i: number }[] = []) => ({
  opType,
  input,
  output: [output],
  attribute: attribute.map((a) => ({ ...a, type: 2 })),
});

/** A float32 scalar constant (data_type 1 = FLOAT). */
const scalar = (name: string, v: number) => ({ name, dims: [], dataType: 1, floatData: [v] });

function model(
  name: string,
  node: object[],
  input: object[],
  output: object[],
  initializer: object[] = [],
): Uint8Array {
  const Model = onnx.lookupType("ModelProto");
  const message = Model.fromObject({
    irVersion: 8,
    producerName: "hinge-dynamics",
    opsetImport: [{ domain: "", version: 17 }],
    graph: { name, node, initializer, input, output },
  });
  return Model.encode(message).finish();
}

/** The inputs every model takes: all the rows, and which of them to compute. */
const rowsIn = (d: number) => [value("Xall", ["N", d]), value("idx", ["n"], 6)];
const gather = op("Gather", ["Xall", "idx"], "X");

/** M·f of n rows (column 0 of output "f", n×2) and with `squares` Σ_i (a_i relu(z_i))² (column 1 of "s"). */
export function forwardModel(d: number, M: number, squares: boolean): Uint8Array {
  const nodes = [gather, op("MatMul", ["X", "Wt"], "Z"), op("Relu", ["Z"], "R"), op("MatMul", ["R", "A"], "f")];
  const outputs = [value("f", ["n", 2])];
  if (squares) {
    nodes.push(op("Mul", ["R", "R"], "R2"), op("MatMul", ["R2", "A"], "s"));
    outputs.push(value("s", ["n", 2]));
  }
  return model("forward", nodes, [...rowsIn(d), value("Wt", [d, M]), value("A", [M, 2])], outputs);
}

/** Σ_n 1[z_ni > 0] (g_n x_n) over n rows (output "SW", M×d). */
export function backwardModel(d: number, M: number): Uint8Array {
  const nodes = [
    gather,
    op("Gemm", ["W", "X"], "Zt", [{ name: "transB", i: 1 }]),
    op("Greater", ["Zt", "zero"], "B"),
    op("Cast", ["B"], "K", [{ name: "to", i: FLOAT }]),
    op("Mul", ["X", "g"], "gX"),
    op("MatMul", ["K", "gX"], "SW"),
  ];
  const inputs = [...rowsIn(d), value("W", [M, d]), value("g", ["n", 1])];
  return model("backward", nodes, inputs, [value("SW", [M, d])], [scalar("zero", 0)]);
}
