/**
 * The offline voice: a small source-filter ("formant") synthesizer of our own. No model, no
 * download, no third-party code: letters become phonemes (letter-to-sound.ts), each phoneme is a
 * set of acoustic targets (three formant frequencies, voicing, aspiration and frication noise),
 * the targets are smoothed into 5 ms frames so sounds glide into each other, and a glottal pulse
 * train plus noise is shaped by cascaded two-pole resonators, the classic design of the 1970s–80s
 * reading machines.
 *
 * Limits, stated plainly: it sounds robotic (one male-ish voice, flat pitch contour with a fall
 * at full stops and a rise at questions); it reads English only; its letter-to-sound rules
 * mispronounce irregular words and names; nasals and stops are approximations. It exists so voice
 * mode works with no service and no download, and is a fallback, not the voice we recommend.
 */
import type { SpeechAudio, SynthesizeOptions, TextToSpeech } from '../tts.js';
import { textToTokens, VOWELS, type Phoneme, type Token } from './letter-to-sound.js';

export const FORMANT_SAMPLE_RATE = 22_050;
const FRAME_MS = 5;

interface Target {
  f1: number;
  f2: number;
  f3: number;
  /** Voicing amplitude, 0–1. */
  av: number;
  /** Aspiration noise through the formants (h, aspirated stops), 0–1. */
  ah: number;
  /** Frication noise through its own resonator, 0–1. */
  af: number;
  fricHz: number;
  fricBw: number;
  /** Wider first formant bandwidth (nasals). */
  b1: number;
}

interface Segment {
  ms: number;
  target: Partial<Target>;
  /** Takes its formants from the next segment that has its own (h, aspiration, stop closures). */
  inherit?: boolean;
  stressed?: boolean;
}

const V = (f1: number, f2: number, f3: number): Partial<Target> => ({ f1, f2, f3, av: 1 });
const VOWEL_TARGETS: Record<string, Partial<Target> | [Partial<Target>, Partial<Target>]> = {
  IY: V(280, 2250, 2900), IH: V(400, 1950, 2550), EH: V(550, 1800, 2500), AE: V(680, 1700, 2400), AH: V(600, 1200, 2450),
  AA: V(720, 1100, 2450), AO: V(580, 880, 2450), UH: V(450, 1050, 2250), UW: V(320, 900, 2250), ER: V(480, 1350, 1650),
  AX: { ...V(520, 1450, 2500), av: 0.8 },
  EY: [V(520, 1850, 2500), V(320, 2200, 2850)], AY: [V(720, 1150, 2450), V(350, 2100, 2700)], OW: [V(560, 900, 2400), V(340, 850, 2300)],
  AW: [V(720, 1150, 2450), V(380, 900, 2300)], OY: [V(560, 850, 2400), V(360, 2000, 2650)],
};

const SONORANT: Record<string, Partial<Target>> = {
  L: { f1: 360, f2: 1050, f3: 2600, av: 0.7 }, R: { f1: 330, f2: 1100, f3: 1450, av: 0.7 }, W: { f1: 300, f2: 650, f3: 2200, av: 0.65 },
  Y: { f1: 270, f2: 2100, f3: 3000, av: 0.65 }, M: { f1: 260, f2: 1150, f3: 2150, av: 0.5, b1: 160 }, N: { f1: 260, f2: 1500, f3: 2500, av: 0.5, b1: 160 },
  NG: { f1: 260, f2: 2000, f3: 2800, av: 0.5, b1: 160 },
};

const FRICATIVE: Record<string, { af: number; hz: number; bw: number; voiced: boolean; f: [number, number, number] }> = {
  S: { af: 0.5, hz: 6000, bw: 1800, voiced: false, f: [320, 1700, 2600] }, Z: { af: 0.35, hz: 6000, bw: 1800, voiced: true, f: [280, 1700, 2600] },
  SH: { af: 0.5, hz: 2900, bw: 1400, voiced: false, f: [320, 1900, 2500] }, ZH: { af: 0.35, hz: 2900, bw: 1400, voiced: true, f: [280, 1900, 2500] },
  F: { af: 0.18, hz: 7000, bw: 3500, voiced: false, f: [320, 1200, 2400] }, V: { af: 0.14, hz: 7000, bw: 3500, voiced: true, f: [280, 1200, 2400] },
  TH: { af: 0.14, hz: 6200, bw: 3000, voiced: false, f: [320, 1500, 2600] }, DH: { af: 0.1, hz: 6200, bw: 3000, voiced: true, f: [280, 1500, 2600] },
};

const STOP: Record<string, { burstHz: number; burstBw: number; voiced: boolean }> = {
  P: { burstHz: 1200, burstBw: 1600, voiced: false }, B: { burstHz: 1200, burstBw: 1600, voiced: true },
  T: { burstHz: 4500, burstBw: 2200, voiced: false }, D: { burstHz: 4500, burstBw: 2200, voiced: true },
  K: { burstHz: 2300, burstBw: 1300, voiced: false }, G: { burstHz: 2300, burstBw: 1300, voiced: true },
};

