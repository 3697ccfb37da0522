/**
 * English text → phonemes for the offline formant voice: numbers and symbols spelled out, a
 * small dictionary of the most frequent irregular words, then ordered spelling rules (longest
 * match first, "magic e", soft c/g, silent final e, y as a vowel). Written from general phonics
 * rules, not derived from any pronouncing dictionary; it gets common conversational English
 * mostly right and unusual words, names and other languages often wrong.
 */

/** ARPAbet-like symbols. Vowels may carry stress as a `1` suffix. */
export type Phoneme =
  | 'IY' | 'IH' | 'EH' | 'AE' | 'AH' | 'AA' | 'AO' | 'UH' | 'UW' | 'ER' | 'AX'
  | 'EY' | 'AY' | 'OW' | 'AW' | 'OY'
  | 'P' | 'B' | 'T' | 'D' | 'K' | 'G' | 'CH' | 'JH'
  | 'F' | 'V' | 'TH' | 'DH' | 'S' | 'Z' | 'SH' | 'ZH' | 'HH'
  | 'M' | 'N' | 'NG' | 'L' | 'R' | 'W' | 'Y';

export const VOWELS: ReadonlySet<Phoneme> = new Set(['IY', 'IH', 'EH', 'AE', 'AH', 'AA', 'AO', 'UH', 'UW', 'ER', 'AX', 'EY', 'AY', 'OW', 'AW', 'OY']);

/** One unit of the utterance: a word's phonemes (first full vowel stressed), or a pause. */
export type Token = { kind: 'word'; phonemes: Phoneme[]; stressAt: number } | { kind: 'pause'; ms: number; question?: boolean };

const p = (s: string) => s.split(' ') as Phoneme[];

/** Frequent words the spelling rules get wrong. */
const WORDS: Record<string, Phoneme[]> = {
  a: p('AX'), the: p('DH AX'), to: p('T UW'), of: p('AH V'), and: p('AE N D'), i: p('AY'), you: p('Y UW'), your: p('Y AO R'),
  is: p('IH Z'), was: p('W AA Z'), are: p('AA R'), were: p('W ER'), be: p('B IY'), been: p('B IH N'), he: p('HH IY'), she: p('SH IY'),
  we: p('W IY'), me: p('M IY'), my: p('M AY'), by: p('B AY'), they: p('DH EY'), them: p('DH EH M'), their: p('DH EH R'), there: p('DH EH R'),
  where: p('W EH R'), here: p('HH IY R'), this: p('DH IH S'), that: p('DH AE T'), these: p('DH IY Z'), those: p('DH OW Z'), then: p('DH EH N'),
  than: p('DH AE N'), what: p('W AH T'), who: p('HH UW'), whom: p('HH UW M'), why: p('W AY'), how: p('HH AW'), one: p('W AH N'),
  two: p('T UW'), do: p('D UW'), does: p('D AH Z'), done: p('D AH N'), have: p('HH AE V'), has: p('HH AE Z'), said: p('S EH D'),
  says: p('S EH Z'), would: p('W UH D'), could: p('K UH D'), should: p('SH UH D'), some: p('S AH M'), come: p('K AH M'),
  from: p('F R AH M'), for: p('F AO R'), or: p('AO R'), not: p('N AA T'), no: p('N OW'), yes: p('Y EH S'), it: p('IH T'), its: p('IH T S'),
  in: p('IH N'), on: p('AA N'), at: p('AE T'), as: p('AE Z'), with: p('W IH DH'), can: p('K AE N'), will: p('W IH L'), all: p('AO L'),
  any: p('EH N IY'), many: p('M EH N IY'), again: p('AX G EH N'), about: p('AX B AW T'), because: p('B IH K AH Z'), know: p('N OW'),
  hello: p('HH AX L OW'), hi: p('HH AY'), okay: p('OW K EY'), ok: p('OW K EY'), "there's": p('DH EH R Z'), "it's": p('IH T S'),
  "don't": p('D OW N T'), "i'm": p('AY M'), "you're": p('Y UH R'), "can't": p('K AE N T'), world: p('W ER L D'), weather: p('W EH DH ER'),
  water: p('W AO T ER'), people: p('P IY P AX L'), eye: p('AY'), great: p('G R EY T'), give: p('G IH V'), live: p('L IH V'),
  love: p('L AH V'), move: p('M UW V'), other: p('AH DH ER'), mother: p('M AH DH ER'), father: p('F AA DH ER'),
  today: p('T AX D EY'), tomorrow: p('T AX M AA R OW'), agent: p('EY JH AX N T'), letta: p('L EH T AX'), voice: p('V OY S'),
};

