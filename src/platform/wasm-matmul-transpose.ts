import * as tf from './tf.ts';

/**
 * The wasm backend's BatchMatMul is 4-25x slower when an operand is flagged as transposed than
 * when it is transposed first, and every dense layer's gradient asks for exactly that
 * (dW = x^T dy, dx = dy W^T). This wraps the kernel: transpose explicitly, then multiply.
 * Head training on wasm went from ~400 to thousands of examples per second.
 */
const original = tf.getKernel('BatchMatMul', 'wasm');
const transposeKernel = tf.getKernel('Transpose', 'wasm');

if (original && transposeKernel && !(original.kernelFunc as { transposeFirst?: boolean }).transposeFirst) {
  const kernelFunc = ((config: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown }) => {
    const { transposeA, transposeB } = config.attrs as unknown as tf.BatchMatMulAttrs;
    if (!transposeA && !transposeB) return original.kernelFunc(config as Parameters<tf.KernelFunc>[0]);
    const backend = config.backend as { disposeData(id: object): void };
    const made: tf.TensorInfo[] = [];
    const flip = (x: tf.TensorInfo) => {
      const perm = x.shape.map((_, i) => i);
      [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1]!, perm[perm.length - 2]!];
      const out = transposeKernel.kernelFunc({ inputs: { x }, attrs: { perm }, backend: config.backend } as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
      made.push(out);
      return out;
    };
    const a = transposeA ? flip(config.inputs.a!) : config.inputs.a!;
    const b = transposeB ? flip(config.inputs.b!) : config.inputs.b!;
    const result = original.kernelFunc({ ...config, inputs: { a, b }, attrs: { ...config.attrs, transposeA: false, transposeB: false } } as Parameters<tf.KernelFunc>[0]);
    for (const info of made) backend.disposeData(info.dataId);
    return result;
  }) as tf.KernelFunc & { transposeFirst?: boolean };
  kernelFunc.transposeFirst = true;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...original, kernelFunc });
}
