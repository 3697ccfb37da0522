/**
 * Letta Cloud only: templates, projects and client-side access tokens. A self-hosted server
 * answers these routes with 404/405. The spec describes them in the Cloud's own camelCase in
 * places (`hasNextPage`, `projectId`, `expiresAt`), and these types keep its spelling.
 */
import type { AgentState } from './agents.js';

/** Cloud lists page by `offset`/`limit`; the spec types both as strings on the wire. */
export interface CloudPageParams {
  offset?: string | number;
  limit?: string | number;
}

export interface TemplateListParams extends CloudPageParams {
  name?: string;
  projectId?: string;
}

export interface TemplateSummary {
  id: string;
  name: string;
}

export interface TemplateList {
  templates: TemplateSummary[];
  hasNextPage: boolean;
}

/** Body of `POST /v1/templates/{project}/{template_version}/agents`; everything is optional. */
export interface TemplateAgentsCreate {
  tags?: string[];
  /** A random name is picked when left out. */
  agent_name?: string;
  /** Values for the template's `{{variables}}` in memory blocks. */
  memory_variables?: Record<string, string>;
  /** Values for the template's tool variables. */
  tool_variables?: Record<string, string>;
  identity_ids?: string[];
}

/** 201 answer. A plan limit is answered 402 `{message, limit}` (a LettaApiError). */
export interface TemplateAgentsCreateResponse {
  agents: AgentState[];
}

export interface ProjectListParams extends CloudPageParams {
  name?: string;
}

export interface ProjectSummary {
  id: string;
  name: string;
  slug: string;
}

export interface ProjectList {
  projects: ProjectSummary[];
  hasNextPage: boolean;
}

export type ClientSideAccessTokenAccess = 'read_messages' | 'write_messages' | 'read_agent' | 'write_agent';

/** What the token may do with one agent. The policy union has this one kind so far. */
export interface ClientSideAccessTokenAgentPolicy {
  type: 'agent';
  /** The agent id. */
  id: string;
  access: ClientSideAccessTokenAccess[];
}

export type ClientSideAccessTokenPolicy = ClientSideAccessTokenAgentPolicy;

export interface ClientSideAccessTokenCreate {
  policy: ClientSideAccessTokenPolicy[];
  /** The origin of the app that will use the token, with protocol: `https://app.example.com`. */
  hostname: string;
  /** ISO date-time; the token expires after 5 minutes when left out. */
  expires_at?: string;
}

/** 201 answer. Note the request says `expires_at` and the answer `expiresAt`, as in the spec. */
export interface ClientSideAccessToken {
  policy: {
    version: '1';
    data: ClientSideAccessTokenPolicy[];
  };
  /** The secret to hand to the browser app. */
  token: string;
  hostname: string;
  expiresAt: string;
}
