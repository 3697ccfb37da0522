import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../../src-shared/voice/wav.js';
import { startFakeStt, startFakeTts, type FakeService, type SttUpload, type TtsRequest } from '../../test/fake-voice/servers.js';
import { closedPort } from '../../test/fixtures/sse-server.js';
import { SpeechServiceError } from './speech-errors.js';
import { OpenAiCompatibleStt } from './stt/openai-stt.js';
import { OpenAiCompatibleTts } from './tts/openai-tts.js';

const KEY = 'sk-proj-speech-test-abcdef0123456789';
let stt: FakeService<SttUpload>;
let tts: FakeService<TtsRequest>;

beforeAll(async () => {
  stt = await startFakeStt('turn on the lights');
  tts = await startFakeTts();
});
afterAll(async () => {
  await stt.close();
  await tts.close();
});

const oneSecond = encodeWav(new Int16Array(16_000).map((_, i) => Math.round(3000 * Math.sin(i / 5))), 16_000);

describe('OpenAiCompatibleStt', () => {
  it('uploads the WAV as multipart with the model and returns the transcript', async () => {
    stt.setOptions({ requireKey: KEY });
    const engine = new OpenAiCompatibleStt({ baseUrl: stt.baseUrl, getKey: async () => KEY, model: 'whisper-1' });
    const t = await engine.transcribe(oneSecond, { language: 'en' });
    expect(t).toMatchObject({ text: 'turn on the lights', audioSeconds: 1, engine: 'openai-compatible' });
    expect(stt.requests.at(-1)).toMatchObject({
      model: 'whisper-1',
      language: 'en',
      responseFormat: 'json',
      filename: 'utterance.wav',
      contentType: 'audio/wav',
      wavSeconds: 1,
      wavSampleRate: 16_000,
      authorization: `Bearer ${KEY}`,
    });
  });

  it('a wrong key is "unauthorized", a missing required key never leaves the app', async () => {
    stt.setOptions({ requireKey: KEY });
    const wrong = await new OpenAiCompatibleStt({ baseUrl: stt.baseUrl, getKey: async () => 'sk-wrong-key-000000' }).transcribe(oneSecond).catch((e) => e);
    expect(wrong).toBeInstanceOf(SpeechServiceError);
    expect(wrong).toMatchObject({ code: 'unauthorized', status: 401 });
    const before = stt.requests.length;
    const none = await new OpenAiCompatibleStt({ baseUrl: stt.baseUrl, getKey: async () => undefined, requireKey: true }).transcribe(oneSecond).catch((e) => e);
    expect(none).toMatchObject({ code: 'no_key' });
    expect(stt.requests.length).toBe(before);
  });

  it('a key the service echoes in an error is redacted', async () => {
    stt.setOptions({ failWith: 500 });
    const err = (await new OpenAiCompatibleStt({ baseUrl: stt.baseUrl, getKey: async () => KEY }).transcribe(oneSecond).catch((e) => e)) as SpeechServiceError;
    expect(err).toMatchObject({ code: 'http', status: 500 });
    expect(err.message).toContain('fake failure 500');
    expect(err.message).not.toContain(KEY);
    expect(JSON.stringify(err)).not.toContain(KEY);
  });

  it('refuses a non-WAV before uploading; unreachable and cancelled are their own codes', async () => {
    stt.setOptions({});
    const before = stt.requests.length;
    await expect(new OpenAiCompatibleStt({ baseUrl: stt.baseUrl }).transcribe(new TextEncoder().encode('not audio'))).rejects.toThrow(/WAV/);
    expect(stt.requests.length).toBe(before);
    const port = await closedPort();
    await expect(new OpenAiCompatibleStt({ baseUrl: `http://127.0.0.1:${port}/v1` }).transcribe(oneSecond)).rejects.toMatchObject({ code: 'connection' });
    stt.setOptions({ delayMs: 2000 });
    const controller = new AbortController();
    const pending = new OpenAiCompatibleStt({ baseUrl: stt.baseUrl }).transcribe(oneSecond, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    stt.setOptions({});
  });
});

describe('OpenAiCompatibleTts', () => {
  it('asks for WAV and returns mono PCM at the rate the service chose', async () => {
    tts.setOptions({ wavSampleRate: 22_050 } as object);
    const engine = new OpenAiCompatibleTts({ baseUrl: tts.baseUrl, getKey: async () => KEY, voice: 'nova' });
    const audio = await engine.synthesize('Hello there.');
    expect(audio.sampleRate).toBe(22_050);
    expect(audio.samples.length).toBe(Math.round(0.6 * 22_050));
    expect(Math.max(...audio.samples.subarray(0, 2000))).toBeGreaterThan(1000);
    expect(tts.requests.at(-1)).toEqual({ model: 'tts-1', input: 'Hello there.', voice: 'nova', responseFormat: 'wav', authorization: `Bearer ${KEY}` });
  });

  it('reads raw 24 kHz pcm when asked for it', async () => {
    tts.setOptions({});
    const audio = await new OpenAiCompatibleTts({ baseUrl: tts.baseUrl, format: 'pcm' }).synthesize('Hi.');
    expect(audio.sampleRate).toBe(24_000);
    expect(audio.samples.length).toBe(Math.round(0.2 * 24_000));
  });

  it('maps rate limits and refusals to codes', async () => {
    tts.setOptions({ failWith: 429 });
    await expect(new OpenAiCompatibleTts({ baseUrl: tts.baseUrl }).synthesize('x')).rejects.toMatchObject({ code: 'rate_limited', status: 429 });
    tts.setOptions({});
  });
});
