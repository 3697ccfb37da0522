/**
 * Identities: a user or organisation of the app embedding Letta, keyed by the app's own
 * `identifier_key`, that agents and blocks can be attached to.
 */

export type IdentityType = 'org' | 'user' | 'other';

export type IdentityPropertyType = 'string' | 'number' | 'boolean' | 'json';

/** A typed key/value; `type` says how to read `value` (`json` → an object). */
export interface IdentityProperty {
  key: string;
  value: string | number | boolean | Record<string, unknown>;
  type: IdentityPropertyType;
}

export interface Identity {
  id: string;
  /** The app's own id for this user or org. */
  identifier_key: string;
  name: string;
  identity_type: IdentityType;
  project_id?: string | null;
  /** Server 0.7.29 sends it (not in the spec). */
  organization_id?: string | null;
  agent_ids: string[];
  block_ids: string[];
  properties?: IdentityProperty[];
}

export interface IdentityCreate {
  identifier_key: string;
  name: string;
  identity_type: IdentityType;
  project_id?: string | null;
  agent_ids?: string[] | null;
  block_ids?: string[] | null;
  properties?: IdentityProperty[] | null;
}

/** Same fields as IdentityCreate; an existing identity with the same `identifier_key` is replaced. */
export type IdentityUpsert = IdentityCreate;

export interface IdentityUpdate {
  identifier_key?: string | null;
  name?: string | null;
  identity_type?: IdentityType | null;
  agent_ids?: string[] | null;
  block_ids?: string[] | null;
  properties?: IdentityProperty[] | null;
}

/** `identities.create` takes the body plus Letta Cloud's project header in one object. */
export interface IdentityCreateParams extends IdentityCreate {
  /** Letta Cloud project, sent as the `X-Project` header (not part of the body). */
  xProject?: string;
}

export interface IdentityUpsertParams extends IdentityUpsert {
  /** Letta Cloud project, sent as the `X-Project` header (not part of the body). */
  xProject?: string;
}

export interface IdentityListParams {
  name?: string;
  project_id?: string;
  identifier_key?: string;
  identity_type?: IdentityType;
  /** Cursors: identity ids. */
  before?: string;
  after?: string;
  /** Default 50. */
  limit?: number;
}
