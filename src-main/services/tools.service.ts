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
import { ConnectedService } from './connected.js';

export class ToolsService extends ConnectedService {
  list(params: ToolListParams): Promise<Tool[]> {
    return this.client.tools.list(params);
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
