import * as tf from './tf.ts';

/**
 * The wasm backend has no Conv2DBackpropFilter kernel, so `model.fit` through an unfrozen conv
 * fails there. This registers one built from ops wasm has: the input patches under each kernel
 * tap (strided slices of the padded input) side by side, times dy. The input gradient
 * (Conv2DBackpropInput) is native on wasm already. Registering a kernel rather than a Conv2D
 * gradient also covers tf.fused.conv2d, whose gradient calls this kernel directly.
 */
function conv2dBackpropFilter({ inputs, attrs }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only, got ${dataFormat}`);
  return tf.tidy(() => {
    const x = asTensor(inputs.x!) as tf.Tensor4D;
    const dy = asTensor(inputs.dy!) as tf.Tensor4D;
    const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape as [number, number, number, number], strides, 1, pad, dimRoundingMode);
    const { top, bottom, left, right } = info.padInfo;
    const padded = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
    const taps: tf.Tensor4D[] = [];
    for (let kh = 0; kh < info.filterHeight; kh++) {
      for (let kw = 0; kw < info.filterWidth; kw++) {
        const end = [info.batchSize, kh + (info.outHeight - 1) * info.strideHeight + 1, kw + (info.outWidth - 1) * info.strideWidth + 1, info.inChannels];
        taps.push(tf.stridedSlice(padded, [0, kh, kw, 0], end, [1, info.strideHeight, info.strideWidth, 1]) as tf.Tensor4D);
      }
    }
    // [positions, kh*kw*inChannels]: column (kh*W + kw)*C + c is filter element [kh, kw, c].
    const patches = tf.reshape(tf.concat(taps, 3), [-1, info.filterHeight * info.filterWidth * info.inChannels]);
    // matMul with a transposed operand is ~25x slower on wasm: transpose the smaller dy first.
    const dyT = tf.transpose(tf.reshape(dy, [-1, info.outChannels]));
    return tf.reshape(tf.transpose(tf.matMul(dyT, patches)), filterShape);
  });
}

function asTensor(info: tf.TensorInfo): tf.Tensor {
  return info instanceof tf.Tensor ? info : tf.engine().makeTensorFromTensorInfo(info);
}

if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) {
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2dBackpropFilter as tf.KernelFunc });
}
