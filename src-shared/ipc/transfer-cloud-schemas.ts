/**
 * Argument schemas of the agent-file (export/import) and Letta Cloud channels. They live apart
 * from schemas.ts so the two features can grow without touching the shared building blocks.
 */
import { z } from 'zod';
import * as s from './schemas.js';

/**
 * Largest agent file the app will import. Exports of long-lived agents carry their whole message
 * history; 10 MB is far above a typical file and well under the web shell's frame limit.
 */
export const MAX_AGENT_FILE_BYTES = 10 * 1024 * 1024;

/**
 * An agent file travels as its JSON text: the renderer has already read and parsed it for the
 * preview, and text needs no base64 round trip. Length is counted in UTF-16 units, which never
 * exceeds the UTF-8 byte count, so a file the renderer let through is never refused here.
 */
export const agentFileText = z.string().min(2).max(MAX_AGENT_FILE_BYTES);

export const agentImport = z.strictObject({
  text: agentFileText,
  fileName: s.name.optional(),
  append_copy_suffix: z.boolean().optional(),
  override_existing_tools: z.boolean().optional(),
  project_id: s.id.nullish(),
  strip_messages: z.boolean().optional(),
});

/** Cloud lists page by offset; the Cloud itself types the numbers as strings on the wire. */
const cloudPage = {
  offset: z.number().int().min(0).max(1_000_000).optional(),
  limit: z.number().int().min(1).max(100).optional(),
};

const variables = z.record(z.string().min(1).max(200), z.string().max(10_000));

export const templateList = z.strictObject({ ...cloudPage, name: z.string().max(s.MAX_NAME).optional(), projectId: s.id.optional() });
export const projectList = z.strictObject({ ...cloudPage, name: z.string().max(s.MAX_NAME).optional() });

/** A project slug as used in Cloud paths. */
const slug = z.string().min(1).max(200).regex(/^[\w.-]+$/, 'a project slug');
/** `template-name:version` or `template-name:latest`. */
const templateVersion = z.string().min(3).max(300).regex(/^[\w.-]+:[\w.-]+$/, 'template-name:version');

export const createAgentsFromTemplate = z.strictObject({
  project: slug,
  templateVersion,
  body: z.strictObject({
    agent_name: s.name.optional(),
    tags: s.tags.optional(),
    memory_variables: variables.optional(),
    tool_variables: variables.optional(),
    identity_ids: s.ids.optional(),
  }),
});

export const tokenAccess = z.enum(['read_messages', 'write_messages', 'read_agent', 'write_agent']);

export const createClientToken = z.strictObject({
  policy: z
    .array(z.strictObject({ type: z.literal('agent'), id: s.id, access: z.array(tokenAccess).min(1).max(4) }))
    .min(1)
    .max(100),
  hostname: s.httpUrl,
  expires_at: s.isoDate.optional(),
});

export const revokeClientToken = z.strictObject({ token: z.string().min(1).max(4000) });

const searchCondition = z.discriminatedUnion('field', [
  z.strictObject({ field: z.literal('version'), value: z.string().min(1).max(300) }),
  z.strictObject({ field: z.literal('name'), operator: z.enum(['eq', 'contains']), value: z.string().min(1).max(s.MAX_NAME) }),
  z.strictObject({ field: z.literal('tags'), operator: z.literal('contains'), value: s.tags }),
  z.strictObject({ field: z.literal('identity'), operator: z.literal('eq'), value: s.id }),
]);

export const searchAgents = z.strictObject({
  search: z.array(searchCondition).max(20).optional(),
  project_id: s.id.optional(),
  limit: z.number().int().min(1).max(100).optional(),
  after: z.string().min(1).max(500).nullish(),
});

export const templateFromAgent = z.strictObject({ agentId: s.id, project: slug.optional() });

export const versionTemplate = z.strictObject({
  agentId: s.id,
  message: z.string().max(140).optional(),
  migrate_deployed_agents: z.boolean().optional(),
});

export const migrateAgent = z.strictObject({
  agentId: s.id,
  to_template: templateVersion,
  preserve_core_memories: z.boolean(),
  variables: variables.optional(),
});