/** Spelling rules, tried longest first at each position. `^` = word start, `$` = word end. */
const RULES: Array<[string, Phoneme[]]> = [
  ['tion', p('SH AX N')], ['sion', p('ZH AX N')], ['ture', p('CH ER')], ['ough', p('AO')], ['augh', p('AO')], ['eigh', p('EY')],
  ['igh', p('AY')], ['tch', p('CH')], ['dge', p('JH')], ['ous$', p('AX S')], ['ing$', p('IH NG')], ['ed$', p('D')],
  ['ch', p('CH')], ['sh', p('SH')], ['th', p('TH')], ['ph', p('F')], ['wh', p('W')], ['ck', p('K')], ['ng', p('NG')], ['qu', p('K W')],
  ['kn', p('N')], ['wr', p('R')], ['gh', []],
  ['ee', p('IY')], ['ea', p('IY')], ['oo', p('UW')], ['ai', p('EY')], ['ay', p('EY')], ['ey$', p('IY')], ['ei', p('EY')], ['oa', p('OW')],
  ['ow$', p('OW')], ['ow', p('AW')], ['ou', p('AW')], ['oi', p('OY')], ['oy', p('OY')], ['au', p('AO')], ['aw', p('AO')], ['ew', p('Y UW')],
  ['ue$', p('UW')], ['ie$', p('IY')], ['ar', p('AA R')], ['er', p('ER')], ['ir', p('ER')], ['ur', p('ER')], ['or', p('AO R')],
  ['les$', p('AX L Z')], ['le$', p('AX L')], ['y$', p('IY')], ['a$', p('AX')],
];

const LETTERS: Record<string, Phoneme[]> = {
  a: p('AE'), b: p('B'), c: p('K'), d: p('D'), e: p('EH'), f: p('F'), g: p('G'), h: p('HH'), i: p('IH'), j: p('JH'), k: p('K'),
  l: p('L'), m: p('M'), n: p('N'), o: p('AA'), p: p('P'), q: p('K'), r: p('R'), s: p('S'), t: p('T'), u: p('AH'), v: p('V'),
  w: p('W'), x: p('K S'), y: p('Y'), z: p('Z'),
};

const LONG: Record<string, Phoneme[]> = { a: p('EY'), e: p('IY'), i: p('AY'), o: p('OW'), u: p('UW') };
/** How a letter is said when spelled out ("USA", "a b c"). */
const LETTER_NAMES: Record<string, string> = {
  a: 'ay', b: 'bee', c: 'see', d: 'dee', e: 'ee', f: 'eff', g: 'jee', h: 'aych', i: 'eye', j: 'jay', k: 'kay', l: 'ell', m: 'em',
  n: 'en', o: 'oh', p: 'pee', q: 'cue', r: 'ar', s: 'ess', t: 'tee', u: 'you', v: 'vee', w: 'double you', x: 'ex', y: 'why', z: 'zee',
};

/** After these a final "s" is voiced. */
const VOICED_END: ReadonlySet<Phoneme> = new Set(['B', 'D', 'G', 'V', 'DH', 'M', 'N', 'NG', 'L', 'R', 'IY', 'EY', 'AY', 'OW', 'UW', 'ER', 'AW', 'OY']);

const isVowelLetter = (c: string | undefined) => c !== undefined && 'aeiou'.includes(c);