function segmentsFor(ph: Phoneme, stressed: boolean, wordFinal: boolean): Segment[] {
  const vowel = VOWEL_TARGETS[ph];
  if (vowel) {
    const base = ph === 'AX' ? 55 : ph === 'ER' ? 120 : 100;
    const scale = (stressed ? 1.35 : 1) * (wordFinal ? 1.25 : 1);
    if (Array.isArray(vowel)) {
      return [
        { ms: 80 * scale, target: vowel[0], stressed },
        { ms: 90 * scale, target: vowel[1], stressed },
      ];
    }
    return [{ ms: base * scale, target: vowel, stressed }];
  }
  const son = SONORANT[ph];
  if (son) return [{ ms: ph === 'M' || ph === 'N' || ph === 'NG' ? 70 : 60, target: son }];
  const fric = FRICATIVE[ph];
  if (fric) {
    return [{ ms: fric.voiced ? 80 : 100, target: { f1: fric.f[0], f2: fric.f[1], f3: fric.f[2], af: fric.af, fricHz: fric.hz, fricBw: fric.bw, av: fric.voiced ? 0.35 : 0 } }];
  }
  if (ph === 'HH') return [{ ms: 60, target: { ah: 0.45, av: 0 }, inherit: true }];
  if (ph === 'CH' || ph === 'JH') {
    const voiced = ph === 'JH';
    return [
      { ms: 55, target: { av: voiced ? 0.12 : 0, f1: 220 }, inherit: true },
      { ms: voiced ? 60 : 85, target: { f1: 300, f2: 1900, f3: 2500, af: 0.5, fricHz: 2900, fricBw: 1400, av: voiced ? 0.3 : 0 } },
    ];
  }
  const stop = STOP[ph];
  if (stop) {
    const segs: Segment[] = [
      { ms: 55, target: { av: stop.voiced ? 0.12 : 0, f1: 220 }, inherit: true },
      { ms: 12, target: { af: 0.75, fricHz: stop.burstHz, fricBw: stop.burstBw, av: stop.voiced ? 0.25 : 0 }, inherit: true },
    ];
    if (!stop.voiced) segs.push({ ms: 40, target: { ah: 0.35, av: 0 }, inherit: true });
    return segs;
  }
  return [];
}

interface Frame extends Target {
  f0: number;
}

/** Plans 5 ms frames of targets and pitch for the tokens. */
function plan(tokens: Token[], speed: number): Frame[] {
  const segs: Array<Segment & { pause?: boolean; question?: boolean }> = [{ ms: 40, target: {}, pause: true }];
  for (const token of tokens) {
    if (token.kind === 'pause') {
      segs.push({ ms: token.ms, target: {}, pause: true, ...(token.question ? { question: true } : {}) });
      continue;
    }
    token.phonemes.forEach((ph, i) => {
      const isLastVowel = VOWELS.has(ph) && !token.phonemes.slice(i + 1).some((q) => VOWELS.has(q));
      segs.push(...segmentsFor(ph, i === token.stressAt, isLastVowel));
    });
  }
  segs.push({ ms: 80, target: {}, pause: true });

  // Inheriting segments take the formants of the next segment that has its own.
  for (let i = segs.length - 1; i >= 0; i--) {
    const s = segs[i]!;
    if (!s.inherit) continue;
    const donor = segs.slice(i + 1).find((d) => !d.inherit && d.target.f1 !== undefined);
    const t = donor?.target ?? VOWEL_TARGETS.AX as Partial<Target>;
    s.target = { f1: t.f1, f2: t.f2, f3: t.f3, ...s.target };
    if (s.target.f2 === undefined) s.target.f2 = t.f2;
  }

  const frames: Frame[] = [];
  const total = segs.reduce((a, s) => a + s.ms / speed, 0);
  let elapsed = 0;
  let prev: Target = { f1: 500, f2: 1500, f3: 2500, av: 0, ah: 0, af: 0, fricHz: 4000, fricBw: 2000, b1: 70 };
  // Declination over each sentence; a rise before a question mark, a fall before a full stop.
  const sentenceEnds = segs.map((s, i) => (s.pause && s.ms >= 300 ? i : -1)).filter((i) => i >= 0);
  let stressBoost = 0;
  segs.forEach((seg, index) => {
    const n = Math.max(1, Math.round(seg.ms / speed / FRAME_MS));
    const end = sentenceEnds.find((e) => e >= index) ?? segs.length - 1;
    const toEndMs = segs.slice(index, end).reduce((a, s) => a + s.ms / speed, 0);
    const question = segs[end]?.question === true;
    for (let f = 0; f < n; f++) {
      const t = seg.target;
      const want: Target = {
        f1: t.f1 ?? prev.f1, f2: t.f2 ?? prev.f2, f3: t.f3 ?? prev.f3,
        av: t.av ?? 0, ah: t.ah ?? 0, af: t.af ?? 0, fricHz: t.fricHz ?? prev.fricHz, fricBw: t.fricBw ?? prev.fricBw, b1: t.b1 ?? 70,
      };
      // Formants glide (≈ 25 ms), amplitudes move fast (≈ 8 ms) but never click.
      const kf = 1 - Math.exp(-FRAME_MS / 25);
      const ka = 1 - Math.exp(-FRAME_MS / 8);
      const cur: Target = {
        f1: prev.f1 + (want.f1 - prev.f1) * kf, f2: prev.f2 + (want.f2 - prev.f2) * kf, f3: prev.f3 + (want.f3 - prev.f3) * kf,
        av: prev.av + (want.av - prev.av) * ka, ah: prev.ah + (want.ah - prev.ah) * ka, af: prev.af + (want.af - prev.af) * ka,
        fricHz: want.fricHz, fricBw: want.fricBw, b1: prev.b1 + (want.b1 - prev.b1) * ka,
      };
      stressBoost += ((seg.stressed ? 18 : 0) - stressBoost) * (1 - Math.exp(-FRAME_MS / 30));
      const progress = elapsed / Math.max(1, total);
      const remaining = toEndMs - f * FRAME_MS;
      let f0 = 128 - 22 * progress + stressBoost;
      if (remaining < 350) f0 += question ? (1 - remaining / 350) * 55 : -(1 - remaining / 350) * 18;
      frames.push({ ...cur, f0 });
      prev = cur;
      elapsed += FRAME_MS;
    }
  });
  return frames;
}

