/**
 * Word-level differences between two versions of a block, as segments the history view paints:
 * kept text plain, removed struck through, added highlighted.
 */
import { diffWordsWithSpace } from 'diff';

export interface DiffSegment {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export function diffSegments(before: string, after: string): DiffSegment[] {
  return diffWordsWithSpace(before, after).map((change) => ({
    kind: change.added ? 'added' : change.removed ? 'removed' : 'same',
    text: change.value,
  }));
}

/** Characters added and removed, for the one-line summary beside each version. */
export function diffStats(segments: DiffSegment[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const s of segments) {
    if (s.kind === 'added') added += s.text.length;
    else if (s.kind === 'removed') removed += s.text.length;
  }
  return { added, removed };
}

/** One version of a block as the history view shows it; lists are oldest first. */
export interface HistoryEntry {
  value: string;
  at: string;
  stepId?: string;
  runId?: string;
  source?: 'loaded' | 'you' | 'agent' | 'elsewhere';
}
