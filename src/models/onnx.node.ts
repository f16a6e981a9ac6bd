import { readFile } from 'node:fs/promises';
import onnxProto from 'onnx-proto';
import { InputError } from '../errors.ts';

const { onnx } = onnxProto;

export interface OnnxTensor {
  dims: number[];
  data: Float32Array;
}

export interface OnnxGraph {
  initializers: Map<string, OnnxTensor>;
  nodes: { opType: string; inputs: string[]; outputs: string[]; attributes: Record<string, number | number[]> }[];
}

/** Parses an ONNX file into its float initializers (weights) and its node list. */
export async function readOnnx(file: string): Promise<OnnxGraph> {
  let model: ReturnType<typeof onnx.ModelProto.decode>;
  try {
    model = onnx.ModelProto.decode(await readFile(file));
  } catch (error) {
    throw new InputError(file, `not a readable ONNX model (${(error as Error).message})`);
  }
  const initializers = new Map<string, OnnxTensor>();
  for (const init of model.graph?.initializer ?? []) {
    if (init.dataType !== onnx.TensorProto.DataType.FLOAT || !init.rawData?.length) continue;
    // rawData holds little-endian float32; copy so the array is aligned.
    const bytes = Uint8Array.from(init.rawData);
    initializers.set(init.name ?? '', {
      dims: (init.dims ?? []).map(Number),
      data: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4),
    });
  }
  const nodes = (model.graph?.node ?? []).map((node) => ({
    opType: node.opType ?? '',
    inputs: node.input ?? [],
    outputs: node.output ?? [],
    attributes: Object.fromEntries(
      (node.attribute ?? []).map((a) => [a.name ?? '', a.ints?.length ? a.ints.map(Number) : Number(a.f || a.i || 0)]),
    ),
  }));
  return { initializers, nodes };
}
