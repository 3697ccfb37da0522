import { describe, expect, it } from 'vitest';
import type { ContextWindowOverview } from '../../../src-shared/letta-types';
import { contextBreakdown, formatPercent } from './context-chart';

function overview(patch: Partial<ContextWindowOverview>): ContextWindowOverview {
  return {
    context_window_size_max: 10_000,
    context_window_size_current: 0,
    num_messages: 0,
    num_archival_memory: 0,
    num_recall_memory: 0,
    num_tokens_external_memory_summary: 100,
    external_memory_summary: '',
    num_tokens_system: 1000,
    system_prompt: '',
    num_tokens_core_memory: 500,
    core_memory: '',
    num_tokens_summary_memory: 0,
    num_tokens_functions_definitions: 2000,
    functions_definitions: null,
    num_tokens_messages: 1400,
    messages: [],
    ...patch,
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

describe('contextBreakdown', () => {
  it('gives each part its share of the maximum, stacked end to end, and the free rest', () => {
    const b = contextBreakdown(overview({}));
    expect(b.used).toBe(5000);
    expect(b.free).toBe(5000);
    expect(b.usedPercent).toBe(50);
    expect(b.overflow).toBe(false);
    expect(b.parts.map((p) => [p.key, p.tokens, round(p.percent), round(p.offset)])).toEqual([
      ['system', 1000, 10, 0],
      ['core', 500, 5, 10],
      ['tools', 2000, 20, 15],
      ['external', 100, 1, 35],
      ['summary', 0, 0, 36],
      ['messages', 1400, 14, 36],
    ]);
  });

  it('keeps an overflowing window inside the bar and says it overflows', () => {
    const b = contextBreakdown(overview({ context_window_size_max: 4000 }));
    expect(b.overflow).toBe(true);
    expect(b.free).toBe(0);
    expect(b.usedPercent).toBe(125);
    const last = b.parts.at(-1)!;
    expect(last.offset + last.percent).toBeCloseTo(100);
  });

  it('treats a missing maximum and bad counts as zero instead of NaN', () => {
    const b = contextBreakdown(overview({ context_window_size_max: 0, num_tokens_system: Number.NaN, num_tokens_messages: -3 }));
    expect(b.max).toBe(0);
    expect(b.usedPercent).toBe(0);
    expect(b.parts.every((p) => Number.isFinite(p.percent) && Number.isFinite(p.offset))).toBe(true);
  });

  it('formats percentages with one decimal and shows tiny shares as <0.1%', () => {
    expect(formatPercent(12.345)).toBe('12.3%');
    expect(formatPercent(0.01)).toBe('<0.1%');
    expect(formatPercent(0)).toBe('0.0%');
  });
});
