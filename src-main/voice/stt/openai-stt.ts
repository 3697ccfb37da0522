/**
 * `POST {baseUrl}/audio/transcriptions` (multipart: `file` = the WAV, `model`, optional
 * `language`/`prompt`, `response_format=json`) → `{ "text": … }`. Works with OpenAI
 * (`whisper-1`, `gpt-4o-mini-transcribe`) and the self-hosted servers that copy its API.
 */
import { FormData } from 'undici';
import { decodeWav, durationSeconds } from '../../../src-shared/voice/wav.js';
import { postAudioRoute, type OpenAiAudioConfig } from '../openai-audio.js';
import { SpeechServiceError } from '../speech-errors.js';
import type { SpeechToText, TranscribeOptions, Transcript } from './stt.js';

export interface OpenAiSttConfig extends OpenAiAudioConfig {
  /** Default `whisper-1`. */
  model?: string;
}

const SERVICE = 'speech-to-text';

export class OpenAiCompatibleStt implements SpeechToText {
  readonly engine = 'openai-compatible' as const;
  constructor(private readonly config: OpenAiSttConfig) {}

  async transcribe(wav: Uint8Array, options: TranscribeOptions = {}): Promise<Transcript> {
    const audioSeconds = durationSeconds(decodeWav(wav)); // refuses a non-WAV before uploading it
    const form = new FormData();
    form.append('file', new Blob([wav as BlobPart], { type: 'audio/wav' }), 'utterance.wav');
    form.append('model', this.config.model ?? 'whisper-1');
    form.append('response_format', 'json');
    if (options.language) form.append('language', options.language);
    if (options.prompt) form.append('prompt', options.prompt);
    const started = performance.now();
    const res = await postAudioRoute(SERVICE, this.config, 'audio/transcriptions', { form }, options.signal);
    const body = new TextDecoder().decode(res.bytes);
    let text: unknown;
    try {
      text = res.contentType.includes('json') || body.trimStart().startsWith('{') ? (JSON.parse(body) as { text?: unknown }).text : body;
    } catch (cause) {
      throw new SpeechServiceError(SERVICE, 'bad_response', 'the transcription was not JSON', { cause });
    }
    if (typeof text !== 'string') throw new SpeechServiceError(SERVICE, 'bad_response', 'the answer has no text');
    return { text: text.trim(), audioSeconds, elapsedMs: performance.now() - started, engine: this.engine };
  }
}