export function wordToPhonemes(word: string): Phoneme[] {
  const w = word.toLowerCase();
  const known = WORDS[w];
  if (known) return [...known];
  const out: Phoneme[] = [];
  let i = 0;
  const vowelsIn = (s: string) => [...s].filter((c) => isVowelLetter(c) || c === 'y').length;
  while (i < w.length) {
    const c = w[i]!;
    const rest = w.slice(i);
    // Silent final e after a consonant, when the word has another vowel ("make", not "be").
    if (c === 'e' && i === w.length - 1 && i >= 2 && !isVowelLetter(w[i - 1]) && vowelsIn(w.slice(0, i)) > 0) break;
    // Magic e: vowel, one consonant, final e → the long vowel ("make", "time", "home").
    if (isVowelLetter(c) && i === w.length - 3 && !isVowelLetter(w[i + 1]) && w[i + 1] !== 'r' && w[i + 2] === 'e') {
      out.push(...LONG[c]!);
      i++;
      continue;
    }
    let matched = false;
    for (const [pattern, phonemes] of RULES) {
      const atEnd = pattern.endsWith('$');
      const letters = atEnd ? pattern.slice(0, -1) : pattern;
      if (!rest.startsWith(letters)) continue;
      if (atEnd && i + letters.length !== w.length) continue;
      // "y" alone at the end of a one-syllable word is "eye" ("my", "fly", "why").
      if (letters === 'y' && vowelsIn(w) === 1) out.push('AY');
      else out.push(...phonemes);
      i += letters.length;
      matched = true;
      break;
    }
    if (matched) continue;
    const next = w[i + 1];
    if (c === next && !isVowelLetter(c)) {
      i++; // double consonant: said once
      continue;
    }
    if ((c === 'c' || c === 'g') && (next === 'e' || next === 'i' || next === 'y')) out.push(c === 'c' ? 'S' : 'JH');
    else if (c === 's' && i > 0 && isVowelLetter(w[i - 1]) && isVowelLetter(next)) out.push('Z');
    else if (c === 's' && i === w.length - 1 && i > 1 && VOICED_END.has(out.at(-1) ?? 'S')) out.push('Z'); // "dogs", "trees"
    else if (c === 'y' && i > 0) out.push('IH');
    else if (LETTERS[c]) out.push(...LETTERS[c]!);
    i++;
  }
  return out;
}

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

export function numberToWords(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (n < 0) return `minus ${numberToWords(-n)}`;
  if (n < 20) return ONES[n]!;
  if (n < 100) return TENS[Math.floor(n / 10)]! + (n % 10 ? ` ${ONES[n % 10]}` : '');
  if (n < 1000) return `${ONES[Math.floor(n / 100)]} hundred${n % 100 ? ` ${numberToWords(n % 100)}` : ''}`;
  for (const [size, name] of [[1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']] as const) {
    if (n >= size) return `${numberToWords(Math.floor(n / size))} ${name}${n % size ? ` ${numberToWords(n % size)}` : ''}`;
  }
  return String(n);
}

/** Spells out what a voice cannot read literally: numbers, symbols, acronyms, markdown. */
export function normalizeText(text: string): string {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/https?:\/\/\S+/g, ' link ')
    .replace(/[*_`#>|~]/g, ' ')
    .replace(/(\d+)%/g, '$1 percent')
    .replace(/\$(\d+(?:\.\d+)?)/g, '$1 dollars')
    .replace(/&/g, ' and ')
    .replace(/\+/g, ' plus ')
    .replace(/=/g, ' equals ')
    .replace(/@/g, ' at ')
    .replace(/(\d+)\.(\d+)/g, (_, a: string, b: string) => `${a} point ${[...b].join(' ')}`)
    .replace(/\d{1,12}/g, (d) => ` ${numberToWords(Number(d))} `)
    .replace(/\b([A-Z]{2,5})\b/g, (acr: string) => (/[AEIOU]/.test(acr) && acr.length > 3 ? acr : [...acr.toLowerCase()].map((l) => LETTER_NAMES[l]).join(' ')));
}

/** The whole utterance as words and pauses (commas short, sentence ends long, questions marked). */
export function textToTokens(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /([A-Za-z]+(?:'[A-Za-z]+)?)|([,;:—–]+)|([.!?…]+)/g;
  const normalized = normalizeText(text);
  for (let m = re.exec(normalized); m; m = re.exec(normalized)) {
    if (m[1]) {
      const phonemes = wordToPhonemes(m[1]);
      if (phonemes.length === 0) continue;
      const stressAt = Math.max(0, phonemes.findIndex((ph) => VOWELS.has(ph) && ph !== 'AX'));
      tokens.push({ kind: 'word', phonemes, stressAt });
    } else if (m[2]) {
      tokens.push({ kind: 'pause', ms: 180 });
    } else if (m[3]) {
      tokens.push({ kind: 'pause', ms: 380, ...(m[3].includes('?') ? { question: true } : {}) });
    }
  }
  return tokens;
}
