// The live-microphone demo page served by `wakeword serve`: the same frontend, detector and
// decision rule as `wakeword listen`, on the tfjs wasm backend (webgl or cpu if wasm fails).
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Detection } from '../detect/types.ts';
import { frontends, type FrontendId } from '../frontends/registry.ts';
import { LiveListener } from '../live/listener.ts';
import { createStreamResampler } from '../live/stream-resampler.ts';
import { ClipRecorder, uploadClip } from './clip-recorder.ts';
import { loadDetectorFrom } from './load-detector.ts';
import { openMicrophone, type Microphone } from './microphone.ts';
import { describeCalibration, describeStop, sensitivityStops } from './sensitivity.ts';
import { ScoreTrace, SpectrogramView } from './views.ts';

const params = new URLSearchParams(location.search);
/** ?seconds=N stops listening after N seconds of audio (one pass over a looping test input). */
const stopAfterSeconds = Number(params.get('seconds') ?? Infinity);
const MAX_CLIP_SECONDS = 10;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const micButton = byId<HTMLButtonElement>('mic');
const recordButton = byId<HTMLButtonElement>('record');
const wordInput = byId<HTMLInputElement>('word');

function setState(state: 'loading' | 'ready' | 'listening' | 'stopped' | 'error', note = ''): void {
  document.body.dataset.state = state;
  byId('state').textContent = note || state;
}

async function chooseBackend(wanted: string | null): Promise<string> {
  setWasmPaths('/wasm/');
  for (const name of wanted ? [wanted] : ['wasm', 'webgl', 'cpu']) {
    try {
      if (await tf.setBackend(name)) return name;
    } catch {
      // try the next one
    }
  }
  throw new Error(`no tfjs backend of ${wanted ?? 'wasm, webgl, cpu'} works in this browser`);
}

async function main(): Promise<void> {
  setState('loading', 'loading the model…');
  const backend = await chooseBackend(params.get('backend'));
  const model = await loadDetectorFrom('/model');
  const frontendId = (model?.metadata.frontend.id ?? 'speech-embedding') as FrontendId;
  const listener = model && new LiveListener(model.detector, { threshold: model.metadata.threshold, refractorySeconds: model.metadata.refractorySeconds });
  byId('model').textContent = model
    ? `"${model.metadata.words.join('/')}" (${model.metadata.name}), threshold ${model.metadata.threshold.toFixed(4)}, tfjs ${backend}`
    : `no model (start the server with --model to detect); tfjs ${backend}`;
  const trace = listener && new ScoreTrace(byId<HTMLCanvasElement>('scores'), listener.settings.threshold);
  byId('detection-views').hidden = !listener;
  if (model && listener) {
    byId('calibration').textContent = describeCalibration(model.metadata);
    const stops = sensitivityStops(model.metadata);
    const slider = byId<HTMLInputElement>('sensitivity');
    slider.max = String(stops.length - 1);
    slider.value = String(stops.findIndex((stop) => stop.stored));
    const choose = () => {
      const stop = stops[Number(slider.value)]!;
      listener.setThreshold(stop.threshold);
      trace!.setThreshold(stop.threshold);
      byId('threshold-label').textContent = describeStop(stop);
    };
    slider.oninput = choose;
    choose();
  }

  let session: { microphone: Microphone; recorder: ClipRecorder; stop(): Promise<void> } | undefined;

  async function start(): Promise<void> {
    const microphone = await openMicrophone('/capture-worklet.js');
    const display = frontends[frontendId]();
    const spectrogram = new SpectrogramView(byId<HTMLCanvasElement>('spectrogram'), display.bins);
    const resampler = await createStreamResampler(microphone.sampleRate, display.sampleRate);
    const recorder = new ClipRecorder(microphone.sampleRate, MAX_CLIP_SECONDS, () => void saveRecording());
    const limit = Math.round(stopAfterSeconds * microphone.sampleRate);
    let received = 0;
    listener?.reset();
    const stop = async () => {
      session = undefined;
      await microphone.stop();
      resampler.dispose();
      micButton.textContent = 'Start microphone';
      recordButton.disabled = true;
      setState('stopped', `stopped after ${(received / microphone.sampleRate).toFixed(1)} s`);
    };
    session = { microphone, recorder, stop };
    microphone.listen((block) => {
      if (received >= limit) return;
      const samples = block.subarray(0, limit - received);
      received += samples.length;
      recorder.push(samples);
      const resampled = resampler.push(samples);
      spectrogram.push(display.push(resampled));
      if (listener) {
        const { steps, detections } = listener.push(resampled);
        trace!.push(steps, detections);
        detections.forEach(showDetection);
      }
      byId('heard').textContent = (received / microphone.sampleRate).toFixed(1);
      if (received >= limit) void stop();
    });
    micButton.textContent = 'Stop microphone';
    recordButton.disabled = false;
    setState('listening', `listening (${microphone.sampleRate} Hz, resampled to ${display.sampleRate} Hz)`);
  }

  async function saveRecording(): Promise<void> {
    if (!session) return;
    recordButton.textContent = 'Record clip';
    const clip = session.recorder.stop();
    const item = document.createElement('li');
    byId('clips').prepend(item);
    try {
      const saved = await uploadClip(wordInput.value, clip);
      item.textContent = `saved ${saved.file} (${saved.seconds.toFixed(1)} s)`;
    } catch (error) {
      item.textContent = `not saved: ${(error as Error).message}`;
      item.className = 'error';
    }
  }

  micButton.onclick = () => {
    micButton.disabled = true;
    (session ? session.stop() : start())
      .catch((error: unknown) => setState('error', (error as Error).message))
      .finally(() => (micButton.disabled = false));
  };
  recordButton.onclick = () => {
    if (!session) return;
    if (session.recorder.recording) return void saveRecording();
    session.recorder.start();
    recordButton.textContent = 'Stop and save';
  };
  micButton.disabled = false;
  setState('ready', 'ready: start the microphone');
}

function showDetection(detection: Detection): void {
  const item = document.createElement('li');
  item.dataset.detection = detection.t.toFixed(3);
  item.textContent = `${detection.t.toFixed(2)} s, score ${detection.score.toFixed(3)} (${new Date().toLocaleTimeString()})`;
  byId('detections').prepend(item);
}

main().catch((error: unknown) => setState('error', (error as Error).message));
