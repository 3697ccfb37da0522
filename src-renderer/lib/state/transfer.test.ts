import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: { channel: string; args: unknown }[] = [];
let importAnswer: () => Promise<unknown> = async () => ({ id: 'agent-new', name: 'Copy' });
vi.mock('../api', () => ({
  api: {
    agents: {
      list: async () => [],
      exportFile: async (args: unknown) => {
        calls.push({ channel: 'agents:export-file', args });
        return { fileName: 'Scout.af', text: '{"name":"Scout"}', agentName: 'Scout' };
      },
      importFile: async (args: unknown) => {
        calls.push({ channel: 'agents:import-file', args });
        return importAnswer();
      },
    },
  },
  asApiError: (e: unknown) => e,
  onEvent: () => () => {},
}));
const { MAX_AGENT_FILE_BYTES, TransferState, parseAgentFile } = await import('./transfer.svelte');

const agentFile = {
  version: '0.7.29',
  name: 'Scout',
  agent_type: 'memgpt_agent',
  description: 'Finds things',
  llm_config: { model: 'gpt-4o-mini', handle: 'openai/gpt-4o-mini', context_window: 8000 },
  embedding_config: { embedding_model: 'text-embedding-3-small' },
  core_memory: [
    { label: 'persona', value: 'I am Scout.', limit: 5000 },
    { label: 'human', value: 'Ada', limit: 2000 },
  ],
  tools: [{ name: 'send_message' }, { name: 'archival_memory_search' }],
  tool_rules: [{ tool_name: 'send_message', type: 'exit_loop' }],
  tags: [{ tag: 'team-a' }],
  messages: [{ role: 'system' }, { role: 'user' }, { role: 'assistant' }],
};

const file = (name: string, text: string, size = text.length) => ({ name, size, text: async () => text });

beforeEach(() => {
  calls.length = 0;
  importAnswer = async () => ({ id: 'agent-new', name: 'Scout_copy' });
});

describe('reading an agent file', () => {
  it('previews what the import will create: name, type, model, blocks, tools, messages', () => {
    const result = parseAgentFile(JSON.stringify(agentFile), 'scout.af');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.preview).toMatchObject({
      name: 'Scout',
      agentType: 'memgpt_agent',
      model: 'openai/gpt-4o-mini',
      embedding: 'text-embedding-3-small',
      tools: ['archival_memory_search', 'send_message'],
      toolRules: 1,
      tags: ['team-a'],
      messages: 3,
      version: '0.7.29',
    });
    expect(result.preview.blocks).toEqual([
      { label: 'persona', value: 'I am Scout.', limit: 5000 },
      { label: 'human', value: 'Ada', limit: 2000 },
    ]);
  });

  it('names the file and the problem when it is not JSON', () => {
    const result = parseAgentFile('name: Scout', 'notes.txt');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^“notes.txt” is not a JSON file/);
  });

  it('says which parts are missing when the JSON is not an agent file', () => {
    const result = parseAgentFile(JSON.stringify({ hello: 'world' }), 'package.json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('not a Letta agent file: it has no name, core_memory, llm_config');
    const list = parseAgentFile('[1,2]', 'list.json');
    expect(list.ok === false && list.error).toContain('not an agent file');
  });
});

describe('TransferState', () => {
  it('refuses a file over the size limit before reading it', async () => {
    const state = new TransferState();
    const text = vi.fn(async () => '{}');
    await state.pick({ name: 'huge.af', size: MAX_AGENT_FILE_BYTES + 1, text });
    expect(text).not.toHaveBeenCalled();
    expect(state.fileError).toContain('“huge.af” is 10.0 MB; agent files up to 10.0 MB can be imported');
    expect(state.picked).toBeNull();
  });

  it('imports the picked file with the chosen options and forgets it once created', async () => {
    const state = new TransferState();
    await state.pick(file('scout.af', JSON.stringify(agentFile)));
    expect(state.picked?.preview.name).toBe('Scout');
    state.setOption('stripMessages', true);
    state.setOption('overrideExistingTools', false);
    const agent = await state.importPicked();
    expect(agent?.id).toBe('agent-new');
    expect(calls).toEqual([
      {
        channel: 'agents:import-file',
        args: {
          text: JSON.stringify(agentFile),
          fileName: 'scout.af',
          append_copy_suffix: true,
          override_existing_tools: false,
          strip_messages: true,
        },
      },
    ]);
    expect(state.picked).toBeNull();
  });

  it('keeps the file and the server\'s message when the import fails', async () => {
    importAnswer = async () => {
      throw { code: 'rejected', message: 'The server rejected the request: bad tool' };
    };
    const state = new TransferState();
    await state.pick(file('scout.af', JSON.stringify(agentFile)));
    expect(await state.importPicked()).toBeUndefined();
    expect(state.importing.error?.message).toContain('bad tool');
    expect(state.picked?.name).toBe('scout.af');
  });

  it('exports through main and hands the text to the saver', async () => {
    const state = new TransferState();
    const saved: string[] = [];
    expect(await state.exportAgent({ id: 'agent-1', name: 'Scout' }, (name, text) => saved.push(`${name}:${text}`))).toBe(true);
    expect(saved).toEqual(['Scout.af:{"name":"Scout"}']);
    expect(state.lastExport).toBe('Scout.af');
  });
});
