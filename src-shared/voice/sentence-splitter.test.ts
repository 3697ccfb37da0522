import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SentenceSplitter, splitSentences } from './sentence-splitter.js';

/** Feeds `parts` one by one and records after which part each sentence came out. */
function feed(parts: string[], options?: ConstructorParameters<typeof SentenceSplitter>[0]) {
  const s = new SentenceSplitter(options);
  const timeline: Array<{ after: number; sentence: string }> = [];
  parts.forEach((p, i) => s.push(p).forEach((sentence) => timeline.push({ after: i, sentence })));
  s.flush().forEach((sentence) => timeline.push({ after: parts.length, sentence }));
  return timeline;
}

describe('SentenceSplitter: where sentences end', () => {
  it.each([
    ['Hello there. How are you? I am fine!', ['Hello there.', 'How are you?', 'I am fine!']],
    ['Wait?! Really?', ['Wait?!', 'Really?']],
    ['Dr. Smith met Mrs. Jones at St. Paul’s.', ['Dr. Smith met Mrs. Jones at St. Paul’s.']],
    ['Use a fruit, e.g. an apple. Or i.e. a pear.', ['Use a fruit, e.g. an apple.', 'Or i.e. a pear.']],
    ['Pi is 3.14 and e is 2.718. Both are irrational.', ['Pi is 3.14 and e is 2.718.', 'Both are irrational.']],
    ['It costs $4.50. Cheap.', ['It costs $4.50.', 'Cheap.']],
    ['Well... maybe later. Or... Now!', ['Well... maybe later.', 'Or...', 'Now!']],
    ['I think… not. Fine…', ['I think… not.', 'Fine…']],
    ['See https://example.com/a.b?c=1. It explains.', ['See https://example.com/a.b?c=1.', 'It explains.']],
    ['Visit example.org. Then call.', ['Visit example.org.', 'Then call.']],
    ['He said "stop." Then he left.', ['He said "stop."', 'Then he left.']],
    ['(This is an aside.) Back to it.', ['(This is an aside.)', 'Back to it.']],
    ['She asked, “Why?” Nobody knew.', ['She asked, “Why?”', 'Nobody knew.']],
    ['J. R. R. Tolkien wrote it. The end.', ['J. R. R. Tolkien wrote it.', 'The end.']],
    ['The U.S. Army came. They left.', ['The U.S. Army came.', 'They left.']],
    ['Meet at 9 a.m. tomorrow. Bring tea.', ['Meet at 9 a.m. tomorrow.', 'Bring tea.']],
    ['See Fig. 3 and No. 5 for details. Good.', ['See Fig. 3 and No. 5 for details.', 'Good.']],
    ['I said no. Then I left.', ['I said no.', 'Then I left.']],
    ['It was in 2023. Then 2024 came.', ['It was in 2023.', 'Then 2024 came.']],
    ['Shopping list:\n1. Apples\n2. Pears\n- milk\n* bread', ['Shopping list:', '1. Apples', '2. Pears', '- milk', '* bread']],
    ['1. First do this. 2. Then that.', ['1. First do this.', '2. Then that.']],
    ['Title\n\nParagraph one. Paragraph two.', ['Title', 'Paragraph one.', 'Paragraph two.']],
    ['Windows\r\nline endings.', ['Windows', 'line endings.']],
    ['你好。我是助手！今天怎么样？', ['你好。', '我是助手！', '今天怎么样？']],
    ['「はい。」と言った。次へ。', ['「はい。」', 'と言った。', '次へ。']],
    ['This is **bold.** Next one.', ['This is **bold.**', 'Next one.']],
    ['No trailing punctuation', ['No trailing punctuation']],
    ['   ', []],
    ['', []],
  ])('%j', (text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});

describe('SentenceSplitter: as early as safe', () => {
  it('returns a sentence as soon as the space after it arrives, not at the next sentence', () => {
    const t = feed(['Hello', ' there', '.', ' How', ' are', ' you', '?', ' Fine']);
    expect(t).toEqual([
      { after: 3, sentence: 'Hello there.' }, // "." then " How": the space decides
      { after: 7, sentence: 'How are you?' },
      { after: 8, sentence: 'Fine' },
    ]);
  });

  it('a question or exclamation ends at the whitespace, without waiting for the next word', () => {
    const s = new SentenceSplitter();
    expect(s.push('Really? ')).toEqual(['Really?']);
    expect(s.push('Yes! ')).toEqual(['Yes!']);
    expect(s.push('Ok. ')).toEqual(['Ok.']);
  });

  it('waits on a period at the end of a delta (it may be 3.14 or example.com)', () => {
    const s = new SentenceSplitter();
    expect(s.push('Pi is 3.')).toEqual([]);
    expect(s.push('14 exactly.')).toEqual([]);
    expect(s.push(' Next')).toEqual(['Pi is 3.14 exactly.']);
  });

  it('an ellipsis waits for the next word, which decides', () => {
    const s = new SentenceSplitter();
    expect(s.push('Well... ')).toEqual([]);
    expect(s.push('maybe. ')).toEqual(['Well... maybe.']);
    expect(s.push('Hmm… ')).toEqual([]);
    expect(s.push('Yes')).toEqual(['Hmm…']);
  });

  it('"No." waits for the next character: a number keeps it going', () => {
    const s = new SentenceSplitter();
    expect(s.push('It is No. ')).toEqual([]);
    expect(s.push('5. ')).toEqual(['It is No. 5.']);
    expect(s.push('I said no. ')).toEqual([]);
    expect(s.push('Then')).toEqual(['I said no.']);
  });

  it('a closing quote after the period is part of the sentence, even across deltas', () => {
    const s = new SentenceSplitter();
    expect(s.push('He said "stop.')).toEqual([]);
    expect(s.push('"')).toEqual([]);
    expect(s.push(' And')).toEqual(['He said "stop."']);
  });

  it('CJK stops need no space; a closer after them is waited for', () => {
    const s = new SentenceSplitter();
    expect(s.push('你好。')).toEqual([]);
    expect(s.push('我')).toEqual(['你好。']);
  });

  it('a newline ends a list item at once', () => {
    const s = new SentenceSplitter();
    expect(s.push('- eggs\n- ham')).toEqual(['- eggs']);
    expect(s.flush()).toEqual(['- ham']);
  });
});

describe('SentenceSplitter: run-on text', () => {
  it('cuts a long sentence at the last comma before the limit, before it ends', () => {
    const s = new SentenceSplitter({ maxChars: 60 });
    const clause = 'this goes on and on without stopping, ';
    const out = s.push(clause + clause + 'and on');
    expect(out).toEqual(['this goes on and on without stopping,']);
    expect(s.buffered.trim().startsWith('this goes on')).toBe(true);
  });

  it('falls back to the last space, and to a hard cut only for text without spaces', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    for (const piece of splitSentences(words, { maxChars: 50 })) {
      expect(piece.length).toBeLessThanOrEqual(50);
      expect(piece).not.toMatch(/^\s|\s$/);
      expect(piece).toMatch(/^word\d+( word\d+)*$/); // never cuts inside a word
    }
    const url = 'https://example.com/' + 'x'.repeat(120);
    const parts = splitSentences(url, { maxChars: 50 });
    expect(parts.join('')).toBe(url);
    expect(parts.every((p) => p.length <= 50)).toBe(true);
  });

  it('prefers clause marks and dashes, not a cut in the first third', () => {
    const text = 'Short, then a much longer clause that keeps going — and here is the rest of it all the way';
    const [first] = splitSentences(text, { maxChars: 60 });
    expect(first).toBe('Short, then a much longer clause that keeps going —');
  });

  it('never splits a surrogate pair in a hard cut', () => {
    const text = '😀'.repeat(40);
    const parts = splitSentences(text, { maxChars: 21 });
    expect(parts.join('')).toBe(text);
    for (const p of parts) expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });
});

describe('SentenceSplitter: streaming is the same as whole', () => {
  const corpus = [
    'Dr. Who arrived at 3.30 p.m. sharp. "Hello!" he said. Then... nothing happened.',
    'Lists:\n1. One thing.\n2. Another, e.g. this one. Done?! Yes.',
    '今日は。元気？ Fine, thanks. Visit https://a.b/c.d. Bye…',
    'A very long clause, with commas, and more commas, and still more text that does not stop anywhere soon at all, really',
  ];

  it('any chunking of the same text yields the same sentences', () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 60 }), (text, sizes) => {
        const parts: string[] = [];
        let at = 0;
        for (let i = 0; at < text.length; i++) {
          const n = sizes[i % sizes.length]!;
          parts.push(text.slice(at, at + n));
          at += n;
        }
        const streamed = feed(parts, { maxChars: 80 }).map((t) => t.sentence);
        expect(streamed).toEqual(splitSentences(text, { maxChars: 80 }));
      }),
      { numRuns: 300 },
    );
  });

  it('loses no non-space character and never emits an empty sentence', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', ' ', '.', '!', '?', '\n', '3', '"', '…', '。', ',', 'é') , maxLength: 300 }), (text) => {
        const out = splitSentences(text, { maxChars: 40 });
        expect(out.every((s) => s.trim().length > 0 && s === s.trim())).toBe(true);
        expect(out.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
        expect(out.every((s) => s.length <= 40)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('reset() drops what was buffered', () => {
    const s = new SentenceSplitter();
    s.push('Half a sent');
    s.reset();
    expect(s.flush()).toEqual([]);
  });
});
