/**
 * What voice mode is configured to do, per connection profile (a Letta Cloud profile may use
 * OpenAI's speech services while a home server uses the local model). Keys for the speech
 * services live in the keychain, never here: the view only says whether one is set.
 */

export type VoiceMode = 'push-to-talk' | 'hands-free';
export type SttEngineChoice = 'openai-compatible' | 'local-whisper';
export type TtsEngineChoice = 'openai-compatible' | 'formant';
export type SpeechService = 'stt' | 'tts';

export interface VoiceSettings {
  mode: VoiceMode;
  /** A `MediaDeviceInfo.deviceId`; null is the system default microphone. */
  inputDeviceId: string | null;
  sttEngine: SttEngineChoice;
  /** Up to and including the API version, e.g. `https://api.openai.com/v1`. */
  sttBaseUrl: string;
  sttModel: string;
  /** The catalog id of the local model (`whisper-tiny.en`). */
  localModelId: string;
  /** ISO 639-1 hint for speech-to-text; null lets the engine detect it. */
  language: string | null;
  /**
   * How much audio local Whisper's encoder runs over: `fitted` to the utterance (the default:
   * about 5× faster and as accurate on the bench's spoken requests) or Whisper's `full` 30 s
   * window (steadier on unusual audio, at about 1.8 s per utterance on two cores).
   */
  localWindow: 'fitted' | 'full';
  ttsEngine: TtsEngineChoice;
  ttsBaseUrl: string;
  ttsModel: string;
  ttsVoice: string;
  /** 0.5–2. */
  ttsSpeed: number;
  /** Speak replies aloud (off: the transcript and reply still appear, nothing is played). */
  speakReplies: boolean;
}

export interface VoiceSettingsView extends VoiceSettings {
  sttKeySet: boolean;
  ttsKeySet: boolean;
}

export const DEFAULT_VOICE_SETTINGS: VoiceSettings = {
  mode: 'push-to-talk',
  inputDeviceId: null,
  sttEngine: 'local-whisper',
  sttBaseUrl: 'https://api.openai.com/v1',
  sttModel: 'whisper-1',
  localModelId: 'whisper-tiny.en',
  language: null,
  localWindow: 'fitted',
  ttsEngine: 'formant',
  ttsBaseUrl: 'https://api.openai.com/v1',
  ttsModel: 'tts-1',
  ttsVoice: 'alloy',
  ttsSpeed: 1,
  speakReplies: true,
};

/** A local speech model as the settings screen shows it: catalog facts plus what is on disk. */
export interface SpeechModelView {
  id: string;
  label: string;
  sizeBytes: number;
  installedBytes: number;
  languages: 'en' | 'multilingual';
  license: string;
  notes: string;
  installed: boolean;
  /** Set while a download runs. */
  download: SpeechModelProgress | null;
}

export interface SpeechModelProgress {
  modelId: string;
  receivedBytes: number;
  totalBytes: number;
  phase: 'resolving' | 'downloading' | 'verifying' | 'converting' | 'done' | 'failed' | 'cancelled';
  /** With `failed`: why, in words. */
  message?: string;
}

/** The answer of a "Test" button next to a speech service. */
export interface SpeechServiceCheck {
  ok: boolean;
  /** What was checked and what happened ("transcribed 1 s of silence in 240 ms", "401: bad key"). */
  message: string;
}
