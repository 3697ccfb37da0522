/**
 * Speech-to-text behind one interface. The renderer records the utterance (16 kHz mono 16-bit
 * PCM) and hands it over as WAV bytes; an engine turns it into the text the agent receives.
 * Engines: `OpenAiCompatibleStt` (any `/v1/audio/transcriptions`) and `LocalWhisperStt`
 * (whisper.cpp in a worker thread, fully offline once its model file is on disk).
 */

export type SttEngine = 'openai-compatible' | 'local-whisper';

export interface TranscribeOptions {
  signal?: AbortSignal;
  /** ISO-639-1 hint ("en"); engines detect the language without it where they can. */
  language?: string;
  /** Words the user is likely to say (names, jargon), as a prompt for the recogniser. */
  prompt?: string;
}

export interface Transcript {
  text: string;
  /** Length of the audio that was transcribed. */
  audioSeconds: number;
  /** Wall time of the transcription itself (upload + inference, or inference alone locally). */
  elapsedMs: number;
  engine: SttEngine;
}

export interface SpeechToText {
  readonly engine: SttEngine;
  /** `wav`: a RIFF/WAVE file; 16 kHz mono 16-bit is what the renderer sends and what is cheapest. */
  transcribe(wav: Uint8Array, options?: TranscribeOptions): Promise<Transcript>;
  /** Frees a worker or a model, if the engine holds one. */
  close?(): Promise<void>;
}
