import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BODY_CAP, hashId, parseServerDate, rowBody, toMessageRows } from './message-row.js';

describe('parseServerDate', () => {
  it('reads the shapes the server writes, naive ones as UTC', () => {
    expect(parseServerDate('2025-05-01T12:00:00')).toBe(Date.UTC(2025, 4, 1, 12));
    expect(parseServerDate('2025-05-01T12:00:00.123456')).toBe(Date.UTC(2025, 4, 1, 12, 0, 0, 123));
    expect(parseServerDate('2025-05-01T12:00:00.123456+00:00')).toBe(Date.UTC(2025, 4, 1, 12, 0, 0, 123));
    expect(parseServerDate('2025-05-01T12:00:00Z')).toBe(Date.UTC(2025, 4, 1, 12));
    expect(parseServerDate('2025-05-01T14:30:00+02:30')).toBe(Date.UTC(2025, 4, 1, 12));
    expect(parseServerDate('2025-05-01 12:00:00.5')).toBe(Date.UTC(2025, 4, 1, 12, 0, 0, 500));
    expect(parseServerDate('2025-05-01')).toBe(Date.UTC(2025, 4, 1));
  });

  it('returns null for what is not a date', () => {
    for (const v of [undefined, null, 42, '', 'yesterday', '2025-13-01T00:00:00', '2025-05-01T12:00:00+', {}]) {
      expect(parseServerDate(v)).toBeNull();
    }
  });

  it('agrees with Date.parse on every ISO instant', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1971-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString();
        expect(parseServerDate(iso)).toBe(d.getTime());
        expect(parseServerDate(iso.replace('Z', ''))).toBe(d.getTime());
        expect(parseServerDate(iso.replace('Z', '999+00:00'))).toBe(d.getTime());
      }),
    );
  });
});

describe('toMessageRows', () => {
  const base = { date: '2025-01-01T00:00:00', name: null, otid: null, sender_id: null, step_id: 'step-1' };

  it('indexes the readable text of every message type', () => {
    const { rows } = toMessageRows(
      [
        { ...base, id: 'm1', message_type: 'user_message', content: 'plain text' },
        { ...base, id: 'm2', message_type: 'assistant_message', content: [{ type: 'text', text: 'from parts' }, { type: 'image' }] },
        { ...base, id: 'm3', message_type: 'reasoning_message', reasoning: 'thinking hard' },
        { ...base, id: 'm4', message_type: 'hidden_reasoning_message', state: 'redacted', hidden_reasoning: null },
        {
          ...base,
          id: 'm5',
          message_type: 'tool_call_message',
          tool_call: { name: 'core_memory_append', arguments: '{"label":"human","content":"likes tea","request_heartbeat":true}', tool_call_id: 'c1' },
        },
        { ...base, id: 'm6', message_type: 'tool_return_message', tool_return: 'None', status: 'error', tool_call_id: 'c1', stdout: [], stderr: ['boom'] },
        { ...base, id: 'm7', message_type: 'system_message', content: 'You are helpful' },
        { ...base, id: 'm8', message_type: 'user_message', content: '{"type": "heartbeat", "reason": "automated"}' },
        { ...base, id: 'm9', message_type: 'user_message', content: '{"type": "user_message", "message": "wrapped words"}' },
        { ...base, id: 'm10', message_type: 'approval_request_message', tool_call: { name: 'rm', arguments: 'not json' } },
      ],
      0,
    );
    expect(rows.map((r) => rowBody(r))).toEqual([
      'plain text',
      'from parts',
      'thinking hard',
      '',
      'core_memory_append human likes tea',
      'None\nboom',
      'You are helpful',
      '',
      'wrapped words',
      'rm not json',
    ]);
    expect(rows.map((r) => r.part)).toEqual(['#0', '#0', '#0', '#0', 'c1', 'c1', '#0', '#0', '#0', '#0']);
  });

  it('keeps what does not fit the types, and skips only non-objects', () => {
    const huge = 'x'.repeat(BODY_CAP * 3);
    const { rows, skipped } = toMessageRows(
      [null, 7, 'text', { message_type: 'user_message', content: 'no id, no date' }, { id: 'm2', content: huge, date: 'garbage' }],
      1234,
    );
    expect(skipped).toBe(3);
    expect(rows).toHaveLength(2);
    const [noId, noType] = rows;
    expect(noId?.id).toMatch(/^raw-/);
    expect(noId?.dateMs).toBe(1234);
    expect(noType?.kind).toBe('unknown');
    expect(rowBody(noType!)).toHaveLength(BODY_CAP);
    expect(JSON.parse(noType!.json).content).toHaveLength(BODY_CAP * 3);
  });

  it('gives an undated message the date of its neighbour so it stays in place', () => {
    const { rows } = toMessageRows(
      [
        { id: 'a', message_type: 'user_message', content: 'x' },
        { id: 'b', message_type: 'user_message', date: '2025-01-01T00:00:05Z' },
        { id: 'c', message_type: 'user_message' },
      ],
      0,
    );
    expect(rows.map((r) => r.dateMs)).toEqual([Date.UTC(2025, 0, 1, 0, 0, 5), Date.UTC(2025, 0, 1, 0, 0, 5), Date.UTC(2025, 0, 1, 0, 0, 5)]);
  });

  it('tells apart parts that share an id and type', () => {
    const { rows } = toMessageRows(
      [
        { ...base, id: 'm', message_type: 'reasoning_message', reasoning: 'a' },
        { ...base, id: 'm', message_type: 'reasoning_message', reasoning: 'b' },
        { ...base, id: 'm', message_type: 'tool_call_message', tool_call: { name: 'f', arguments: '{}', tool_call_id: 'x' } },
        { ...base, id: 'm', message_type: 'tool_call_message', tool_call: { name: 'g', arguments: '{}', tool_call_id: 'y' } },
      ],
      0,
    );
    expect(rows.map((r) => `${r.kind}/${r.part}`)).toEqual(['reasoning_message/#0', 'reasoning_message/#1', 'tool_call_message/x', 'tool_call_message/y']);
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 20 }), (values) => {
        const { rows, skipped } = toMessageRows(values, 0);
        expect(rows.length + skipped).toBe(values.length);
        for (const row of rows) {
          expect(typeof rowBody(row)).toBe('string');
          expect(Number.isFinite(row.dateMs)).toBe(true);
        }
      }),
    );
  });
});

describe('hashId', () => {
  it('is a safe integer and stable', () => {
    const h = hashId('message-5e1d6a44-1c0f-4c2e-9a55-2b8f0ad7c0d1');
    expect(Number.isSafeInteger(h)).toBe(true);
    expect(h).toBe(hashId('message-5e1d6a44-1c0f-4c2e-9a55-2b8f0ad7c0d1'));
    expect(h).not.toBe(hashId('message-5e1d6a44-1c0f-4c2e-9a55-2b8f0ad7c0d2'));
  });
});
