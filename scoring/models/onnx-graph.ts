import onnxProto from 'onnx-proto';
import { float32Bytes, float32ToHalfBytes, int64Bytes } from './weights.ts';

const { onnx } = onnxProto;
type AttrValue = number | number[] | string;

interface TensorInfo {
  name: string;
  elemType: number;
  /** numbers are fixed sizes, strings are symbolic (dynamic) axes */
  shape: (number | string)[];
}

export const ELEM = { FLOAT: onnx.TensorProto.DataType.FLOAT, INT64: onnx.TensorProto.DataType.INT64 } as const;

/**
 * A minimal ONNX graph builder over onnx-proto. Nodes are appended in
 * topological order (the order they are created), names are sequential, and
 * nothing depends on time or iteration order of hash maps, so the encoded
 * bytes are reproducible.
 */
export class GraphBuilder {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private counter = 0;

  /** Adds a node; returns its (first) output name. */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, name?: string): string {
    const out = name ?? `${opType.toLowerCase()}_${this.counter++}`;
    const attribute = Object.entries(attrs).map(([key, value]) => attributeOf(key, value));
    this.nodes.push(onnx.NodeProto.create({ opType, input: inputs, output: [out], name: `${out}_node`, attribute }));
    return out;
  }

  /** float32 initializer stored as float16 and cast back in-graph (halves file size). */
  weightHalf(name: string, dims: number[], values: Float32Array): string {
    this.initializers.push(
      onnx.TensorProto.create({ name: `${name}_f16`, dims, dataType: onnx.TensorProto.DataType.FLOAT16, rawData: float32ToHalfBytes(values) }),
    );
    return this.op('Cast', [`${name}_f16`], { to: onnx.TensorProto.DataType.FLOAT }, name);
  }

  weightFloat(name: string, dims: number[], values: Float32Array): string {
    this.initializers.push(onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: float32Bytes(values) }));
    return name;
  }

  constFloat(name: string, value: number): string {
    return this.weightFloat(name, [], Float32Array.of(value));
  }

  constInt64(name: string, values: number[], scalar = false): string {
    this.initializers.push(
      onnx.TensorProto.create({ name, dims: scalar ? [] : [values.length], dataType: onnx.TensorProto.DataType.INT64, rawData: int64Bytes(values) }),
    );
    return name;
  }

  encode(opts: { name: string; inputs: TensorInfo[]; outputs: TensorInfo[]; docString: string; opset: number }): Uint8Array {
    const graph = onnx.GraphProto.create({
      name: opts.name,
      node: this.nodes,
      initializer: this.initializers,
      input: opts.inputs.map(valueInfo),
      output: opts.outputs.map(valueInfo),
    });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'subnetkit',
      producerVersion: '1',
      docString: opts.docString,
      graph,
      opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: opts.opset })],
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function attributeOf(name: string, value: AttrValue) {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return onnx.AttributeProto.create({ name, type: T.STRING, s: new TextEncoder().encode(value) });
  if (Array.isArray(value)) return onnx.AttributeProto.create({ name, type: T.INTS, ints: value });
  if (Number.isInteger(value) && !['epsilon', 'alpha', 'beta'].includes(name)) return onnx.AttributeProto.create({ name, type: T.INT, i: value });
  return onnx.AttributeProto.create({ name, type: T.FLOAT, f: value });
}

function valueInfo(t: TensorInfo) {
  return onnx.ValueInfoProto.create({
    name: t.name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: t.elemType,
        shape: onnx.TensorShapeProto.create({
          dim: t.shape.map((d) =>
            typeof d === 'number' ? onnx.TensorShapeProto.Dimension.create({ dimValue: d }) : onnx.TensorShapeProto.Dimension.create({ dimParam: d }),
          ),
        }),
      }),
    }),
  });
}
