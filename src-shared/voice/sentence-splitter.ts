/**
 * Cuts a streamed reply into sentences for text-to-speech, as early as it is safe to.
 *
 * Speech starts when the first sentence is complete, so every token of delay here is heard. But a
 * wrong cut is heard too ("Dr." spoken as a sentence of its own, "3." then "14"), so a boundary is
 * only declared once the text after it proves it:
 *
 * - `!` `?` (and runs like `?!`), then any closing quotes/brackets, then whitespace: a boundary.
 * - `.`: a boundary when followed by whitespace, unless the word before it is a known abbreviation
 *   ("Dr.", "e.g."), a single initial ("J."), a dotted acronym ("U.S."), or a list number at the
 *   start of a line ("1."). No whitespace after it ("3.14", "example.com/a.b") is never a boundary.
 * - An ellipsis (`...`, `…`) waits for the next word: a lower-case one continues the sentence.
 * - CJK full stops (`。！？`) need no whitespace; the character after any closers decides.
 * - A newline always ends what came before it (list items, headings, paragraphs).
 * - A run-on text longer than `maxChars` is cut at the last clause mark (`,` `;` `:` dash) or
 *   else the last space, so speech never waits for a sentence that does not end.
 *
 * Pure and synchronous: feed deltas with `push()`, call `flush()` when the reply is done.
 */

export interface SentenceSplitterOptions {
  /** A pending text longer than this is cut at a clause mark or a space (default 220). */
  maxChars?: number;
  /** A forced cut is never made before this many characters (default maxChars / 3). */
  minForcedChars?: number;
}

