// The detector in your own page: a model folder over HTTP, the microphone through an AudioWorklet,
// each detection appended to a list. Build with a bundler (see README.md in this folder).
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createStreamResampler, LiveListener, loadDetectorFromUrl } from 'wakeword-transfer';

const button = document.getElementById('start') as HTMLButtonElement;
const status = document.getElementById('status')!;
const list = document.getElementById('detections')!;
/** ?seconds=N stops after N seconds of audio (the test plays one pass of a looping file). */
const seconds = Number(new URLSearchParams(location.search).get('seconds') ?? Infinity);

function show(state: string, text: string): void {
  document.body.dataset.state = state;
  status.textContent = text;
}

async function start(): Promise<void> {
  button.disabled = true;
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  const context = new AudioContext();
  await context.audioWorklet.addModule('capture-worklet.js');
  const source = context.createMediaStreamSource(stream);
  const capture = new AudioWorkletNode(context, 'capture', { numberOfOutputs: 0 });
  const resampler = await createStreamResampler(context.sampleRate, detector.sampleRate);
  const limit = Math.round(seconds * context.sampleRate);
  let heard = 0;
  capture.port.onmessage = ({ data }: MessageEvent<Float32Array>) => {
    if (heard >= limit) return;
    const block = data.subarray(0, limit - heard);
    heard += block.length;
    for (const { t, score } of listener.push(resampler.push(block)).detections) {
      const item = document.createElement('li');
      item.dataset.detection = t.toFixed(3);
      item.textContent = `"${metadata.words.join('/')}" at ${t.toFixed(2)} s (score ${score.toFixed(3)})`;
      list.append(item);
    }
    if (heard >= limit) {
      capture.port.onmessage = null;
      stream.getTracks().forEach((track) => track.stop());
      void context.close();
      resampler.dispose();
      show('stopped', `stopped after ${(heard / context.sampleRate).toFixed(1)} s`);
    }
  };
  source.connect(capture);
  await context.resume();
  show('listening', `listening at ${context.sampleRate} Hz…`);
}

async function load() {
  setWasmPaths('wasm/'); // the tfjs-backend-wasm .wasm files, served beside the page
  if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend did not start');
  return loadDetectorFromUrl('model/'); // model/metadata.json and the files it names
}

const { detector, metadata } = await load().catch((error: unknown) => {
  show('error', `could not load the model: ${String(error)}`);
  throw error;
});
const listener = new LiveListener(detector, { threshold: metadata.threshold, refractorySeconds: metadata.refractorySeconds });
button.disabled = false;
button.onclick = () => void start().catch((error: unknown) => show('error', String(error)));
show('ready', `ready: say "${metadata.words.join('/')}"`);
