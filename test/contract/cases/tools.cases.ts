import { expect } from 'vitest';
import type { ContractCase } from '../case.js';

const TOOL_ID = 'tool-5f1c2a9e-8b3d-4c7a-9e21-0d6f4b8a1c33';

const rollDiceSource = `def roll_dice(sides: int) -> int:
    """
    Roll one die.

    Args:
        sides (int): How many sides the die has.

    Returns:
        int: The number rolled.
    """
    import random
    return random.randint(1, sides)
`;

const weatherServer = { type: 'sse' as const, server_name: 'weather', server_url: 'http://127.0.0.1:8765/sse' };
const filesServer = {
  type: 'stdio' as const,
  server_name: 'files',
  command: 'npx',
  args: ['-y', '@modelcontextprotocol/server-filesystem', '/home/me/notes'],
  env: { NODE_ENV: 'production' },
};

export const cases: ContractCase[] = [
  {
    operationId: 'list_tools',
    call: (c) => c.tools.list({ after: TOOL_ID, limit: 20, name: 'roll_dice' }),
  },
  {
    operationId: 'create_tool',
    call: (c) =>
      c.tools.create({
        source_code: rollDiceSource,
        description: 'Roll a die with the given number of sides.',
        tags: ['games'],
        source_type: 'python',
        return_char_limit: 2000,
      }),
  },
  {
    operationId: 'upsert_tool',
    call: (c) => c.tools.upsert({ source_code: rollDiceSource, tags: ['games', 'dice'] }),
  },
  {
    operationId: 'count_tools',
    call: (c) => c.tools.count({ include_base_tools: true }),
  },
  {
    operationId: 'retrieve_tool',
    call: (c) => c.tools.retrieve(TOOL_ID),
  },
  {
    operationId: 'modify_tool',
    call: (c) =>
      c.tools.modify(TOOL_ID, {
        description: 'Roll a fair die.',
        tags: ['games'],
        return_char_limit: 500,
      }),
  },
  {
    operationId: 'delete_tool',
    response: null,
    call: (c) => c.tools.delete(TOOL_ID),
    check: (result) => expect(result).toBeUndefined(),
  },
  {
    operationId: 'add_base_tools',
    call: (c) => c.tools.addBaseTools(),
  },
  {
    operationId: 'run_tool_from_source',
    call: (c) =>
      c.tools.run({
        source_code: rollDiceSource,
        args: { sides: 6 },
        env_vars: { RANDOM_SEED: '42' },
        name: 'roll_dice',
        source_type: 'python',
      }),
  },
  {
    operationId: 'list_composio_apps',
    call: (c) => c.tools.composio.listApps({ userId: 'user-00000000-0000-4000-8000-000000000000' }),
  },
  {
    operationId: 'list_composio_actions_by_app',
    call: (c) => c.tools.composio.listActions('github'),
  },
  {
    operationId: 'add_composio_tool',
    call: (c) => c.tools.composio.add('GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER'),
  },
  {
    operationId: 'list_mcp_servers',
    // The spec's schema is an open map; answer with a realistic one, one server of each kind.
    response: { weather: weatherServer, files: filesServer },
    call: (c) => c.tools.mcp.listServers({ userId: 'user-00000000-0000-4000-8000-000000000000' }),
  },
  {
    operationId: 'add_mcp_server',
    call: (c) => c.tools.mcp.addServer(filesServer),
  },
  {
    operationId: 'list_mcp_tools_by_server',
    call: (c) => c.tools.mcp.listTools('weather'),
  },
  {
    operationId: 'add_mcp_tool',
    call: (c) => c.tools.mcp.addTool('weather', 'get_forecast'),
  },
  {
    operationId: 'delete_mcp_server',
    response: [weatherServer],
    call: (c) => c.tools.mcp.deleteServer('files'),
  },
];
