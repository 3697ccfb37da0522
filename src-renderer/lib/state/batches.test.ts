import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentState, BatchJob, Message } from '../../../src-shared/letta-types';

const calls: { channel: string; args: unknown }[] = [];
const server = {
  batches: [] as BatchJob[],
  /** What successive batches:get calls answer for the created batch. */
  statuses: [] as string[],
  messages: [] as Message[],
  createRefusal: null as string | null,
};

vi.mock('../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../api')>();
  const record = <T>(channel: string, fn: (args: never) => T) => async (args: unknown) => {
    calls.push({ channel, args });
    return fn(args as never);
  };
  return {
    ApiError: actual.ApiError,
    asApiError: actual.asApiError,
    onEvent: () => () => {},
    api: {
      agents: {
        list: record('agents:list', () => [
          { id: 'agent-1', name: 'Ada' },
          { id: 'agent-2', name: 'Bob' },
        ] as AgentState[]),
      },
      batches: {
        list: record('batches:list', () => server.batches),
        create: record('batches:create', () => {
          if (server.createRefusal) throw new actual.ApiError({ code: 'server_error', message: server.createRefusal });
          return { id: 'job-1', status: 'running' } as BatchJob;
        }),
        get: record('batches:get', (args: { batchId: string }) => {
          if (args.batchId !== 'job-1') throw new actual.ApiError({ code: 'not_found', message: 'Batch not found', status: 404 });
          return { id: 'job-1', status: server.statuses.shift() ?? 'completed' } as BatchJob;
        }),
        cancel: record('batches:cancel', () => undefined),
        listMessages: record('batches:list-messages', () => ({ messages: server.messages })),
      },
    },
  };
});

const { BatchesState, POLL_MS, batchCounts, batchMessageText } = await import('./batches.svelte');

beforeEach(() => {
  calls.length = 0;
  server.batches = [];
  server.statuses = [];
  server.messages = [];
  server.createRefusal = null;
});

afterEach(() => {
  vi.useRealTimers();
});

function draft(state: InstanceType<typeof BatchesState>): void {
  state.togglePick('agent-1', true);
  state.togglePick('agent-2', true);
  state.text = 'Summarise your week.';
}

describe('BatchesState', () => {
  it('shows the exact request before sending: one user message per picked agent', () => {
    const state = new BatchesState();
    expect(state.canSend).toBe(false);
    draft(state);
    state.togglePick('agent-2', false);
    expect(state.canSend).toBe(true);
    expect(state.preview).toEqual({ requests: [{ agent_id: 'agent-1', messages: [{ role: 'user', content: 'Summarise your week.' }] }] });
  });

  it('keeps the picked agents and the message when the server refuses the batch', async () => {
    const state = new BatchesState();
    draft(state);
    server.createRefusal = 'Server misconfiguration: LETTA_ENABLE_BATCH_JOB_POLLING is set to False.';
    expect(await state.send()).toBeUndefined();
    expect(state.create.error?.message).toBe(server.createRefusal);
    expect(state.createHint).toMatch(/started with LETTA_ENABLE_BATCH_JOB_POLLING=true/);
    expect(state.picked).toEqual(['agent-1', 'agent-2']);
    expect(state.text).toBe('Summarise your week.');
    expect(state.selected).toBeNull();
  });

  it('opens a sent batch and polls it while it runs, then fetches its replies once it settles', async () => {
    vi.useFakeTimers();
    const state = new BatchesState();
    state.start();
    draft(state);
    server.statuses = ['running', 'running', 'completed'];
    const sent = await state.send();
    expect(sent?.id).toBe('job-1');
    expect(calls.find((c) => c.channel === 'batches:create')?.args).toEqual({
      requests: [
        { agentId: 'agent-1', text: 'Summarise your week.' },
        { agentId: 'agent-2', text: 'Summarise your week.' },
      ],
    });
    expect(state.text).toBe('');
    expect(state.picked).toEqual([]);
    expect(state.selected?.status).toBe('running');

    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(state.selected?.status).toBe('running');
    server.messages = [{ id: 'message-1', role: 'assistant', agent_id: 'agent-1', content: [{ type: 'text', text: 'Done.' }] } as Message];
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(state.selected?.status).toBe('completed');
    await vi.advanceTimersByTimeAsync(0);
    expect(state.messages.map((m) => m.id)).toEqual(['message-1']);
    const gets = calls.filter((c) => c.channel === 'batches:get').length;
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(calls.filter((c) => c.channel === 'batches:get').length).toBe(gets);
  });

  it('cancels the open batch and shows its new status', async () => {
    const state = new BatchesState();
    server.statuses = ['running', 'cancelled'];
    await state.open({ id: 'job-1', status: 'running' } as BatchJob);
    expect(await state.cancelSelected()).toBe(true);
    expect(calls.some((c) => c.channel === 'batches:cancel')).toBe(true);
    expect(state.selected?.status).toBe('cancelled');
    state.close();
  });

  it('opens a batch by id, and shows the server\'s answer when there is none', async () => {
    const state = new BatchesState();
    expect(await state.openById('job-404')).toBe(false);
    expect(state.lookup.error?.message).toBe('Batch not found');
    expect(state.selected).toBeNull();
    expect(await state.openById(' job-1 ')).toBe(true);
    expect(state.selected?.id).toBe('job-1');
    expect(state.lookup.error).toBeNull();
  });

  it('shows request counts only when the job reports them', () => {
    expect(batchCounts({ metadata: { job_type: 'batch_messages' } })).toEqual([]);
    expect(batchCounts({ metadata: { request_counts: { succeeded: 3, errored: 1, processing: 0 } } })).toEqual([
      { label: 'processing', value: 0 },
      { label: 'succeeded', value: 3 },
      { label: 'failed', value: 1 },
    ]);
  });

  it('reads a batch message\'s text or the tool it called', () => {
    expect(batchMessageText({ content: [{ type: 'text', text: 'Hi' }] })).toBe('Hi');
    expect(batchMessageText({ content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'send_message', arguments: '{"message":"Hi"}' } }] })).toBe(
      'send_message({"message":"Hi"})',
    );
  });
});
