/** Tools: the server's tool library, an agent's tools, MCP servers and Composio actions. */
import type {
  ActionModel,
  AgentState,
  AppModel,
  MCPServerConfig,
  MCPServerMap,
  MCPTool,
  Tool,
  ToolCreate,
  ToolListParams,
  ToolReturnMessage,
  ToolRunFromSource,
  ToolUpdate,
} from '../letta/index.js';
import type { ToolAgentUse } from '../../src-shared/ipc/contract.js';
import { ConnectedService } from './connected.js';

/** Agents are read in pages this big when looking for a tool's users (one request on most servers). */
const AGENT_PAGE = 500;
/** Enough for any desktop's server; past it the answer is partial rather than endless. */
const MAX_AGENTS = 5000;

export class ToolsService extends ConnectedService {
  list(params: ToolListParams): Promise<Tool[]> {
    return this.client.tools.list(params);
  }
  /** Every tool, built-in ones included, as the list shows them (the server's default leaves them out). */
  count(): Promise<number> {
    return this.client.tools.count({ include_base_tools: true });
  }


  get(toolId: string): Promise<Tool> {
    return this.client.tools.retrieve(toolId);
  }

  async create(body: ToolCreate): Promise<Tool> {
    const tool = await this.client.tools.create(body);
    this.events.emit('tools:changed', {});
    return tool;
  }

  async update(toolId: string, patch: ToolUpdate): Promise<Tool> {
    const tool = await this.client.tools.modify(toolId, patch);
    this.events.emit('tools:changed', {});
    return tool;
  }

  /** PUT /v1/tools/: the server finds the tool by the function name in the source. */
  async upsert(body: ToolCreate): Promise<Tool> {
    const tool = await this.client.tools.upsert(body);
    this.events.emit('tools:changed', {});
    return tool;
  }

  async delete(toolId: string): Promise<void> {
    await this.client.tools.delete(toolId);
    this.events.emit('tools:changed', {});
  }

  async addBaseTools(): Promise<Tool[]> {
    const tools = await this.client.tools.addBaseTools();
    this.events.emit('tools:changed', {});
    return tools;
  }

  run(body: ToolRunFromSource): Promise<ToolReturnMessage> {
    return this.client.tools.run(body);
  }

  listForAgent(agentId: string): Promise<Tool[]> {
    return this.client.agents.tools.list(agentId);
  }

  /**
   * Which agents have a tool. The server cannot filter agents by tool, so this walks the agent
   * list asking only for each agent's tools (not memory or messages), in big pages: the `after`
   * cursor of 0.7.29 skips agents created in the same second as a page's last one, so the fewer
   * pages the better.
   */
  async listAgents(toolId: string): Promise<ToolAgentUse[]> {
    const out: ToolAgentUse[] = [];
    let after: string | undefined;
    while (out.length < MAX_AGENTS) {
      const page = await this.client.agents.list({ limit: AGENT_PAGE, include_relationships: ['tools'], ...(after ? { after } : {}) });
      for (const agent of page) {
        out.push({ id: agent.id, name: agent.name, attached: (agent.tools ?? []).some((t) => t.id === toolId) });
      }
      if (page.length < AGENT_PAGE) break;
      after = page[page.length - 1]!.id;
    }
    return out;
  }

  async attach(agentId: string, toolId: string): Promise<AgentState> {
    const agent = await this.client.agents.tools.attach(agentId, toolId);
    this.events.emit('tools:changed', { agentId });
    return agent;
  }

  async detach(agentId: string, toolId: string): Promise<AgentState> {
    const agent = await this.client.agents.tools.detach(agentId, toolId);
    this.events.emit('tools:changed', { agentId });
    return agent;
  }

  listMcpServers(): Promise<MCPServerMap> {
    return this.client.tools.mcp.listServers();
  }

  async addMcpServer(config: MCPServerConfig): Promise<MCPServerConfig[]> {
    const servers = await this.client.tools.mcp.addServer(config);
    this.events.emit('tools:changed', {});
    return servers;
  }

  async deleteMcpServer(serverName: string): Promise<MCPServerConfig[]> {
    const servers = await this.client.tools.mcp.deleteServer(serverName);
    this.events.emit('tools:changed', {});
    return servers;
  }

  listMcpTools(serverName: string): Promise<MCPTool[]> {
    return this.client.tools.mcp.listTools(serverName);
  }

  async addMcpTool(serverName: string, toolName: string): Promise<Tool> {
    const tool = await this.client.tools.mcp.addTool(serverName, toolName);
    this.events.emit('tools:changed', {});
    return tool;
  }

  listComposioApps(): Promise<AppModel[]> {
    return this.client.tools.composio.listApps();
  }

  listComposioActions(appName: string): Promise<ActionModel[]> {
    return this.client.tools.composio.listActions(appName);
  }

  async addComposioTool(actionName: string): Promise<Tool> {
    const tool = await this.client.tools.composio.add(actionName);
    this.events.emit('tools:changed', {});
    return tool;
  }
}
