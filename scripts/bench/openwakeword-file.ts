/**
 * openWakeWord's pipeline over one file as a whole process, the counterpart of `wakeword detect
 * FILE` in the start-up bench (scripts/bench/startup.ts, which runs it bundled, without tsx):
 * reads the file as detect does, scores it with OpenWakeWordReference (onnxruntime-node, one
 * thread) and prints a JSON line per detection at openWakeWord's default threshold 0.5.
 *
 *   node <bundle> FILE
 */
import { detections, readAudio } from '../../src/node.ts';
import { OpenWakeWordReference } from './openwakeword-reference.ts';

const file = process.argv[2]!;
const reference = await OpenWakeWordReference.create();
const audio = await readAudio(file, reference.sampleRate);
const steps = await reference.push(audio.samples);
for (const step of detections(steps, { threshold: 0.5, refractorySeconds: 2 })) process.stdout.write(JSON.stringify({ file, ...step }) + '\n');
console.error(`${file}: ${steps.length} steps`);