/** A two-pole resonator whose frequency and bandwidth may change every frame. */
class Resonator {
  private y1 = 0;
  private y2 = 0;
  private a = 0;
  private b = 0;
  private c = 0;
  set(freq: number, bw: number, rate: number): void {
    const f = Math.min(freq, rate * 0.45);
    this.c = -Math.exp((-2 * Math.PI * bw) / rate);
    this.b = 2 * Math.exp((-Math.PI * bw) / rate) * Math.cos((2 * Math.PI * f) / rate);
    this.a = 1 - this.b - this.c;
  }
  step(x: number): number {
    const y = this.a * x + this.b * this.y1 + this.c * this.y2;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

export function synthesize(text: string, options: { speed?: number; sampleRate?: number } = {}): SpeechAudio {
  const rate = options.sampleRate ?? FORMANT_SAMPLE_RATE;
  const frames = plan(textToTokens(text), Math.min(2, Math.max(0.5, options.speed ?? 1)));
  const perFrame = Math.round((rate * FRAME_MS) / 1000);
  const out = new Float32Array(frames.length * perFrame);
  const r1 = new Resonator();
  const r2 = new Resonator();
  const r3 = new Resonator();
  const r4 = new Resonator();
  const r5 = new Resonator();
  const rf = new Resonator();
  r4.set(3400, 250, rate);
  r5.set(4000, 300, rate);
  let phase = 0;
  let seed = 0x2545f491;
  const noise = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 0x80000000 - 1;
  };
  const OPEN = 0.6; // open quotient of the glottal cycle
  let prevFlow = 0;
  let prevFric = 0;
  let i = 0;
  for (const fr of frames) {
    r1.set(fr.f1, fr.b1, rate);
    r2.set(fr.f2, 90, rate);
    r3.set(fr.f3, 150, rate);
    rf.set(fr.fricHz, fr.fricBw, rate);
    for (let k = 0; k < perFrame; k++, i++) {
      phase += fr.f0 / rate;
      if (phase >= 1) phase -= 1;
      // Glottal flow: a smooth rise and faster fall during the open phase, closed after.
      const t = phase / OPEN;
      const flow = phase < OPEN ? (27 / 4) * t * t * (1 - t) : 0;
      const glottal = (flow - prevFlow) * 40; // the derivative: the lips radiate its change
      prevFlow = flow;
      const n = noise();
      const excitation = fr.av * glottal + fr.ah * n * 0.6 * (phase < OPEN ? 1 : 0.6);
      const voiced = r5.step(r4.step(r3.step(r2.step(r1.step(excitation)))));
      const fricRaw = rf.step(n);
      const fric = (fricRaw - prevFric) * 0.9; // tilt up: hiss lives high
      prevFric = fricRaw;
      out[i] = voiced + fr.af * fric;
    }
  }
  let peak = 0;
  for (const v of out) peak = Math.max(peak, Math.abs(v));
  const gain = peak > 0 ? 0.7 / peak : 0;
  const samples = new Int16Array(out.length);
  for (let j = 0; j < out.length; j++) samples[j] = Math.round(out[j]! * gain * 32767);
  return { sampleRate: rate, samples };
}

export class FormantTts implements TextToSpeech {
  readonly engine = 'formant' as const;

  async synthesize(text: string, options: SynthesizeOptions = {}): Promise<SpeechAudio> {
    if (options.signal?.aborted) throw new DOMException('cancelled', 'AbortError');
    return synthesize(text, options.speed ? { speed: options.speed } : {});
  }
}
