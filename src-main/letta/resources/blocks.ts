import { APIResource } from '../core/resource.js';
import type { LettaHttp, RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type { Block, BlockListParams, BlockUpdate, CreateBlock } from '../types/blocks.js';
import type { AgentState } from '../types/agents.js';

/**
 * `/v1/blocks/`: memory blocks independent of any one agent — templates, and blocks shared by
 * several agents. An agent's own view of its blocks (addressed by label) is
 * `agents.coreMemory.blocks`.
 */
export class Blocks extends APIResource {
  readonly agents: BlockAgents;

  constructor(http: LettaHttp) {
    super(http);
    this.agents = new BlockAgents(http);
  }

  /** GET /v1/blocks/ — no cursor on this route, only `limit` (server default 50). */
  list(params: BlockListParams = {}, options?: RequestOptions): Promise<Block[]> {
    return this.http.request(ROUTES.list_blocks, { query: params }, options);
  }

  /** POST /v1/blocks/ — a block not attached to any agent yet (attach with `agents.coreMemory.blocks.attach`). */
  create(params: CreateBlock, options?: RequestOptions): Promise<Block> {
    return this.http.request(ROUTES.create_block, { body: params }, options);
  }

  /** GET /v1/blocks/count — a bare integer. */
  count(options?: RequestOptions): Promise<number> {
    return this.http.request(ROUTES.count_blocks, {}, options);
  }

  /** GET /v1/blocks/{block_id} */
  retrieve(blockId: string, options?: RequestOptions): Promise<Block> {
    return this.http.request(ROUTES.retrieve_block, { path: { block_id: blockId } }, options);
  }

  /** PATCH /v1/blocks/{block_id} — every agent the block is attached to sees the change. */
  modify(blockId: string, params: BlockUpdate, options?: RequestOptions): Promise<Block> {
    return this.http.request(ROUTES.modify_block, { path: { block_id: blockId }, body: params }, options);
  }

  /** DELETE /v1/blocks/{block_id} — answers with the deleted block. */
  delete(blockId: string, options?: RequestOptions): Promise<Block> {
    return this.http.request(ROUTES.delete_block, { path: { block_id: blockId } }, options);
  }
}

/** `/v1/blocks/{block_id}/agents` */
export class BlockAgents extends APIResource {
  /** GET /v1/blocks/{block_id}/agents — the agents this block is attached to. */
  list(blockId: string, options?: RequestOptions): Promise<AgentState[]> {
    return this.http.request(ROUTES.list_agents_for_block, { path: { block_id: blockId } }, options);
  }
}
