/**
 * One voice turn, end to end, as a stream of events: the utterance is transcribed, sent through
 * the agent's reply transport, cut into sentences as it streams, and each sentence is synthesized
 * as soon as it is complete (while the reply keeps streaming), its audio delivered in order.
 * This is what a VoiceService runs per turn and forwards to the renderer.
 *
 * Barge-in and Stop are one thing: abort the signal, and the transcription, the reply stream and
 * every pending synthesis stop; the iteration ends with the abort error.
 */
import { SentenceSplitter, type SentenceSplitterOptions } from '../../src-shared/voice/sentence-splitter.js';
import type { ReplySideEvent, ReplyTransportKind } from '../../src-shared/voice/reply-events.js';
import { pcmToBytes, type VoiceTurnChunk } from '../../src-shared/voice/voice-chunks.js';
import type { SpeechToText } from './stt/stt.js';
import { ReplyInterruptedError, type ReplyTransport } from './transports.js';
import type { SpeechAudio, TextToSpeech } from './tts/tts.js';

export type VoiceTurnEvent =
  | { type: 'transcript'; text: string; elapsedMs: number }
  | { type: 'text'; text: string }
  | { type: 'side'; event: ReplySideEvent }
  | { type: 'sentence'; index: number; text: string }
  | { type: 'audio'; index: number; text: string; audio: SpeechAudio; elapsedMs: number }
  /** Nothing was heard (an empty transcript): no turn was sent. */
  | { type: 'nothing-heard' }
  | { type: 'done'; transport: ReplyTransportKind };

export interface VoiceTurnInput {
  agentId: string;
  /** The utterance as WAV; or pass `text` to skip speech-to-text (typed input in voice mode). */
  wav?: Uint8Array;
  text?: string;
  stt?: SpeechToText;
  transport: ReplyTransport;
  /** Left out when replies are not spoken: sentences are still reported, no audio follows. */
  tts?: TextToSpeech;
  signal?: AbortSignal;
  language?: string;
  voice?: string;
  /** Speaking rate handed to the TTS engine (0.5–2). */
  speed?: number;
  splitter?: SentenceSplitterOptions;
  /** Sentences synthesized at once ahead of playback (default 2). */
  ttsConcurrency?: number;
}

/** A push/pull queue between the producers (stream, syntheses) and the one consumer. */
class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | undefined;
  private failure: { error: unknown } | undefined;
  private closed = false;
  private rejectWaiting: ((e: unknown) => void) | undefined;

  push(item: T): void {
    if (this.closed || this.failure) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = this.rejectWaiting = undefined;
      w({ value: item, done: false });
    } else this.items.push(item);
  }
  close(): void {
    this.closed = true;
    this.wake();
  }
  fail(error: unknown): void {
    if (this.closed || this.failure) return;
    this.failure = { error };
    if (this.rejectWaiting) {
      const r = this.rejectWaiting;
      this.waiting = this.rejectWaiting = undefined;
      r(error);
    }
  }
  private wake(): void {
    if (this.waiting && this.items.length === 0) {
      const w = this.waiting;
      this.waiting = this.rejectWaiting = undefined;
      w({ value: undefined, done: true });
    }
  }
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.items.length > 0) {
        yield this.items.shift()!;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.closed) return;
      const next = await new Promise<IteratorResult<T>>((resolve, reject) => {
        this.waiting = resolve;
        this.rejectWaiting = reject;
      });
      if (next.done) return;
      yield next.value;
    }
  }
}

export async function* runVoiceTurn(input: VoiceTurnInput): AsyncGenerator<VoiceTurnEvent> {
  // Our own controller too, so a consumer that stops iterating also stops the work behind it.
  const controller = new AbortController();
  const signal = input.signal ? AbortSignal.any([input.signal, controller.signal]) : controller.signal;
  try {
    let text = input.text;
    if (text === undefined) {
      if (!input.wav || !input.stt) throw new Error('runVoiceTurn needs either text, or wav and stt');
      const t = await input.stt.transcribe(input.wav, { signal, ...(input.language ? { language: input.language } : {}) });
      text = t.text;
      yield { type: 'transcript', text, elapsedMs: t.elapsedMs };
    }
    if (!text.trim()) {
      yield { type: 'nothing-heard' };
      return;
    }
    const queue = new EventQueue<VoiceTurnEvent>();
    void pump(input, text, signal, queue);
    yield* queue;
  } finally {
    controller.abort();
  }
}

async function pump(input: VoiceTurnInput, text: string, signal: AbortSignal, queue: EventQueue<VoiceTurnEvent>): Promise<void> {
  const splitter = new SentenceSplitter(input.splitter);
  const limit = Math.max(1, input.ttsConcurrency ?? 2);
  let index = 0;
  let running = 0;
  const waiting: Array<() => void> = [];
  // Audio is delivered in sentence order, whatever order the syntheses finish in.
  let delivered: Promise<void> = Promise.resolve();
  let ttsError: unknown;

  const tts = input.tts;
  const speak = (sentence: string) => {
    const i = index++;
    queue.push({ type: 'sentence', index: i, text: sentence });
    if (!tts) return;
    const started = new Promise<void>((resolve) => (running < limit ? resolve() : waiting.push(resolve))).then(() => running++);
    const audio = started
      .then(() => {
        const t0 = performance.now();
        const options = { signal, ...(input.voice ? { voice: input.voice } : {}), ...(input.speed ? { speed: input.speed } : {}) };
        return tts.synthesize(sentence, options).then((a) => ({ a, ms: performance.now() - t0 }));
      })
      .finally(() => {
        running--;
        waiting.shift()?.();
      });
    audio.catch(() => undefined); // observed through `delivered`
    delivered = delivered.then(async () => {
      if (ttsError) return;
      try {
        const { a, ms } = await audio;
        queue.push({ type: 'audio', index: i, text: sentence, audio: a, elapsedMs: ms });
      } catch (err) {
        ttsError = err;
        queue.fail(err);
      }
    });
  };

  try {
    let done: VoiceTurnEvent | undefined;
    try {
      for await (const e of input.transport.reply(input.agentId, text, { signal, onSide: (event) => queue.push({ type: 'side', event }) })) {
        if (e.type === 'text') {
          queue.push({ type: 'text', text: e.text });
          for (const s of splitter.push(e.text)) speak(s);
        } else {
          done = { type: 'done', transport: e.transport };
        }
      }
    } catch (err) {
      // A reply that broke off is still spoken up to where it broke, then reported.
      if (err instanceof ReplyInterruptedError && !signal.aborted) {
        for (const s of splitter.flush()) speak(s);
        await delivered;
      }
      throw err;
    }
    for (const s of splitter.flush()) speak(s);
    await delivered;
    if (ttsError) return;
    if (done) queue.push(done);
    queue.close();
  } catch (err) {
    queue.fail(err);
  }
}

/** A turn event as the renderer receives it (`voice:stream` chunk); errors are mapped by the caller. */
export function toVoiceChunk(event: VoiceTurnEvent): VoiceTurnChunk {
  switch (event.type) {
    case 'transcript':
      return { type: 'transcript', text: event.text };
    case 'text':
      return { type: 'delta', text: event.text };
    case 'audio':
      return { type: 'audio', index: event.index, sampleRate: event.audio.sampleRate, pcmBase64: Buffer.from(pcmToBytes(event.audio.samples)).toString('base64') };
    default:
      return event;
  }
}
