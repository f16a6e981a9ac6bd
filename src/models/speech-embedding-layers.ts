import * as tf from '../platform/tf.ts';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** The largest float32: an upper bound that means none, and unlike Infinity is safe in a WebGL uniform. */
const NO_UPPER_BOUND = 3.4e38;

export interface EmbeddingConv2DArgs extends LayerArgs {
  filters: number;
  /** [time, frequency] extent of the kernel. */
  kernelSize: [number, number];
  /** Zeros added on each side of the frequency axis; time is never padded. */
  padWidth: number;
  useBias: boolean;
  /** LeakyReLU slope, or null for a linear output. */
  alpha: number | null;
  /** Lower bound applied after the activation, or null for none. */
  floor: number | null;
}

/**
 * One convolution of Google's speech-embedding network as a single layer:
 * `max(leakyRelu(conv(x) + b, alpha), floor)`, stride 1, valid in time, padded in frequency.
 * One fused conv kernel (bias and activation inside) plus a clamp, instead of the padding,
 * conv, bias, activation and maximum ops of a plain rebuild: per-window inference on the wasm
 * backend spends its time in the convolutions, not in op dispatch. In gradient mode tfjs runs
 * the same maths unfused, so the layer trains like any other.
 * Registered for serialisation: import this module before tf.loadLayersModel (Node or browser).
 */
export class EmbeddingConv2D extends tf.layers.Layer {
  static className = 'EmbeddingConv2D';
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly padWidth: number;
  readonly useBias: boolean;
  readonly alpha: number | null;
  readonly floor: number | null;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: EmbeddingConv2DArgs) {
    super(args);
    this.filters = args.filters;
    this.kernelSize = [args.kernelSize[0], args.kernelSize[1]];
    this.padWidth = args.padWidth;
    this.useBias = args.useBias;
    this.alpha = args.alpha;
    this.floor = args.floor;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const channels = (inputShape as tf.Shape).at(-1) as number;
    this.kernel = this.addWeight('kernel', [...this.kernelSize, channels, this.filters], 'float32', tf.initializers.glorotUniform({}));
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [batch, time, width] = inputShape as tf.Shape;
    const [kh, kw] = this.kernelSize;
    return [batch ?? null, time == null ? null : time - kh + 1, width == null ? null : width + 2 * this.padWidth - kw + 1, this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const y = tf.fused.conv2d({
        x,
        filter: this.kernel!.read() as tf.Tensor4D,
        strides: 1,
        pad: [[0, 0], [0, 0], [this.padWidth, this.padWidth], [0, 0]],
        bias: this.bias?.read(),
        activation: this.alpha === null ? 'linear' : 'leakyrelu',
        leakyreluAlpha: this.alpha ?? undefined,
      });
      // clipByValue runs as one kernel; tf.maximum with a number would first upload a scalar.
      return this.floor === null ? y : tf.clipByValue(y, this.floor, NO_UPPER_BOUND);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), filters: this.filters, kernelSize: this.kernelSize, padWidth: this.padWidth, useBias: this.useBias, alpha: this.alpha, floor: this.floor };
  }
}

tf.serialization.registerClass(EmbeddingConv2D);
