import { describe, expect, it, vi } from 'vitest';

vi.mock('../api', () => ({ api: {}, asApiError: (e: unknown) => e, onEvent: () => () => {} }));
const { parseMetadata, parseTags, parseToolRules } = await import('./agent-settings.svelte');

describe('settings validation', () => {
  it('accepts tool rules with a known type and a tool name, and says what is wrong otherwise', () => {
    expect(parseToolRules('[{"type": "exit_loop", "tool_name": "send_message"}]')).toEqual({ ok: true, value: [{ type: 'exit_loop', tool_name: 'send_message' }] });
    expect(parseToolRules('')).toEqual({ ok: true, value: [] });
    expect(parseToolRules('{')).toMatchObject({ ok: false, message: expect.stringMatching(/^Tool rules are not valid JSON/) });
    expect(parseToolRules('{}')).toEqual({ ok: false, message: 'Tool rules must be a JSON array of rules.' });
    expect(parseToolRules('[{"type": "nope", "tool_name": "x"}]')).toMatchObject({ ok: false, message: expect.stringMatching(/^Rule 1: "type" must be one of/) });
    expect(parseToolRules('[{"type": "run_first"}]')).toEqual({ ok: false, message: 'Rule 1: "tool_name" must be a tool\'s name.' });
  });

  it('accepts a metadata object or nothing', () => {
    expect(parseMetadata('')).toEqual({ ok: true, value: null });
    expect(parseMetadata('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseMetadata('[1]')).toEqual({ ok: false, message: 'Metadata must be a JSON object.' });
    expect(parseMetadata('{"a":')).toMatchObject({ ok: false });
  });

  it('splits tags on commas, trimmed and without duplicates', () => {
    expect(parseTags(' research, notes ,,research ')).toEqual(['research', 'notes']);
  });
});
