import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentState, FileMetadata, Job, Source } from '../../../src-shared/letta-types';

const calls: { channel: string; args: unknown }[] = [];
const server = {
  sources: [] as Source[],
  /** What `sources:get` answers: the stored source, which 0.7.29 does not change on modify. */
  keepsEdits: false,
  files: [] as FileMetadata[],
  /** Each job's statuses in the order `jobs:get` reports them; the last one repeats. */
  jobScript: {} as Record<string, Job[]>,
  uploads: 0,
  agents: [] as AgentState[],
};

vi.mock('../api', () => {
  const record = <T>(channel: string, fn: (args: never) => T) => async (args: unknown) => {
    calls.push({ channel, args });
    return fn(args as never);
  };
  return {
    api: {
      sources: {
        list: record('sources:list', () => server.sources.map((s) => ({ ...s }))),
        get: record('sources:get', (a: { sourceId: string }) => ({ ...server.sources.find((s) => s.id === a.sourceId)! })),
        update: record('sources:update', (a: { sourceId: string; patch: Partial<Source> }) => {
          const source = server.sources.find((s) => s.id === a.sourceId)!;
          if (server.keepsEdits) Object.assign(source, a.patch);
          return { ...source, ...a.patch };
        }),
        listFiles: record('sources:list-files', () => server.files),
        listPassages: record('sources:list-passages', () => []),
        uploadFile: record('sources:upload-file', (a: { file: { fileName: string } }) => {
          server.uploads += 1;
          const id = `job-${server.uploads}`;
          return { id, status: 'created', job_type: 'job', metadata: { filename: a.file.fileName } };
        }),
        attach: record('sources:attach', (a: { agentId: string; sourceId: string }) => {
          const agent = server.agents.find((x) => x.id === a.agentId)!;
          return { ...agent, sources: [...agent.sources, server.sources.find((s) => s.id === a.sourceId)!] };
        }),
      },
      jobs: {
        list: record('jobs:list', () => []),
        get: record('jobs:get', (a: { jobId: string }) => {
          const script = server.jobScript[a.jobId]!;
          return script.length > 1 ? script.shift()! : script[0]!;
        }),
      },
      models: { listEmbeddings: record('models:list-embeddings', () => []) },
      agents: { list: record('agents:list', () => server.agents) },
    },
    asApiError: (e: unknown) => e,
    onEvent: () => () => {},
  };
});

const { SourcesState, originalFileName, tooBigMessage } = await import('./sources.svelte');
const { MAX_UPLOAD_BYTES } = await import('../../../src-shared/ipc/schemas');

function source(id: string, name: string): Source {
  return { id, name, description: 'Office notes', instructions: null, embedding_config: null, metadata: null } as unknown as Source;
}

function job(id: string, status: string, metadata: Record<string, unknown> = {}): Job {
  return { id, status, job_type: 'job', metadata };
}

function file(name: string, text = 'hello'): { name: string; size: number; type: string; arrayBuffer(): Promise<ArrayBuffer> } {
  const bytes = new TextEncoder().encode(text);
  return { name, size: bytes.byteLength, type: 'text/plain', arrayBuffer: async () => bytes.buffer as ArrayBuffer };
}

async function selected(): Promise<InstanceType<typeof SourcesState>> {
  const state = new SourcesState({ pollMs: 0, stallMs: 60_000 });
  await state.sources.load();
  state.select('source-1');
  return state;
}

beforeEach(() => {
  calls.length = 0;
  server.sources = [source('source-1', 'Notes')];
  server.keepsEdits = false;
  server.files = [];
  server.jobScript = {};
  server.uploads = 0;
  server.agents = [];
});

describe('SourcesState: saving', () => {
  it('reads the source back and says so plainly when the server did not keep the edit', async () => {
    const state = await selected();
    const outcome = await state.save('source-1', { name: 'Notes', description: 'Kept current', instructions: '' });
    expect(outcome).toBe('not-kept');
    expect(calls.map((c) => c.channel)).toContain('sources:get');
    expect(state.notice).toContain('did not keep it');
    expect(state.notice).toContain('description');
    expect(state.notice).toContain('“Office notes”');
    // The list shows what the server stored, not its optimistic answer.
    expect(state.selected?.description).toBe('Office notes');
  });

  it('reports a plain save when the stored source has the change', async () => {
    server.keepsEdits = true;
    const state = await selected();
    expect(await state.save('source-1', { name: 'Renamed', description: 'Office notes', instructions: '' })).toBe('saved');
    expect(state.notice).toBeNull();
    expect(state.selected?.name).toBe('Renamed');
  });
});

