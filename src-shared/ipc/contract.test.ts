import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNEL_NAMES, CONTRACT, EVENT_NAMES } from './contract.js';
import { CHANNEL_NAME, EVENT_NAME, buildApi, methodName } from './define.js';

/** Walks a zod schema and collects every object node that would let unknown keys through. */
function looseObjects(schema: z.ZodType, path: string, out: string[]): void {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  switch (def.type) {
    case 'object': {
      const catchall = def.catchall as z.ZodType | undefined;
      const isStrict = catchall && (catchall as unknown as { _zod: { def: { type: string } } })._zod.def.type === 'never';
      if (!isStrict) out.push(path || '(root)');
      for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) looseObjects(child, `${path}.${key}`, out);
      return;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
    case 'nonoptional':
      looseObjects(def.innerType as z.ZodType, path, out);
      return;
    case 'pipe':
      looseObjects(def.in as z.ZodType, path, out);
      return;
    case 'array':
      looseObjects(def.element as z.ZodType, `${path}[]`, out);
      return;
    case 'union':
      for (const option of def.options as z.ZodType[]) looseObjects(option, `${path}|`, out);
      return;
    default:
      return;
  }
}

describe('the IPC contract', () => {
  it('names every channel domain:verb-noun and every event domain:changed (or :stream)', () => {
    for (const name of CHANNEL_NAMES) expect(name).toMatch(CHANNEL_NAME);
    for (const name of EVENT_NAMES) expect(name).toMatch(EVENT_NAME);
  });

  it('gives every channel a strict object schema, all the way down (records of JSON aside)', () => {
    const loose: string[] = [];
    for (const name of CHANNEL_NAMES) looseObjects(CONTRACT[name].args, name, loose);
    expect(loose).toEqual([]);
  });

  it('has a walker that does notice a loose object', () => {
    const loose: string[] = [];
    looseObjects(z.strictObject({ inner: z.object({ a: z.string() }).optional() }), 'probe', loose);
    expect(loose).toEqual(['probe.inner']);
  });

  it('rejects unknown keys, non-objects and missing arguments on every channel', () => {
    for (const name of CHANNEL_NAMES) {
      const schema = CONTRACT[name].args;
      expect(schema.safeParse({ __proto_pollution__: 1 }).success, name).toBe(false);
      expect(schema.safeParse(null).success, name).toBe(false);
      expect(schema.safeParse('agents').success, name).toBe(false);
      expect(schema.safeParse(undefined).success, name).toBe(false);
    }
  });

  it('maps channel names to unique method names', () => {
    const seen = new Set<string>();
    for (const name of CHANNEL_NAMES) {
      const { domain, method } = methodName(name);
      const key = `${domain}.${method}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
    expect(methodName('runs:list-steps')).toEqual({ domain: 'runs', method: 'listSteps' });
  });

  it('builds the nested API over one call function, sending {} for a left-out argument', async () => {
    const calls: unknown[] = [];
    const api = buildApi<Record<string, Record<string, (a?: unknown) => Promise<unknown>>>>(
      ['agents:list', 'runs:list-steps'],
      async (name, args) => calls.push([name, args]),
    );
    await api.agents!.list!();
    await api.runs!.listSteps!({ runId: 'run-1' });
    expect(calls).toEqual([
      ['agents:list', {}],
      ['runs:list-steps', { runId: 'run-1' }],
    ]);
  });

  it('documents every channel', () => {
    for (const name of CHANNEL_NAMES) expect(CONTRACT[name].doc.length, name).toBeGreaterThan(3);
  });
});
