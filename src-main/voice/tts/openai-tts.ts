/**
 * `POST {baseUrl}/audio/speech` with `{ model, input, voice, response_format }` → audio bytes.
 * We ask for `wav` (self-describing; what most compatible servers support) or `pcm` (OpenAI's raw
 * 24 kHz 16-bit little-endian mono, the smallest answer with no header to parse).
 */
import { decodeWav, toMonoFloat, floatToInt16 } from '../../../src-shared/voice/wav.js';
import { postAudioRoute, type OpenAiAudioConfig } from '../openai-audio.js';
import { SpeechServiceError } from '../speech-errors.js';
import type { SpeechAudio, SynthesizeOptions, TextToSpeech } from './tts.js';

export interface OpenAiTtsConfig extends OpenAiAudioConfig {
  /** Default `tts-1`. */
  model?: string;
  /** Default `alloy`. */
  voice?: string;
  /** Default `wav`. */
  format?: 'wav' | 'pcm';
  /** The rate of `pcm` answers (OpenAI: 24000). */
  pcmSampleRate?: number;
}

const SERVICE = 'text-to-speech';

export class OpenAiCompatibleTts implements TextToSpeech {
  readonly engine = 'openai-compatible' as const;
  constructor(private readonly config: OpenAiTtsConfig) {}

  async synthesize(text: string, options: SynthesizeOptions = {}): Promise<SpeechAudio> {
    const format = this.config.format ?? 'wav';
    const res = await postAudioRoute(
      SERVICE,
      this.config,
      'audio/speech',
      {
        json: {
          model: this.config.model ?? 'tts-1',
          input: text,
          voice: options.voice ?? this.config.voice ?? 'alloy',
          response_format: format,
          ...(options.speed && options.speed !== 1 ? { speed: options.speed } : {}),
        },
      },
      options.signal,
    );
    if (format === 'pcm' && !res.contentType.includes('wav')) {
      if (res.bytes.byteLength % 2 !== 0) throw new SpeechServiceError(SERVICE, 'bad_response', 'odd-length 16-bit PCM');
      const samples = new Int16Array(res.bytes.byteLength / 2);
      const v = new DataView(res.bytes.buffer, res.bytes.byteOffset, res.bytes.byteLength);
      for (let i = 0; i < samples.length; i++) samples[i] = v.getInt16(i * 2, true);
      return { sampleRate: this.config.pcmSampleRate ?? 24_000, samples };
    }
    try {
      const audio = decodeWav(res.bytes);
      return { sampleRate: audio.sampleRate, samples: audio.channels === 1 ? audio.samples : floatToInt16(toMonoFloat(audio)) };
    } catch (cause) {
      throw new SpeechServiceError(SERVICE, 'bad_response', `the answer is not WAV audio (${res.contentType || 'no content type'})`, { cause });
    }
  }
}
