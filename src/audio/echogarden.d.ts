// Types for the parts of @echogarden/espeak-ng-emscripten that tts-espeak.ts uses (it ships none).
declare module '@echogarden/espeak-ng-emscripten' {
  export interface EspeakEvent {
    type: string;
    audio_position: number;
  }
  export interface ESpeakNGWorker {
    /** 0 on success; the name may carry a variant ("gmw/en-US+f3"). */
    set_voice(name: string): number;
    set_rate(wordsPerMinute: number): number;
    set_pitch(pitch: number): number;
    set_range(range: number): number;
    /** Calls back with int16 chunks at 22,050 Hz; a true return stops synthesis. */
    synthesize(text: string, callback: (samples: Int16Array, events: EspeakEvent[]) => boolean | void): void;
    /** Phonemes of `text` (1: IPA) as a pointer to a NUL-terminated UTF-8 string in HEAPU8. */
    text_to_phonemes(text: string, ipa: number): { ptr: number };
    list_voices(): { name: string; identifier: string; languages: { priority: number; name: string }[] }[];
  }
  export interface EspeakModule {
    eSpeakNGWorker: new () => ESpeakNGWorker;
    FS: { readdir(path: string): string[] };
    /** The engine's whole memory (replaced when it grows, so read it each time). */
    HEAPU8: Uint8Array;
  }
  const initialize: () => Promise<EspeakModule>;
  export default initialize;
}
