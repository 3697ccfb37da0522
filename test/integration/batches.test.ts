/**
 * Message batches against the real server. Server 0.7.29 creates a batch only with
 * LETTA_ENABLE_BATCH_JOB_POLLING=true and agents on an Anthropic model (it hands the requests to
 * Anthropic's batch API; the other model clients do not implement batches), so offline no batch
 * can exist. What is observable is asserted for real: the (empty) list, both refusals of create
 * (on the harness server, and on a second server started with polling on), and the not-found
 * answers of the per-batch routes.
 */
import { describe, expect, inject, it } from 'vitest';
import { startLettaServer } from '../harness/letta-server.js';
import { expectServerRefusal, testClient } from './support/coverage.js';
import { createAgent } from './support/kit.js';

const client = testClient();
const unknownBatch = 'job-00000000-0000-4000-8000-000000000000';

const CREATE_REASON =
  'needs LETTA_ENABLE_BATCH_JOB_POLLING=true (else 500) and an Anthropic model: with polling on, an OpenAI-compatible agent ' +
  'hits NotImplementedError in send_llm_batch_request_async (bare 500)';
const NO_BATCH_REASON = 'no batch can exist offline (creation needs Anthropic): only the 404 for a missing batch is observable';

describe('batches', () => {
  it('lists the batches still created or running: none', async () => {
    expect(await client.batches.list()).toEqual([]);
  });

  it('refuses to create a batch without LETTA_ENABLE_BATCH_JOB_POLLING', async () => {
    const agent = await createAgent(client);
    try {
      const err = await expectServerRefusal('create_messages_batch', 500, CREATE_REASON, () =>
        client.batches.create({ requests: [{ agent_id: agent.id, messages: [{ role: 'user', content: 'hello batch' }] }] }),
      );
      expect(err.serverMessage).toBe('Server misconfiguration: LETTA_ENABLE_BATCH_JOB_POLLING is set to False.');
    } finally {
      await client.agents.delete(agent.id);
    }
  });

  it('with polling on, still refuses an agent on an OpenAI-compatible model; the failed batch is not listed', async () => {
    const server = await startLettaServer({ fakeLlmUrl: inject('fakeLlmUrl'), env: { LETTA_ENABLE_BATCH_JOB_POLLING: 'true' } });
    try {
      const polling = testClient({ baseUrl: server.url });
      const agent = await createAgent(polling);
      const err = await expectServerRefusal('create_messages_batch', 500, CREATE_REASON, () =>
        polling.batches.create({ requests: [{ agent_id: agent.id, messages: [{ role: 'user', content: 'hello batch' }] }] }),
      );
      // The exception escapes the route, so the body is the generic one; the log names it.
      expect(err.serverMessage).toBe('An internal server error occurred');
      expect(server.logTail(200)).toMatch(/send_llm_batch_request_async[\s\S]*NotImplementedError/);
      // The job was created, then marked failed: the list only shows created or running ones.
      expect(await polling.batches.list()).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('answers 404 for a batch, its messages and its cancel when the batch does not exist', async () => {
    const get = await expectServerRefusal('retrieve_batch_run', 404, NO_BATCH_REASON, () => client.batches.retrieve(unknownBatch));
    expect(get.serverMessage).toBe('Batch not found');
    const messages = await expectServerRefusal('list_batch_messages', 404, NO_BATCH_REASON, () => client.batches.messages.list(unknownBatch, { limit: 10 }));
    expect(messages.serverMessage).toBe('Batch not found');
    // The cancel route's own not-found sentence says "Run".
    const cancel = await expectServerRefusal('cancel_batch_run', 404, NO_BATCH_REASON, () => client.batches.cancel(unknownBatch));
    expect(cancel.serverMessage).toBe('Run not found');
  });
});
