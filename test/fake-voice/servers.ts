/**
 * Fake OpenAI-compatible speech services on 127.0.0.1, for unit tests and the voice bench.
 *
 * - STT: `POST /v1/audio/transcriptions` (multipart `file`, `model`, …) answers `{ text }` with a
 *   known transcript and records what was uploaded, including the WAV's real duration.
 * - TTS: `POST /v1/audio/speech` (JSON `{ model, input, voice, response_format }`) answers a
 *   non-silent 16-bit mono WAV (or raw `pcm`, 24 kHz like OpenAI's) whose length follows the text.
 *
 * Both can require a Bearer key, fail with a status, or wait before answering. The STT measures
 * how much of an upload is speech (so a test can tell the microphone's audio arrived, not
 * silence) and may answer a silent upload differently; the TTS can pad its speech to a minimum
 * length, hold back every sentence after the first, and counts requests the client gave up on
 * (a cancelled turn).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeWav, durationSeconds, encodeWav, toMonoFloat, type PcmAudio } from '../../src-shared/voice/wav.js';

export interface FakeServiceOptions {
  /** Answer 401 unless `Authorization: Bearer <key>`. */
  requireKey?: string;
  /** Answer this status (with an OpenAI-style error body) instead. */
  failWith?: number;
  /** Wait this long before the response headers. */
  delayMs?: number;
}

export interface SttUpload {
  model: string | undefined;
  language: string | undefined;
  responseFormat: string | undefined;
  filename: string | undefined;
  contentType: string | undefined;
  bytes: number;
  /** Duration of the uploaded WAV, or undefined when it was not a readable WAV. */
  wavSeconds: number | undefined;
  wavSampleRate: number | undefined;
  /** Peak of the uploaded audio, 0..1 (0 when it was not a readable WAV). */
  peak: number;
  /** Seconds of 20 ms frames louder than -40 dBFS: speech, not the room's silence. */
  speechSeconds: number;
  authorization: string | undefined;
}

export interface TtsRequest {
  model: unknown;
  input: unknown;
  voice: unknown;
  responseFormat: unknown;
  authorization: string | undefined;
}

export interface FakeService<R> {
  /** Base URL including `/v1`, as the clients take it. */
  readonly baseUrl: string;
  readonly requests: R[];
  setOptions(options: FakeServiceOptions): void;
  close(): Promise<void>;
}

export interface FakeSttOptions extends FakeServiceOptions {
  /** The answer to an upload with no speech in it (default: the transcript, as for speech). */
  silentTranscript?: string;
}

export interface FakeStt extends FakeService<SttUpload> {
  setOptions(options: FakeSttOptions): void;
  /** What speech is transcribed as from now on. */
  setTranscript(text: string): void;
}

export interface FakeTtsOptions extends FakeServiceOptions {
  wavSampleRate?: number;
  /** Every answer lasts at least this long (a reply to barge into). */
  minSeconds?: number;
  /**
   * Requests whose text matches are answered only after `ms` (later sentences still on their way
   * while the first plays). Matched by text, not by arrival order: a client may well send the
   * second sentence's request a moment before the first's.
   */
  holdBack?: { matching: RegExp; ms: number };
}

export interface FakeTts extends FakeService<TtsRequest> {
  setOptions(options: FakeTtsOptions): void;
  /** Requests whose client closed the connection before the answer was complete. */
  readonly abandoned: number;
}

/** Above this a 20 ms frame counts as speech; Chromium's fake microphone is digital silence between sentences. */
const SPEECH_FRAME_DBFS = -40;

/** Peak and seconds of speech of decoded audio. */
export function measureSpeech(audio: PcmAudio): { peak: number; speechSeconds: number } {
  const mono = toMonoFloat(audio);
  const frame = Math.max(1, Math.round(audio.sampleRate * 0.02));
  let peak = 0;
  let speechFrames = 0;
  for (let start = 0; start + frame <= mono.length; start += frame) {
    let sum = 0;
    for (let i = start; i < start + frame; i++) {
      const x = mono[i]!;
      sum += x * x;
      if (Math.abs(x) > peak) peak = Math.abs(x);
    }
    if (10 * Math.log10(sum / frame + 1e-12) > SPEECH_FRAME_DBFS) speechFrames++;
  }
  return { peak, speechSeconds: (speechFrames * frame) / audio.sampleRate };
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void>): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      await handler(req, res, Buffer.concat(chunks));
    } catch (err) {
      if (!res.headersSent) sendError(res, 500, `fake service failed: ${String(err)}`);
      else res.destroy();
    }
  });
  server.keepAliveTimeout = 2_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

