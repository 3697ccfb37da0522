import { describe, expect, it } from 'vitest';
import { EnergyVad, type VadEvent } from '../../../src-renderer/features/voice/audio/energy-vad.js';

/** Frames of 20 ms, each described only by its level (the VAD never looks at the samples). */
function run(vad: EnergyVad, levels: Array<[dbfs: number, ms: number]>) {
  const events: Array<VadEvent & { atMs: number }> = [];
  let t = 0;
  let n = 0;
  for (const [dbfs, ms] of levels) {
    for (let i = 0; i < ms / 20; i++, t += 20) {
      const frame = new Int16Array(320).fill(n++ % 32_000);
      const e = vad.push(frame, dbfs);
      if (e.type !== 'none') events.push({ ...e, atMs: t + 20 });
    }
  }
  return events;
}

describe('EnergyVad', () => {
  it('starts after 60 ms above floor+12 dB, ends after 700 ms of quiet, keeps pre-roll and 200 ms of tail', () => {
    const vad = new EnergyVad();
    const events = run(vad, [[-60, 1000], [-25, 1500], [-60, 1000]]); // the first 300 ms calibrate
    expect(events.map((e) => [e.type, e.atMs])).toEqual([
      ['speech-start', 1060],
      ['speech-end', 2500 + 700],
    ]);
    const end = events[1] as Extract<VadEvent, { type: 'speech-end' }>;
    expect(end.reason).toBe('silence');
    expect(end.speechMs).toBe(1500);
    // 240 ms pre-roll + the 60 ms that started it + 1440 ms of speech + 200 ms tail.
    expect(end.pcm.length / 16).toBe(240 + 1500 + 200);
  });

  it('adapts to a noisy room: the same voice over -35 dBFS noise needs to be 12 dB above it', () => {
    const vad = new EnergyVad();
    expect(run(vad, [[-35, 3000]])).toEqual([]);
    expect(vad.noiseFloorDbfs).toBeGreaterThan(-40);
    expect(run(vad, [[-30, 500]])).toEqual([]); // only 5 dB above the noise
    const speech = run(vad, [[-20, 600], [-35, 1000]]);
    expect(speech.map((e) => e.type)).toEqual(['speech-start', 'speech-end']);
  });

  it('never calls speech below the absolute minimum, however quiet the room', () => {
    const vad = new EnergyVad({ initialFloorDbfs: -90 });
    expect(run(vad, [[-90, 1000], [-55, 1000]])).toEqual([]);
  });

  it('short blips are misfires; pauses shorter than the hangover stay inside one utterance', () => {
    const vad = new EnergyVad();
    expect(run(vad, [[-60, 500], [-20, 100], [-60, 1000]]).map((e) => e.type)).toEqual(['speech-start', 'misfire']);
    const events = run(vad, [[-20, 600], [-60, 500], [-20, 600], [-60, 800]]);
    expect(events.map((e) => e.type)).toEqual(['speech-start', 'speech-end']);
    expect((events[1] as Extract<VadEvent, { type: 'speech-end' }>).speechMs).toBe(1700);
  });

  it('a debounce: one loud frame alone does not start speech', () => {
    const vad = new EnergyVad();
    expect(run(vad, [[-60, 500], [-20, 20], [-60, 200], [-20, 40], [-60, 200]])).toEqual([]);
  });

  it('cuts an utterance that goes on past the maximum', () => {
    const vad = new EnergyVad({ maxUtteranceMs: 2000 });
    const events = run(vad, [[-60, 300], [-20, 3000]]);
    expect(events.map((e) => e.type)).toEqual(['speech-start', 'speech-end', 'speech-start']);
    expect((events[1] as Extract<VadEvent, { type: 'speech-end' }>).reason).toBe('max-length');
  });
});

describe('EnergyVad calibration', () => {
  it('measures the room for its first 300 ms and calls nothing there, even if it is loud', () => {
    const vad = new EnergyVad();
    expect(run(vad, [[-30, 300]])).toEqual([]);
    expect(vad.noiseFloorDbfs).toBeCloseTo(-30);
  });
});
