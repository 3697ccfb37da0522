import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type { ToolReturnMessage } from '../types/messages.js';
import type {
  ActionModel,
  AppModel,
  ComposioAppListParams,
  MCPServerConfig,
  MCPServerListParams,
  MCPServerMap,
  MCPTool,
  Tool,
  ToolCountParams,
  ToolCreate,
  ToolListParams,
  ToolRunFromSource,
  ToolUpdate,
} from '../types/tools.js';

/** `/v1/tools/composio/…` — the server needs COMPOSIO_API_KEY, else these answer 400. */
export class ToolsComposio extends APIResource {
  /** GET /v1/tools/composio/apps */
  listApps(params: ComposioAppListParams = {}, options?: RequestOptions): Promise<AppModel[]> {
    return this.http.request(ROUTES.list_composio_apps, { headers: { 'user-id': params.userId } }, options);
  }

  /** GET /v1/tools/composio/apps/{composio_app_name}/actions */
  listActions(composioAppName: string, options?: RequestOptions): Promise<ActionModel[]> {
    return this.http.request(
      ROUTES.list_composio_actions_by_app,
      { path: { composio_app_name: composioAppName } },
      options,
    );
  }

  /** POST /v1/tools/composio/{composio_action_name} — registers the action as a Letta tool. */
  add(composioActionName: string, options?: RequestOptions): Promise<Tool> {
    return this.http.request(ROUTES.add_composio_tool, { path: { composio_action_name: composioActionName } }, options);
  }
}

/** `/v1/tools/mcp/servers…` — MCP servers are addressed by name, not id. */
export class ToolsMcp extends APIResource {
  /** GET /v1/tools/mcp/servers — an object keyed by server name, not a list. */
  listServers(params: MCPServerListParams = {}, options?: RequestOptions): Promise<MCPServerMap> {
    return this.http.request(ROUTES.list_mcp_servers, { headers: { 'user-id': params.userId } }, options);
  }

  /** PUT /v1/tools/mcp/servers — adds or replaces a server by `server_name`; answers every configured server. */
  addServer(config: MCPServerConfig, options?: RequestOptions): Promise<MCPServerConfig[]> {
    return this.http.request(ROUTES.add_mcp_server, { body: config }, options);
  }

  /** DELETE /v1/tools/mcp/servers/{mcp_server_name} — answers the servers that remain. */
  deleteServer(mcpServerName: string, options?: RequestOptions): Promise<MCPServerConfig[]> {
    return this.http.request(ROUTES.delete_mcp_server, { path: { mcp_server_name: mcpServerName } }, options);
  }

  /** GET /v1/tools/mcp/servers/{mcp_server_name}/tools — asks the MCP server live. */
  listTools(mcpServerName: string, options?: RequestOptions): Promise<MCPTool[]> {
    return this.http.request(ROUTES.list_mcp_tools_by_server, { path: { mcp_server_name: mcpServerName } }, options);
  }

  /** POST /v1/tools/mcp/servers/{mcp_server_name}/{mcp_tool_name} — registers an MCP tool as a Letta tool. */
  addTool(mcpServerName: string, mcpToolName: string, options?: RequestOptions): Promise<Tool> {
    return this.http.request(
      ROUTES.add_mcp_tool,
      { path: { mcp_server_name: mcpServerName, mcp_tool_name: mcpToolName } },
      options,
    );
  }
}

export class Tools extends APIResource {
  readonly composio = new ToolsComposio(this.http);
  readonly mcp = new ToolsMcp(this.http);

  /** GET /v1/tools/ */
  list(params: ToolListParams = {}, options?: RequestOptions): Promise<Tool[]> {
    return this.http.request(ROUTES.list_tools, { query: params }, options);
  }

  /** POST /v1/tools/ — the name comes from the function in `source_code`; 409 if it exists. */
  create(body: ToolCreate, options?: RequestOptions): Promise<Tool> {
    return this.http.request(ROUTES.create_tool, { body }, options);
  }

  /** PUT /v1/tools/ — creates, or replaces the tool with the same derived name. */
  upsert(body: ToolCreate, options?: RequestOptions): Promise<Tool> {
    return this.http.request(ROUTES.upsert_tool, { body }, options);
  }

  /** GET /v1/tools/count — a bare integer. */
  count(params: ToolCountParams = {}, options?: RequestOptions): Promise<number> {
    return this.http.request(ROUTES.count_tools, { query: params }, options);
  }

  /** GET /v1/tools/{tool_id} */
  retrieve(toolId: string, options?: RequestOptions): Promise<Tool> {
    return this.http.request(ROUTES.retrieve_tool, { path: { tool_id: toolId } }, options);
  }

  /** PATCH /v1/tools/{tool_id} */
  modify(toolId: string, body: ToolUpdate, options?: RequestOptions): Promise<Tool> {
    return this.http.request(ROUTES.modify_tool, { path: { tool_id: toolId }, body }, options);
  }

  /** DELETE /v1/tools/{tool_id} — the server answers 200 with `null`. */
  async delete(toolId: string, options?: RequestOptions): Promise<void> {
    await this.http.request<unknown>(ROUTES.delete_tool, { path: { tool_id: toolId } }, options);
  }

  /** POST /v1/tools/add-base-tools — (re)creates Letta's built-in tools; answers them. */
  addBaseTools(options?: RequestOptions): Promise<Tool[]> {
    return this.http.request(ROUTES.add_base_tools, {}, options);
  }

  /** POST /v1/tools/run — runs source code as a tool once, without saving it. */
  run(body: ToolRunFromSource, options?: RequestOptions): Promise<ToolReturnMessage> {
    return this.http.request(ROUTES.run_tool_from_source, { body }, options);
  }
}
