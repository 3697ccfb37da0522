/**
 * Multi-agent groups. A group's behaviour is chosen by `manager_config.manager_type` when it is
 * created (a top-level `manager_type` in the create body is ignored; round robin is the default).
 * Sleeptime and voice-sleeptime groups are also created by the server itself for agents with
 * `enable_sleeptime` or of type `voice_convo_agent`.
 */

/** `swarm` is listed by the server but has no config variant yet. */
export type ManagerType = 'round_robin' | 'supervisor' | 'dynamic' | 'sleeptime' | 'voice_sleeptime' | 'swarm' | (string & {});

export interface Group {
  id: string;
  manager_type: ManagerType;
  agent_ids: string[];
  description: string;
  shared_block_ids?: string[];
  /** The supervisor, dynamic-manager or sleeptime/voice main agent. */
  manager_agent_id?: string | null;
  termination_token?: string | null;
  max_turns?: number | null;
  sleeptime_agent_frequency?: number | null;
  turns_counter?: number | null;
  last_processed_message_id?: string | null;
  max_message_buffer_length?: number | null;
  min_message_buffer_length?: number | null;
}

// ---------------------------------------------------------------------------------------------
// Manager configs for create, discriminated by `manager_type` (the server needs the tag)

export interface RoundRobinManager {
  manager_type: 'round_robin';
  max_turns?: number | null;
}

export interface SupervisorManager {
  manager_type: 'supervisor';
  manager_agent_id: string;
}

export interface DynamicManager {
  manager_type: 'dynamic';
  manager_agent_id: string;
  /** Default `DONE!`: the manager ends the conversation by saying it. */
  termination_token?: string | null;
  max_turns?: number | null;
}

export interface SleeptimeManager {
  manager_type: 'sleeptime';
  manager_agent_id: string;
  /** Run the sleeptime agents every N turns of the main agent. */
  sleeptime_agent_frequency?: number | null;
}

export interface VoiceSleeptimeManager {
  manager_type: 'voice_sleeptime';
  manager_agent_id: string;
  /** Above this many messages in the voice agent's context, older ones are handed to the sleeptime agent. */
  max_message_buffer_length?: number | null;
  /** How many messages stay in context after such a hand-off. */
  min_message_buffer_length?: number | null;
}

export type ManagerConfig = RoundRobinManager | SupervisorManager | DynamicManager | SleeptimeManager | VoiceSleeptimeManager;

// ---------------------------------------------------------------------------------------------
// Manager configs for modify: the same variants with every field optional…

export interface RoundRobinManagerUpdate {
  manager_type: 'round_robin';
  max_turns?: number | null;
}

export interface SupervisorManagerUpdate {
  manager_type: 'supervisor';
  /** …except this one: the key must be present (null keeps the current manager). */
  manager_agent_id: string | null;
}

export interface DynamicManagerUpdate {
  manager_type: 'dynamic';
  manager_agent_id?: string | null;
  termination_token?: string | null;
  max_turns?: number | null;
}

export interface SleeptimeManagerUpdate {
  manager_type: 'sleeptime';
  manager_agent_id?: string | null;
  sleeptime_agent_frequency?: number | null;
}

export interface VoiceSleeptimeManagerUpdate {
  manager_type: 'voice_sleeptime';
  manager_agent_id?: string | null;
  max_message_buffer_length?: number | null;
  min_message_buffer_length?: number | null;
}

export type ManagerConfigUpdate =
  | RoundRobinManagerUpdate
  | SupervisorManagerUpdate
  | DynamicManagerUpdate
  | SleeptimeManagerUpdate
  | VoiceSleeptimeManagerUpdate;

// ---------------------------------------------------------------------------------------------
// Bodies and parameters

export interface GroupCreate {
  agent_ids: string[];
  description: string;
  /** Default `{manager_type: "round_robin"}`. */
  manager_config?: ManagerConfig;
  shared_block_ids?: string[];
}

export interface GroupUpdate {
  agent_ids?: string[] | null;
  description?: string | null;
  manager_config?: ManagerConfigUpdate | null;
  shared_block_ids?: string[] | null;
}

/** Letta Cloud's project routing header; self-hosted servers ignore it. */
export interface ProjectHeader {
  /** Sent as the `X-Project` header, not in the body. */
  project?: string;
}

export type GroupCreateParams = GroupCreate & ProjectHeader;
export type GroupModifyParams = GroupUpdate & ProjectHeader;

export interface GroupListParams {
  manager_type?: ManagerType | null;
  before?: string | null;
  after?: string | null;
  limit?: number | null;
  project_id?: string | null;
}

/** `DELETE /v1/groups/{id}` answers 200 with a sentence, not 204. */
export interface GroupDeleteResponse {
  message: string;
}
