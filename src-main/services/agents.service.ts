/** Agents (list, read, create, change, delete, duplicate) and the tags they carry. */
import type { AgentListParams, AgentState, CreateAgentParams, Group, UpdateAgent } from '../letta/index.js';
import type { TagListParams } from '../letta/resources/tags.js';
import { AppFailure } from './errors.js';
import { ConnectedService } from './connected.js';

export class AgentsService extends ConnectedService {
  list(params: AgentListParams): Promise<AgentState[]> {
    return this.client.agents.list(params);
  }

  count(): Promise<number> {
    return this.client.agents.count();
  }

  get(agentId: string): Promise<AgentState> {
    return this.client.agents.retrieve(agentId);
  }

  async create(body: CreateAgentParams): Promise<AgentState> {
    const agent = await this.client.agents.create(body);
    this.events.emit('agents:changed', { agentId: agent.id });
    return agent;
  }

  async update(agentId: string, patch: UpdateAgent): Promise<AgentState> {
    const agent = await this.client.agents.modify(agentId, patch);
    this.events.emit('agents:changed', { agentId });
    return agent;
  }

  async delete(agentId: string): Promise<void> {
    await this.client.agents.delete(agentId);
    this.events.emit('agents:changed', { agentId });
  }

  /**
   * Copies an agent through the server's own export/import, so the copy has the same memory,
   * tools and rules as the server understands them (not what this app happens to know about).
   */
  async duplicate(agentId: string, options: { name?: string | undefined; withMessages?: boolean | undefined }): Promise<AgentState> {
    const client = this.client;
    const file = await client.agents.exportFile(agentId);
    let copy = await client.agents.importFile({
      file,
      append_copy_suffix: options.name === undefined,
      strip_messages: !options.withMessages,
    });
    if (options.name !== undefined) copy = await client.agents.modify(copy.id, { name: options.name });
    this.events.emit('agents:changed', { agentId: copy.id });
    return copy;
  }

  /**
   * The agent as an agent file (`.af`): the server's export, as pretty JSON text with a file
   * name. Text rather than a path, so both shells save it the same way (the renderer makes a
   * download of it).
   */
  async exportFile(agentId: string): Promise<{ fileName: string; text: string; agentName: string }> {
    const file = await this.client.agents.exportFile(agentId);
    const agentName = typeof file.name === 'string' && file.name ? file.name : agentId;
    return { fileName: `${agentFileBaseName(agentName)}.af`, text: JSON.stringify(file, null, 2), agentName };
  }

  /**
   * Creates an agent from an agent file's text. The renderer has parsed it already; it is parsed
   * again here because this is the trust boundary, and a file that is not a JSON object should
   * be refused in words rather than by the server's multipart parser.
   */
  async importFile(params: {
    text: string;
    fileName?: string | undefined;
    append_copy_suffix?: boolean | undefined;
    override_existing_tools?: boolean | undefined;
    project_id?: string | null | undefined;
    strip_messages?: boolean | undefined;
  }): Promise<AgentState> {
    const { text, fileName, ...options } = params;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AppFailure('invalid_argument', 'The agent file is not valid JSON.', 'Choose a file exported from Letta (an .af or .json agent file).');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new AppFailure('invalid_argument', 'The file is JSON but not an agent file.', 'Choose a file exported from Letta (an .af or .json agent file).');
    }
    const query = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined && v !== null));
    const agent = await this.client.agents.importFile({ file: text, filename: fileName ?? 'agent.af', ...query });
    this.events.emit('agents:changed', { agentId: agent.id });
    return agent;
  }

  listGroups(agentId: string): Promise<Group[]> {
    return this.client.agents.groups.list(agentId);
  }

  listTags(params: TagListParams): Promise<string[]> {
    return this.client.tags.list(params);
  }
}

/** A file name from an agent name: no path separators or characters file systems refuse. */
function agentFileBaseName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/^[.\s-]+|[.\s]+$/g, '').slice(0, 120);
  return cleaned || 'agent';
}
