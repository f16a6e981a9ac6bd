// Type declarations for dependencies that ship none.
declare module 'node-wav' {
  interface Decoded { sampleRate: number; channelData: Float32Array[] }
  const wav: {
    decode(buffer: Uint8Array | ArrayBuffer): Decoded | undefined;
    encode(channelData: Float32Array[], options: { sampleRate: number; float?: boolean; bitDepth?: number }): Buffer;
  };
  export default wav;
}
