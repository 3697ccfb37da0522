/**
 * Memory blocks: the labelled, size-limited sections of an agent's context window that the agent
 * (and the user) can edit. The same `Block` comes back from the global `/v1/blocks/` routes and
 * from an agent's `/core-memory/blocks`; one block can be attached to several agents, and an edit
 * through either route is seen by all of them.
 */

/** A stored memory block (`Block` in the spec). */
export interface Block {
  /**
   * `block-<uuid>`. The spec marks it optional only because the server generates it by default;
   * every stored block has one.
   */
  id: string;
  /** The text the agent sees inside the block's tags. */
  value: string;
  /** Character limit for `value` (server default 5000); edits beyond it are rejected. */
  limit?: number;
  /** Name of the block when it is a template. */
  name?: string | null;
  /** Saved human/persona options rather than a block in use. */
  is_template?: boolean;
  /** Section name in the context window, e.g. `human`, `persona`; an agent's core-memory routes address blocks by it. */
  label?: string | null;
  /** The agent may read but not edit the block (the user still can, through the API). */
  read_only?: boolean;
  description?: string | null;
  metadata?: Record<string, unknown> | null;
  /** Sent by server 0.7.29, not in the spec. */
  organization_id?: string | null;
  created_by_id?: string | null;
  last_updated_by_id?: string | null;
}

/** Body of `POST /v1/blocks/`, and one entry of `CreateAgentRequest.memory_blocks` (`CreateBlock`). */
export interface CreateBlock {
  value: string;
  label: string;
  /** Character limit (server default 5000). */
  limit?: number;
  /** Name of the block when it is a template. */
  name?: string | null;
  is_template?: boolean;
  read_only?: boolean;
  description?: string | null;
  metadata?: Record<string, unknown> | null;
}

/**
 * Body of `PATCH /v1/blocks/{id}` and `PATCH /v1/agents/{id}/core-memory/blocks/{label}`
 * (`BlockUpdate`). Only fields sent with a non-null value change: the server drops nulls, so
 * a field cannot be cleared this way (send `''` for text).
 */
export interface BlockUpdate {
  value?: string | null;
  limit?: number | null;
  name?: string | null;
  is_template?: boolean;
  /** Renaming a label changes the tag the agent sees; core-memory routes address blocks by label. */
  label?: string | null;
  read_only?: boolean;
  description?: string | null;
  metadata?: Record<string, unknown> | null;
}

/** Query of `GET /v1/blocks/`. */
export interface BlockListParams {
  /** Only blocks with this label (e.g. `human`, `persona`). */
  label?: string | null;
  /** Only template blocks (default false). */
  templates_only?: boolean;
  /** Only blocks with this template name. */
  name?: string | null;
  /** Only blocks belonging to this identity. */
  identity_id?: string | null;
  /** Only blocks belonging to identities with these identifier keys. */
  identifier_keys?: string[] | null;
  /** Maximum number of blocks (server default 50). There is no cursor on this route. */
  limit?: number | null;
}
