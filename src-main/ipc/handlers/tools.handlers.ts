import type { HandlerFactory } from './types.js';

export const toolHandlers: HandlerFactory<'tools' | 'mcp' | 'composio'> = (s) => ({
  'tools:list': async (params) => s.tools.list(params),
  'tools:count': async () => s.tools.count(),
  'tools:get': async ({ toolId }) => s.tools.get(toolId),
  'tools:create': async ({ body }) => s.tools.create(body),
  'tools:update': async ({ toolId, patch }) => s.tools.update(toolId, patch),
  'tools:upsert': async ({ body }) => s.tools.upsert(body),
  'tools:delete': async ({ toolId }) => s.tools.delete(toolId),
  'tools:add-base': async () => s.tools.addBaseTools(),
  'tools:run': async (body) => s.tools.run(body),
  'tools:list-for-agent': async ({ agentId }) => s.tools.listForAgent(agentId),
  'tools:attach': async ({ agentId, toolId }) => s.tools.attach(agentId, toolId),
  'tools:detach': async ({ agentId, toolId }) => s.tools.detach(agentId, toolId),
  'tools:list-agents': async ({ toolId }) => s.tools.listAgents(toolId),

  'mcp:list-servers': async () => s.tools.listMcpServers(),
  'mcp:add-server': async ({ config }) => s.tools.addMcpServer(config),
  'mcp:delete-server': async ({ serverName }) => s.tools.deleteMcpServer(serverName),
  'mcp:list-tools': async ({ serverName }) => s.tools.listMcpTools(serverName),
  'mcp:add-tool': async ({ serverName, toolName }) => s.tools.addMcpTool(serverName, toolName),

  'composio:list-apps': async () => s.tools.listComposioApps(),
  'composio:list-actions': async ({ appName }) => s.tools.listComposioActions(appName),
  'composio:add-tool': async ({ actionName }) => s.tools.addComposioTool(actionName),
});
