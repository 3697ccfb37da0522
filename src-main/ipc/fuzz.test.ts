/**
 * Property-based tests of the trust boundary: thousands of generated payloads (random values,
 * objects with the right keys and wrong values, prototype tricks, values only structured clone can
 * carry) sent to every channel. Every reply must be a well-formed Result; a payload the schema
 * rejects must come back as `invalid_argument` without any service having been called; nothing
 * may throw or leave an unhandled rejection.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CHANNEL_NAMES, CONTRACT } from '../../src-shared/ipc/contract.js';
import { isResult } from '../../src-shared/result.js';
import { createHandlers } from './handlers/index.js';
import { IpcRouter } from './router.js';
import { memoryLogger } from '../log.js';
import type { Services } from '../services/index.js';
import { coreFixture, TRUSTED, type CoreFixture } from '../testing/core-fixture.js';

/** Services that record every call and do nothing else. */
function recordingServices(calls: string[]): Services {
  return new Proxy({} as Services, {
    get: (_t, service: string) =>
      new Proxy(
        {},
        {
          get: (_s, method: string) =>
            (..._args: unknown[]) => {
              calls.push(`${service}.${method}`);
              return Promise.resolve({});
            },
        },
      ),
  });
}

const anyValue = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withBoxedValues: true,
  withObjectString: true,
});

const plausibleValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.uuid(),
  fc.constantFrom('agent-00000000-0000-4000-8000-000000000000', 'http://127.0.0.1:1', 'https://api.letta.com', 'keychain', 'session', 'cloud', ''),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

function payloadsFor(schema: z.ZodType): fc.Arbitrary<unknown> {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const keys = Object.keys(shape);
  const keyArb = fc.constantFrom(...keys, '__proto__', 'constructor', 'extra');
  return fc.oneof(
    anyValue,
    fc.dictionary(keyArb, anyValue, { maxKeys: keys.length + 1 }),
    keys.length
      ? fc.record(Object.fromEntries(keys.map((k) => [k, plausibleValue])), { requiredKeys: [] })
      : fc.constant({}),
  );
}

const RUNS_PER_CHANNEL = 100;

describe('every channel under generated payloads', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it(`rejects every malformed payload without calling a service (${CHANNEL_NAMES.length} channels × ${RUNS_PER_CHANNEL})`, async () => {
    const calls: string[] = [];
    const router = new IpcRouter(createHandlers(recordingServices(calls)), () => true, memoryLogger());
    let rejected = 0;
    let accepted = 0;
    for (const channel of CHANNEL_NAMES) {
      const schema = CONTRACT[channel].args;
      await fc.assert(
        fc.asyncProperty(payloadsFor(schema), async (payload) => {
          calls.length = 0;
          const valid = schema.safeParse(payload).success;
          const reply = await router.dispatch(channel, payload, TRUSTED);
          expect(isResult(reply)).toBe(true);
          if (valid) {
            accepted++;
            expect(calls.length).toBeGreaterThan(0);
          } else {
            rejected++;
            expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
            expect(calls).toEqual([]);
          }
        }),
        { numRuns: RUNS_PER_CHANNEL },
      );
    }
    // The generators must exercise both sides, or the property says little.
    expect(rejected).toBeGreaterThan(CHANNEL_NAMES.length * RUNS_PER_CHANNEL * 0.5);
    expect(accepted).toBeGreaterThan(CHANNEL_NAMES.length);
    expect(unhandled).toEqual([]);
  });

  it('answers unknown_channel for generated channel names', async () => {
    const calls: string[] = [];
    const router = new IpcRouter(createHandlers(recordingServices(calls)), () => true, memoryLogger());
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), anyValue), anyValue, async (name, payload) => {
        fc.pre(!(CHANNEL_NAMES as readonly unknown[]).includes(name));
        const reply = await router.dispatch(name, payload, TRUSTED);
        expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
      }),
      { numRuns: 1000 },
    );
    expect(calls).toEqual([]);
  });

  describe('against the real app core (not connected, temp data dir)', () => {
    let fixture: CoreFixture;
    beforeAll(() => {
      fixture = coreFixture();
    });
    afterAll(() => fixture.close());

    it('always answers a Result and never crashes', async () => {
      for (const channel of CHANNEL_NAMES) {
        await fc.assert(
          fc.asyncProperty(payloadsFor(CONTRACT[channel].args), async (payload) => {
            const reply = await fixture.router.dispatch(channel, payload, TRUSTED);
            expect(isResult(reply)).toBe(true);
            if (!reply.ok) expect(reply.error.code).not.toBe('internal');
          }),
          { numRuns: 15 },
        );
      }
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    });
  });
});