const TERMINAL = new Set(['.', '!', '?', '…']);
const CJK_TERMINAL = new Set(['。', '！', '？', '｡']);
const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', ']', '}', '」', '』', '）', '】', '〉', '》', '*', '_']);
const OPENERS = /^["'“‘«([{「『（【*_]+/;

/** Words that, followed by a period, do not end a sentence. Lower case, without the dot. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'sr', 'st', 'mt', 'rev', 'hon', 'capt', 'lt', 'sgt', 'gov', 'sen',
  'vs', 'cf', 'viz', 'approx', 'ca', 'al', 'incl', 'dept', 'univ', 'assn', 'bros', 'corp', 'esp',
]);

/** Words that are abbreviations only before a number ("No. 5", "Fig. 2", "Jan. 3"); elsewhere words. */
const BEFORE_NUMBER = new Set([
  'no', 'nos', 'fig', 'figs', 'vol', 'vols', 'p', 'pp', 'ch', 'sec', 'eq', 'art', 'ref', 'tel', 'ext', 'op',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const isLower = (c: string | undefined): boolean => c !== undefined && /\p{Ll}/u.test(c);

/** What the scan concluded at one terminal mark. */
type Verdict = { kind: 'boundary'; end: number; next: number } | { kind: 'continue'; from: number } | { kind: 'wait' };

export class SentenceSplitter {
  private pending = '';
  private readonly maxChars: number;
  private readonly minForced: number;

  constructor(options: SentenceSplitterOptions = {}) {
    this.maxChars = Math.max(20, options.maxChars ?? 220);
    this.minForced = Math.min(this.maxChars - 1, Math.max(1, options.minForcedChars ?? Math.floor(this.maxChars / 3)));
  }

  /** Text received but not yet returned as a sentence. */
  get buffered(): string {
    return this.pending;
  }

  /** Adds a delta; returns the sentences it completed (often none), in order. */
  push(delta: string): string[] {
    if (!delta) return [];
    this.pending += delta.replace(/\r\n?/g, '\n');
    return this.drain(false);
  }

  /** The reply ended: whatever is left is the last sentence(s). */
  flush(): string[] {
    const out = this.drain(true);
    const rest = this.pending.trim();
    this.pending = '';
    if (rest) out.push(...this.cutLong(rest));
    return out;
  }

  /** Forgets everything buffered (the user barged in). */
  reset(): void {
    this.pending = '';
  }

  private drain(final: boolean): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < this.pending.length) {
      const c = this.pending[i]!;
      let verdict: Verdict | undefined;
      if (c === '\n') verdict = { kind: 'boundary', end: i, next: i + 1 };
      else if (CJK_TERMINAL.has(c)) verdict = this.afterCjk(i, final);
      else if (TERMINAL.has(c)) verdict = this.afterTerminal(i, final);
      if (!verdict) {
        i++;
        continue;
      }
      if (verdict.kind === 'wait') break;
      if (verdict.kind === 'continue') {
        i = verdict.from;
        continue;
      }
      const sentence = this.pending.slice(0, verdict.end).trim();
      this.pending = this.pending.slice(verdict.next);
      i = 0;
      if (sentence) out.push(...this.cutLong(sentence));
    }
    // No boundary yet, but too long to keep waiting: cut a clause off the front.
    while (this.pending.trim().length > this.maxChars) {
      const text = this.pending.replace(/^\s+/, '');
      const cut = this.forcedCut(text);
      out.push(text.slice(0, cut).trim());
      this.pending = text.slice(cut);
    }
    return out;
  }

  private afterCjk(i: number, final: boolean): Verdict {
    let j = i + 1;
    while (j < this.pending.length && (CLOSERS.has(this.pending[j]!) || CJK_TERMINAL.has(this.pending[j]!))) j++;
    if (j >= this.pending.length && !final) return { kind: 'wait' };
    return { kind: 'boundary', end: j, next: j };
  }

  private afterTerminal(i: number, final: boolean): Verdict {
    const text = this.pending;
    let j = i;
    let strong = false; // `!` or `?` in the run
    let dots = 0;
    while (j < text.length && TERMINAL.has(text[j]!)) {
      if (text[j] === '!' || text[j] === '?') strong = true;
      if (text[j] === '.') dots++;
      if (text[j] === '…') dots += 3;
      j++;
    }
    while (j < text.length && CLOSERS.has(text[j]!)) j++;
    if (j >= text.length) return final ? { kind: 'boundary', end: j, next: j } : { kind: 'wait' };
    if (!isSpace(text[j])) return { kind: 'continue', from: j }; // 3.14, example.com, e.g.x
    let k = j;
    while (k < text.length && isSpace(text[k])) k++;
    if (strong) return { kind: 'boundary', end: j, next: k };

    const ellipsis = dots >= 2;
    if (!ellipsis) {
      const abbreviation = this.abbreviationBefore(i);
      if (abbreviation === 'always') return { kind: 'continue', from: k };
      if (abbreviation === 'before-number') {
        if (k >= text.length && !final) return { kind: 'wait' };
        if (/\d/.test(text[k] ?? '')) return { kind: 'continue', from: k };
      }
    }
    if (k >= text.length) {
      // An ellipsis is decided by the next word; a plain period already is one.
      if (ellipsis && !final) return { kind: 'wait' };
      return { kind: 'boundary', end: j, next: k };
    }
    if (text[k] === '\n') return { kind: 'boundary', end: j, next: k };
    if (isLower(text[k])) return { kind: 'continue', from: k };
    return { kind: 'boundary', end: j, next: k };
  }

  /** Whether the word that ends at the period at `dot` keeps the sentence going. */
  private abbreviationBefore(dot: number): 'always' | 'before-number' | 'no' {
    const text = this.pending;
    let start = dot;
    while (start > 0 && !isSpace(text[start - 1])) start--;
    const word = text.slice(start, dot).replace(OPENERS, '');
    if (!word) return 'no';
    const lower = word.toLowerCase();
    if (ABBREVIATIONS.has(lower)) return 'always';
    if (BEFORE_NUMBER.has(lower)) return 'before-number';
    if (/^\p{Lu}$/u.test(word)) return 'always'; // an initial: "J. Smith"
    if (/^(\p{L}\.)+\p{L}$/u.test(word)) return 'always'; // dotted: "e.g", "U.S", "a.m"
    // A list number at the start of the text or of a line: "1. First".
    if (/^\d{1,3}$/.test(word) && text.slice(0, start).trim() === '') return 'always';
    return 'no';
  }

  /** A long sentence that did end: still cut so no single piece exceeds maxChars. */
  private cutLong(sentence: string): string[] {
    const out: string[] = [];
    let rest = sentence;
    while (rest.length > this.maxChars) {
      const cut = this.forcedCut(rest);
      out.push(rest.slice(0, cut).trim());
      rest = rest.slice(cut).replace(/^\s+/, '');
    }
    if (rest) out.push(rest);
    return out;
  }

  /** Where to cut a text longer than maxChars: after a clause mark, else at a space, else hard. */
  private forcedCut(text: string): number {
    const window = text.slice(0, this.maxChars + 1);
    let best = -1;
    const clause = /[,;:](?=\s)|\s[–—-](?=\s)/g;
    for (let m = clause.exec(window); m; m = clause.exec(window)) {
      const end = m.index + m[0].length;
      if (end >= this.minForced && end <= this.maxChars) best = end;
    }
    if (best > 0) return best;
    for (let i = Math.min(this.maxChars, window.length - 1); i >= this.minForced; i--) {
      if (isSpace(window[i])) return i;
    }
    // No space at all (a URL, CJK without stops): a hard cut, never inside a surrogate pair.
    let cut = this.maxChars;
    const code = text.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    return cut;
  }
}

/** Convenience for whole texts: every sentence of `text`, as the streaming splitter would cut it. */
export function splitSentences(text: string, options?: SentenceSplitterOptions): string[] {
  const s = new SentenceSplitter(options);
  return [...s.push(text), ...s.flush()];
}
