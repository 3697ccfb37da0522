/**
 * Text-to-speech behind one interface: a sentence in, mono 16-bit PCM out (the renderer's
 * playback queue resamples to the output device). Engines: `OpenAiCompatibleTts` (any
 * `/v1/audio/speech`) and `FormantTts`, our own offline synthesizer that needs no download.
 */

export type TtsEngine = 'openai-compatible' | 'formant';

export interface SpeechAudio {
  sampleRate: number;
  /** Mono. */
  samples: Int16Array;
}

export interface SynthesizeOptions {
  signal?: AbortSignal;
  /** Engine-specific voice name (`alloy`, …); engines ignore what they do not know. */
  voice?: string;
  /** 0.5–2, default 1. */
  speed?: number;
}

export interface TextToSpeech {
  readonly engine: TtsEngine;
  synthesize(text: string, options?: SynthesizeOptions): Promise<SpeechAudio>;
}
