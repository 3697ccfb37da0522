/**
 * The context window as parts of a whole: each section's tokens, its share of the model's
 * maximum, and where its bar segment starts. Pure, so the chart and the table agree and the
 * maths is tested without a DOM.
 */
import type { ContextWindowOverview } from '../../../src-shared/letta-types';

export type ContextPartKey = 'system' | 'core' | 'tools' | 'external' | 'messages' | 'summary';

export interface ContextPart {
  key: ContextPartKey;
  label: string;
  tokens: number;
  /** Share of the maximum, 0–100. */
  percent: number;
  /** Where the segment starts on a 0–100 scale of the maximum (for the stacked bar). */
  offset: number;
}

export interface ContextBreakdown {
  parts: ContextPart[];
  used: number;
  max: number;
  free: number;
  usedPercent: number;
  /** The parts add up to more than the maximum: the next turn will have to summarise. */
  overflow: boolean;
}

const PARTS: { key: ContextPartKey; label: string; pick: (o: ContextWindowOverview) => number }[] = [
  { key: 'system', label: 'System prompt', pick: (o) => o.num_tokens_system },
  { key: 'core', label: 'Core memory', pick: (o) => o.num_tokens_core_memory },
  { key: 'tools', label: 'Tool definitions', pick: (o) => o.num_tokens_functions_definitions },
  { key: 'external', label: 'External memory summary', pick: (o) => o.num_tokens_external_memory_summary },
  { key: 'summary', label: 'Conversation summary', pick: (o) => o.num_tokens_summary_memory },
  { key: 'messages', label: 'Messages', pick: (o) => o.num_tokens_messages },
];

function clean(n: number | null | undefined): number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0;
}

export function contextBreakdown(overview: ContextWindowOverview): ContextBreakdown {
  const max = clean(overview.context_window_size_max);
  const tokens = PARTS.map((p) => clean(p.pick(overview)));
  const used = tokens.reduce((a, b) => a + b, 0);
  // Scale against the larger of the maximum and what is used, so an overflowing window still
  // draws inside the bar (and says so) instead of running off its end.
  const scale = Math.max(max, used) || 1;
  let offset = 0;
  const parts = PARTS.map((p, i) => {
    const percent = (tokens[i]! / scale) * 100;
    const part = { key: p.key, label: p.label, tokens: tokens[i]!, percent, offset };
    offset += percent;
    return part;
  });
  return {
    parts,
    used,
    max,
    free: Math.max(0, max - used),
    usedPercent: max > 0 ? (used / max) * 100 : 0,
    overflow: used > max,
  };
}

/** "12.3%" with one decimal; tiny non-zero shares read "<0.1%" rather than a misleading 0. */
export function formatPercent(percent: number): string {
  if (percent > 0 && percent < 0.05) return '<0.1%';
  return `${percent.toFixed(1)}%`;
}