describe('SourcesState: uploads', () => {
  it('refuses a file over the IPC limit before reading or sending it', async () => {
    const state = await selected();
    const big = { name: 'huge.pdf', size: MAX_UPLOAD_BYTES + 1, type: 'application/pdf', arrayBuffer: vi.fn() };
    state.upload([big]);
    await state.settled();
    expect(big.arrayBuffer).not.toHaveBeenCalled();
    expect(calls.some((c) => c.channel === 'sources:upload-file')).toBe(false);
    expect(state.uploads[0]).toMatchObject({ phase: 'failed' });
    expect(state.uploads[0]!.error).toBe('huge.pdf is too big to upload: 26,214,401 bytes, and the app sends at most 26,214,400 bytes per file.');
    expect(tooBigMessage('scan.pdf', 30 * 1024 * 1024)).toBe('scan.pdf is too big to upload: 30 MB, and the app sends at most 25 MB per file.');
  });

  it('sends the file as base64, follows its job to completed and refetches the files', async () => {
    server.jobScript['job-1'] = [job('job-1', 'running'), job('job-1', 'completed', { num_passages: 3 })];
    const state = await selected();
    state.upload([file('notes.txt', 'hello')]);
    await state.settled();
    const sent = calls.find((c) => c.channel === 'sources:upload-file')!.args as { file: { dataBase64: string; contentType: string } };
    expect(sent.file).toEqual({ fileName: 'notes.txt', dataBase64: btoa('hello'), contentType: 'text/plain' });
    expect(calls.filter((c) => c.channel === 'jobs:get')).toHaveLength(2);
    expect(state.uploads[0]).toMatchObject({ phase: 'completed', passages: 3 });
    expect(calls.filter((c) => c.channel === 'sources:list-files').length).toBeGreaterThanOrEqual(2);
  });

  it('uploads one file at a time: the second is sent after the first job finished', async () => {
    server.jobScript['job-1'] = [job('job-1', 'running'), job('job-1', 'completed')];
    server.jobScript['job-2'] = [job('job-2', 'completed')];
    const state = await selected();
    state.upload([file('a.txt'), file('b.txt')]);
    await state.settled();
    const order = calls.filter((c) => c.channel === 'sources:upload-file' || c.channel === 'jobs:get').map((c) => c.channel);
    expect(order).toEqual(['sources:upload-file', 'jobs:get', 'jobs:get', 'sources:upload-file', 'jobs:get']);
  });

  it('shows the error a failed job recorded', async () => {
    server.jobScript['job-1'] = [job('job-1', 'failed', { error: 'Embedding endpoint refused the connection' })];
    const state = await selected();
    state.upload([file('a.txt')]);
    await state.settled();
    expect(state.uploads[0]).toMatchObject({ phase: 'failed', error: 'Embedding endpoint refused the connection' });
  });

  it('stops following a job that never finishes and says it may have stopped', async () => {
    server.jobScript['job-1'] = [job('job-1', 'running')];
    const state = new SourcesState({ pollMs: 1, stallMs: 20 });
    await state.sources.load();
    state.select('source-1');
    state.upload([file('a.txt')]);
    await state.settled();
    expect(state.uploads[0]!.phase).toBe('stalled');
    expect(state.uploads[0]!.error).toContain('has not finished this import');
  });
});

describe('SourcesState: agents and files', () => {
  it('knows which agents use a source and updates that on attach', async () => {
    server.agents = [
      { id: 'agent-1', name: 'Ada', sources: [source('source-1', 'Notes')] },
      { id: 'agent-2', name: 'Bob', sources: [] },
    ] as unknown as AgentState[];
    const state = await selected();
    await state.agents.load();
    expect(state.agentsUsing('source-1').map((a) => a.name)).toEqual(['Ada']);
    expect(await state.attach('agent-2')).toBe(true);
    expect(state.agentsUsing('source-1').map((a) => a.name)).toEqual(['Ada', 'Bob']);
    expect(state.agentsNotUsing('source-1')).toEqual([]);
  });

  it('shows the uploaded name, not the server\'s suffixed one', () => {
    expect(originalFileName('office-notes_0123456789abcdef0123456789abcdef.txt')).toBe('office-notes.txt');
    expect(originalFileName('README_0123456789abcdef0123456789abcdef')).toBe('README');
    expect(originalFileName('plain.txt')).toBe('plain.txt');
  });
});
