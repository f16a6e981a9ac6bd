// AudioWorklet processor: averages the input's channels to mono and posts 2048-sample Float32 blocks.
class CaptureProcessor extends AudioWorkletProcessor {
  block = new Float32Array(2048);
  filled = 0;

  process(inputs) {
    const channels = inputs[0] ?? [];
    const frames = channels[0]?.length ?? 0;
    for (let i = 0; i < frames; i++) {
      let sum = 0;
      for (const channel of channels) sum += channel[i];
      this.block[this.filled++] = sum / channels.length;
      if (this.filled === this.block.length) {
        this.port.postMessage(this.block, [this.block.buffer]);
        this.block = new Float32Array(2048);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('capture', CaptureProcessor);
