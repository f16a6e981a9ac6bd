/** An open microphone; `listen` starts delivering mono blocks at `sampleRate`. */
export interface Microphone {
  sampleRate: number;
  listen(onBlock: (samples: Float32Array) => void): void;
  stop(): Promise<void>;
}

/**
 * Opens the microphone with the browser's speech processing off (echo cancellation, noise
 * suppression and automatic gain would change the signal the detector was trained on) and
 * captures it with an AudioWorklet. The context runs at the device's own rate and callers
 * resample: Chromium would run a context at 16 kHz, but not every browser accepts a
 * microphone into a context of another rate.
 */
export async function openMicrophone(workletUrl: string): Promise<Microphone> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
  });
  const context = new AudioContext();
  await context.audioWorklet.addModule(workletUrl);
  const source = context.createMediaStreamSource(stream);
  const capture = new AudioWorkletNode(context, 'wakeword-capture', { numberOfOutputs: 0 });
  return {
    sampleRate: context.sampleRate,
    listen(onBlock) {
      capture.port.onmessage = (event: MessageEvent<Float32Array>) => onBlock(event.data);
      source.connect(capture);
      void context.resume();
    },
    async stop() {
      capture.port.onmessage = null;
      source.disconnect();
      for (const track of stream.getTracks()) track.stop();
      await context.close();
    },
  };
}
