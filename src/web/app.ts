// The live-microphone demo page served by `wakeword serve`: the same frontend, detector and
// decision rule as `wakeword listen`, on the tfjs wasm backend (webgl or cpu if wasm fails).
import * as tf from '../platform/tf.ts';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-cpu';
import { frontends, type FrontendId } from '../frontends/registry.ts';
import { createStreamResampler } from '../live/stream-resampler.ts';
import { WordSetListener, type WordDetection } from '../live/word-set-listener.ts';
import type { DetectorMetadata } from '../types.ts';
import { ClipRecorder, uploadClip } from './clip-recorder.ts';
import { loadWordSetFrom } from './load-detector.ts';
import { openMicrophone, type Microphone } from './microphone.ts';
import { describeCalibration, describeStop, describeWord, sensitivityStops } from './sensitivity.ts';
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
  // Every model the server offers, as one word set: one frontend and one embedding pass feed each word's head.
  const model = await loadWordSetFrom('/models.json');
  const metadata = model?.metadata ?? [];
  const several = metadata.length > 1;
  const frontendId = (metadata[0]?.frontend.id ?? 'speech-embedding') as FrontendId;
  const settings = metadata.map((m) => ({ threshold: m.threshold, refractorySeconds: m.refractorySeconds }));
  const listener = model && new WordSetListener(model.detector, settings);
  byId('model').textContent = model
    ? `${metadata.map((m) => `${describeWord(m)}, threshold ${m.threshold.toFixed(4)}`).join('; ')}, tfjs ${backend}`
    : `no model (start the server with --model to detect); tfjs ${backend}`;
  const trace = listener && new ScoreTrace(byId<HTMLCanvasElement>('scores'), settings.map((s) => s.threshold), several ? metadata.map((m) => m.name) : []);
  byId('detection-views').hidden = !listener;
  if (trace) {
    if (several) byId('trace-key').textContent = 'one colour per word; dashed: its threshold, labelled with its name';
    sensitivityControl(metadata, listener, trace);
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
        for (const detection of detections) showDetection(detection, several ? metadata[detection.index] : undefined);
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

/**
 * The sensitivity slider, over the calibrated thresholds of one word; with several words a menu
 * picks the word it sets, and each word keeps its own setting, from the next step on.
 */
function sensitivityControl(metadata: DetectorMetadata[], listener: WordSetListener, trace: ScoreTrace): void {
  const slider = byId<HTMLInputElement>('sensitivity');
  const menu = byId<HTMLSelectElement>('sensitivity-word');
  const words = metadata.map((m) => {
    const stops = sensitivityStops(m);
    return { metadata: m, stops, chosen: stops.findIndex((stop) => stop.stored) };
  });
  menu.hidden = words.length === 1;
  menu.replaceChildren(...metadata.map((m, i) => new Option(`of ${describeWord(m)}`, String(i))));
  const choose = () => {
    const w = Number(menu.value);
    const word = words[w]!;
    word.chosen = Number(slider.value);
    const stop = word.stops[word.chosen]!;
    listener.setThreshold(w, stop.threshold);
    trace.setThreshold(w, stop.threshold);
    byId('threshold-label').textContent = describeStop(stop);
  };
  const show = () => {
    const word = words[Number(menu.value)]!;
    byId('calibration').textContent = describeCalibration(word.metadata);
    slider.max = String(word.stops.length - 1);
    slider.value = String(word.chosen);
    choose();
  };
  menu.onchange = show;
  slider.oninput = choose;
  show();
}

/** A detection in the list; with several words it names its word (`word`) and carries its name in `data-word`. */
function showDetection(detection: WordDetection, word?: DetectorMetadata): void {
  const item = document.createElement('li');
  item.dataset.detection = detection.t.toFixed(3);
  if (word) item.dataset.word = word.name;
  item.textContent = `${word ? `${describeWord(word)}: ` : ''}${detection.t.toFixed(2)} s, score ${detection.score.toFixed(3)} (${new Date().toLocaleTimeString()})`;
  byId('detections').prepend(item);
}

main().catch((error: unknown) => setState('error', (error as Error).message));
