/**
 * openWakeWord's published alexa_v0.1 pipeline (melspectrogram.onnx -> embedding_model.onnx ->
 * alexa_v0.1.onnx, run in onnxruntime-node), streamed exactly as openwakeword/utils.py and
 * model.py stream it, for benchmarking only: the alexa head is CC BY-NC-SA, never shipped.
 */
import ort from 'onnxruntime-node';
import seedrandom from 'seedrandom';
import { concatFloat32, openWakeWordFile, type DetectorStep, type ScoreSource } from '../../src/node.ts';

const CHUNK = 1280;
const MEL_CONTEXT = 480;
const MEL_BINS = 32;
const WINDOW_FRAMES = 76;
const EMBEDDING = 96;
const HEAD_CONTEXT = 16;
/** model.py zeroes the first predictions while its buffers fill. */
const ZEROED_PREDICTIONS = 5;

interface Sessions {
  mel: ort.InferenceSession;
  embedding: ort.InferenceSession;
  head: ort.InferenceSession;
}

export class OpenWakeWordReference implements ScoreSource {
  readonly sampleRate = 16000;
  readonly stepSeconds = CHUNK / 16000;
  private raw = new Float32Array(0);
  private pending = new Float32Array(0);
  private mel: Float32Array[] = [];
  private features: Float32Array[] = [];
  private predictions = 0;
  private chunks = 0;

  private constructor(
    private readonly sessions: Sessions,
    private readonly initialFeatures: Float32Array[],
  ) {
    this.reset();
  }

  /** One core, as the comparison with our single-threaded wasm detector needs. */
  static async create(): Promise<OpenWakeWordReference> {
    const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1 };
    const [mel, embedding, head] = await Promise.all(
      (['melspectrogram', 'embedding_model', 'alexa_v0.1'] as const).map((name) => ort.InferenceSession.create(openWakeWordFile(name), options)),
    );
    const sessions = { mel: mel!, embedding: embedding!, head: head! };
    return new OpenWakeWordReference(sessions, await initialFeatures(sessions));
  }

  /** The three model files it runs, for the size column. */
  static modelFiles(): string[] {
    return (['melspectrogram', 'embedding_model', 'alexa_v0.1'] as const).map((name) => openWakeWordFile(name));
  }

  reset(): void {
    this.raw = new Float32Array(0);
    this.pending = new Float32Array(0);
    // AudioFeatures starts its mel buffer as 76 frames of ones and its feature buffer with the
    // embeddings of 4 s of random noise.
    this.mel = Array.from({ length: WINDOW_FRAMES }, () => new Float32Array(MEL_BINS).fill(1));
    this.features = this.initialFeatures.slice(-HEAD_CONTEXT);
    this.predictions = 0;
    this.chunks = 0;
  }

  async push(samples: Float32Array): Promise<DetectorStep[]> {
    const all = concatFloat32([this.pending, toInt16Range(samples)]);
    const steps: DetectorStep[] = [];
    let offset = 0;
    for (; offset + CHUNK <= all.length; offset += CHUNK) steps.push(await this.chunk(all.subarray(offset, offset + CHUNK)));
    this.pending = all.slice(offset);
    return steps;
  }

  private async chunk(chunk: Float32Array): Promise<DetectorStep> {
    // The mel of each chunk sees the chunk plus up to 480 earlier samples (none before the first).
    this.raw = concatFloat32([this.raw, chunk]).slice(-(CHUNK + MEL_CONTEXT));
    for (const frame of await melFrames(this.sessions.mel, this.raw)) this.mel.push(frame);
    this.mel = this.mel.slice(-WINDOW_FRAMES);
    this.features.push((await embed(this.sessions.embedding, this.mel))[0]!);
    this.features = this.features.slice(-HEAD_CONTEXT);
    const input = new ort.Tensor('float32', concatFloat32(this.features), [1, HEAD_CONTEXT, EMBEDDING]);
    const output = Object.values(await this.sessions.head.run({ [this.sessions.head.inputNames[0]!]: input }))[0]!;
    const score = this.predictions < ZEROED_PREDICTIONS ? 0 : (output.data as Float32Array)[0]!;
    this.predictions++;
    this.chunks++;
    return { t: (this.chunks * CHUNK) / this.sampleRate, score };
  }
}

/** openWakeWord's _get_melspectrogram: the ONNX mel, then its own x / 10 + 2. */
async function melFrames(session: ort.InferenceSession, samples: Float32Array): Promise<Float32Array[]> {
  const { output } = await session.run({ input: new ort.Tensor('float32', samples, [1, samples.length]) });
  const data = output!.data as Float32Array;
  const frames: Float32Array[] = [];
  for (let f = 0; f < data.length / MEL_BINS; f++) frames.push(data.slice(f * MEL_BINS, (f + 1) * MEL_BINS).map((x) => x / 10 + 2));
  return frames;
}

/** Embeddings of 76-frame windows (the last 76 frames when given exactly 76). */
async function embed(session: ort.InferenceSession, ...windows: Float32Array[][]): Promise<Float32Array[]> {
  const input = new ort.Tensor('float32', concatFloat32(windows.flat()), [windows.length, WINDOW_FRAMES, MEL_BINS, 1]);
  const data = Object.values(await session.run({ input_1: input }))[0]!.data as Float32Array;
  return windows.map((_, i) => data.slice(i * EMBEDDING, (i + 1) * EMBEDDING));
}

/** AudioFeatures.__init__: _get_embeddings of 4 s of random int16 noise in [-1000, 1000). */
async function initialFeatures(sessions: Sessions): Promise<Float32Array[]> {
  const random = seedrandom('openwakeword-reference');
  const noise = Float32Array.from({ length: 4 * 16000 }, () => Math.floor(random() * 2000) - 1000);
  const frames = await melFrames(sessions.mel, noise);
  const windows: Float32Array[][] = [];
  for (let i = 0; i + WINDOW_FRAMES <= frames.length; i += 8) windows.push(frames.slice(i, i + WINDOW_FRAMES));
  return embed(sessions.embedding, ...windows);
}

/** openWakeWord reads 16-bit PCM: samples in [-1, 1] become the integers it would see. */
function toInt16Range(samples: Float32Array): Float32Array {
  return samples.map((x) => Math.max(-32768, Math.min(32767, Math.round(x * 32768))));
}