function sendError(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ error: { message, type: 'invalid_request_error' } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Shared gatekeeping: delay, forced failure, key check. True when the request was answered. */
async function gate(req: IncomingMessage, res: ServerResponse, options: FakeServiceOptions): Promise<boolean> {
  if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
  if (options.failWith) {
    sendError(res, options.failWith, `fake failure ${options.failWith} (echo: ${req.headers.authorization ?? 'no auth'})`);
    return true;
  }
  if (options.requireKey && req.headers.authorization !== `Bearer ${options.requireKey}`) {
    sendError(res, 401, 'Incorrect API key provided');
    return true;
  }
  return false;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

export async function startFakeStt(transcript = 'what is the weather like in Lisbon', initial: FakeSttOptions = {}): Promise<FakeStt> {
  let options = initial;
  let speech = transcript;
  const requests: SttUpload[] = [];
  const { server, url } = await listen(async (req, res, body) => {
    if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') return sendError(res, 404, `no route ${req.method} ${req.url}`);
    // Parse the multipart body with the platform's own parser (undici's Request).
    const form = await new Request('http://fake/', { method: 'POST', headers: req.headers as Record<string, string>, body: new Uint8Array(body) }).formData();
    const file = form.get('file');
    let wavSeconds: number | undefined;
    let wavSampleRate: number | undefined;
    let measured = { peak: 0, speechSeconds: 0 };
    let bytes = 0;
    if (file && typeof file !== 'string') {
      const data = new Uint8Array(await file.arrayBuffer());
      bytes = data.byteLength;
      try {
        const audio = decodeWav(data);
        wavSeconds = durationSeconds(audio);
        wavSampleRate = audio.sampleRate;
        measured = measureSpeech(audio);
      } catch {
        wavSeconds = undefined;
      }
    }
    const field = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' ? v : undefined;
    };
    requests.push({
      model: field('model'),
      language: field('language'),
      responseFormat: field('response_format'),
      filename: file && typeof file !== 'string' ? file.name : undefined,
      contentType: file && typeof file !== 'string' ? file.type : undefined,
      bytes,
      wavSeconds,
      wavSampleRate,
      ...measured,
      authorization: req.headers.authorization,
    });
    if (await gate(req, res, options)) return;
    if (!file || typeof file === 'string') return sendError(res, 400, 'file is required');
    if (!field('model')) return sendError(res, 400, 'model is required');
    const silent = measured.speechSeconds === 0 && options.silentTranscript !== undefined;
    const answer = JSON.stringify({ text: silent ? options.silentTranscript : speech });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
    res.end(answer);
  });
  return {
    baseUrl: url,
    requests,
    setOptions: (o: FakeSttOptions) => (options = o),
    setTranscript: (text: string) => (speech = text),
    close: closer(server),
  };
}

/** The audio the fake TTS says for `text`: a 220 Hz vowel-ish tone, 50 ms per character (≥ 200 ms, or `minSeconds`). */
export function fakeSpeech(text: string, sampleRate: number, minSeconds = 0.2): Int16Array {
  const seconds = Math.max(minSeconds, text.length * 0.05);
  const n = Math.round(seconds * sampleRate);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    const env = Math.min(1, i / (0.01 * sampleRate), (n - i) / (0.01 * sampleRate));
    out[i] = Math.round(9000 * env * (Math.sin(2 * Math.PI * 220 * t) + 0.4 * Math.sin(2 * Math.PI * 660 * t)));
  }
  return out;
}

export async function startFakeTts(initial: FakeTtsOptions = {}): Promise<FakeTts> {
  let options: FakeTtsOptions = initial;
  const requests: TtsRequest[] = [];
  let abandoned = 0;
  const { server, url } = await listen(async (req, res, body) => {
    res.on('close', () => {
      if (!res.writableFinished) abandoned++;
    });
    if (req.method !== 'POST' || req.url !== '/v1/audio/speech') return sendError(res, 404, `no route ${req.method} ${req.url}`);
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return sendError(res, 400, 'body is not JSON');
    }
    requests.push({ model: json.model, input: json.input, voice: json.voice, responseFormat: json.response_format, authorization: req.headers.authorization });
    const { holdBack } = options;
    if (holdBack && typeof json.input === 'string' && holdBack.matching.test(json.input)) await new Promise((r) => setTimeout(r, holdBack.ms));
    if (res.destroyed) return;
    if (await gate(req, res, options)) return;
    if (typeof json.input !== 'string' || !json.input) return sendError(res, 400, 'input is required');
    const format = json.response_format ?? 'mp3';
    if (format === 'pcm') {
      const pcm = fakeSpeech(json.input, 24_000, options.minSeconds);
      const bytes = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
      res.writeHead(200, { 'content-type': 'audio/pcm', 'content-length': bytes.byteLength });
      return void res.end(bytes);
    }
    if (format !== 'wav') return sendError(res, 400, `the fake only speaks wav and pcm, not ${String(format)}`);
    const rate = options.wavSampleRate ?? 24_000;
    const wav = encodeWav(fakeSpeech(json.input, rate, options.minSeconds), rate);
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.byteLength });
    res.end(wav);
  });
  return {
    baseUrl: url,
    requests,
    setOptions: (o: FakeTtsOptions) => {
      options = o;
    },
    get abandoned() {
      return abandoned;
    },
    close: closer(server),
  };
}
