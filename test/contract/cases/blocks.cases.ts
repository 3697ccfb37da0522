import type { ContractCase } from '../case.js';

const blockId = 'block-5b0c7e2a-3f41-4d8e-a1c6-8e2d9f0b7a13';

export const cases: ContractCase[] = [
  {
    operationId: 'list_blocks',
    // The memory screen's "shared blocks" picker: persona templates of one user.
    call: (c) =>
      c.blocks.list({
        label: 'persona',
        templates_only: true,
        identifier_keys: ['user-42', 'user-43'],
        limit: 25,
      }),
  },
  {
    operationId: 'create_block',
    call: (c) =>
      c.blocks.create({
        label: 'team_notes',
        value: 'The support team prefers short answers and links to the handbook.',
        limit: 4000,
        description: 'Facts shared by every support agent.',
        read_only: false,
        metadata: { owner: 'support' },
      }),
  },
  { operationId: 'count_blocks', call: (c) => c.blocks.count() },
  { operationId: 'retrieve_block', call: (c) => c.blocks.retrieve(blockId) },
  {
    operationId: 'modify_block',
    call: (c) =>
      c.blocks.modify(blockId, {
        value: 'The support team prefers short answers, links to the handbook, and a friendly tone.',
        limit: 6000,
      }),
  },
  { operationId: 'delete_block', call: (c) => c.blocks.delete(blockId) },
  { operationId: 'list_agents_for_block', call: (c) => c.blocks.agents.list(blockId) },
];
