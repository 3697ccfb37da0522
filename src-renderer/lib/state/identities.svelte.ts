/**
 * The Identities screen: the identities on the server (filtered by type on the server, by name or
 * key locally as one types), the one selected, and the agents and blocks the screen can link.
 *
 * Properties are edited as text rows (key, type, what was typed) and checked before any request:
 * a number must parse, a boolean is true/false, json must be an object — the spec's four types —
 * so a typo is named on its row instead of coming back as a 422.
 */
import type { AgentState, Block, Identity } from '../../../src-shared/letta-types';
import type { ArgsIn } from '../../../src-shared/ipc/define';
import type { Contract } from '../../../src-shared/ipc/contract';
import { api, asApiError, onEvent } from '../api';
import { Loadable, Mutation, reloadCounted } from './loadable.svelte';

/** A property as the channels take it (json values are JSON objects, not just any object). */
export type IdentityProperty = ArgsIn<Contract['identities:upsert-properties']>['properties'][number];
export type IdentityType = Identity['identity_type'];
export type PropertyType = IdentityProperty['type'];
export const IDENTITY_TYPES: readonly IdentityType[] = ['user', 'org', 'other'];
export const PROPERTY_TYPES: readonly PropertyType[] = ['string', 'number', 'boolean', 'json'];

/** One editable property row: the value is kept as typed until it is sent. */
export interface PropertyDraft {
  key: string;
  type: PropertyType;
  text: string;
}

export type ParsedProperties = { ok: true; properties: IdentityProperty[] } | { ok: false; errors: Record<number, string> };

export function propertyToDraft(p: Identity['properties'] extends (infer P)[] | undefined ? P : never): PropertyDraft {
  const text = p.type === 'json' ? JSON.stringify(p.value) : String(p.value);
  return { key: p.key, type: p.type, text };
}

/** Validates every row; errors are keyed by row index so the editor can show each in place. */
export function parseProperties(drafts: readonly PropertyDraft[]): ParsedProperties {
  const errors: Record<number, string> = {};
  const properties: IdentityProperty[] = [];
  const seen = new Set<string>();
  drafts.forEach((d, i) => {
    const key = d.key.trim();
    if (!key) return void (errors[i] = 'Give the property a key.');
    if (seen.has(key)) return void (errors[i] = `“${key}” is used twice.`);
    seen.add(key);
    const parsed = parseValue(d.type, d.text);
    if ('error' in parsed) errors[i] = parsed.error;
    else properties.push({ key, type: d.type, value: parsed.value });
  });
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, properties };
}

function parseValue(type: PropertyType, text: string): { value: IdentityProperty['value'] } | { error: string } {
  switch (type) {
    case 'string':
      return { value: text };
    case 'number': {
      const n = Number(text.trim());
      return text.trim() !== '' && Number.isFinite(n) ? { value: n } : { error: `“${text}” is not a number.` };
    }
    case 'boolean': {
      const t = text.trim().toLowerCase();
      return t === 'true' || t === 'false' ? { value: t === 'true' } : { error: 'A boolean is true or false.' };
    }
    case 'json': {
      try {
        const v: unknown = JSON.parse(text);
        if (v && typeof v === 'object' && !Array.isArray(v)) return { value: v as Extract<IdentityProperty['value'], object> };
        return { error: 'A json property holds an object, e.g. {"plan": "pro"}.' };
      } catch (e) {
        return { error: `Not valid JSON: ${(e as Error).message}` };
      }
    }
  }
}

export interface IdentityForm {
  identifier_key: string;
  name: string;
  identity_type: IdentityType;
  properties: IdentityProperty[];
}

export class IdentitiesState {
  #typeFilter = $state<IdentityType | ''>('');
  #nameFilter = $state('');
  #selectedId = $state<string | null>(null);

  /** How many the server has in all, whatever the filter shows. */
  readonly total = new Loadable<number | null>(() => api.identities.count({}), null);
  readonly list = new Loadable<Identity[]>(
    () => api.identities.list({ limit: 1000, ...(this.#typeFilter ? { identity_type: this.#typeFilter } : {}) }),
    [],
  );
  /** Every agent and global block, for names and the link pickers. */
  readonly agents = new Loadable<AgentState[]>(() => api.agents.list({ limit: 1000 }), []);
  readonly blocks = new Loadable<Block[]>(() => api.blocks.list({ limit: 1000 }), []);
  /** Writes from dialogs (create, upsert, edit, delete): their errors show in the dialog. */
  readonly dialog = new Mutation();
  /** Writes from the detail panel (properties, links): their errors show in the panel. */
  readonly panel = new Mutation();

  get typeFilter(): IdentityType | '' {
    return this.#typeFilter;
  }
  get nameFilter(): string {
    return this.#nameFilter;
  }
  get selectedId(): string | null {
    return this.#selectedId;
  }

  /** The list after the local name/key filter. */
  get visible(): Identity[] {
    const q = this.#nameFilter.trim().toLowerCase();
    if (!q) return this.list.value;
    return this.list.value.filter((i) => i.name.toLowerCase().includes(q) || i.identifier_key.toLowerCase().includes(q));
  }

  get selected(): Identity | null {
    return this.list.value.find((i) => i.id === this.#selectedId) ?? null;
  }

  agentName(id: string): string | null {
    return this.agents.value.find((a) => a.id === id)?.name ?? null;
  }
  blockName(id: string): string | null {
    const b = this.blocks.value.find((x) => x.id === id);
    return b ? (b.label ?? b.name ?? null) : null;
  }

  start(): () => void {
    void this.list.load();
    void this.total.load();
    void this.agents.load();
    void this.blocks.load();
    const stops = [
      onEvent('identities:changed', () => void reloadCounted(this.list, this.total)),
      onEvent('agents:changed', () => void this.agents.load()),
      onEvent('memory:changed', () => void this.blocks.load()),
    ];
    return () => stops.forEach((stop) => stop());
  }

  setTypeFilter(type: IdentityType | ''): void {
    this.#typeFilter = type;
    void this.list.load();
  }
  setNameFilter(text: string): void {
    this.#nameFilter = text;
  }
  select(id: string | null): void {
    this.#selectedId = id;
    this.panel.clearError();
    if (id) void this.#fresh(id);
  }

  /** The opened identity as the server has it now (the list may be older than another client's edit). */
  async #fresh(id: string): Promise<void> {
    try {
      const identity = await api.identities.get({ identityId: id });
      if (this.#selectedId === id) this.#replace(identity);
    } catch (error) {
      // Gone meanwhile: the list catches up; other failures leave the listed copy in place.
      if (asApiError(error).code === 'not_found') void this.list.load();
    }
  }

  /** Puts a write's answer into the list at once (the changed event refetches later anyway). */
  #replace(identity: Identity): void {
    const rest = this.list.value.filter((i) => i.id !== identity.id);
    const at = this.list.value.findIndex((i) => i.id === identity.id);
    if (at < 0) this.list.set([identity, ...rest]);
    else this.list.set(this.list.value.map((i) => (i.id === identity.id ? identity : i)));
  }

  async create(form: IdentityForm): Promise<Identity | undefined> {
    const identity = await this.dialog.run('create', () => api.identities.create({ body: form }));
    if (identity) {
      this.#replace(identity);
      this.#selectedId = identity.id;
    }
    return identity;
  }

  /** PUT by identifier_key: updates the identity with that key; 0.7.29 answers 404 for a new key. */
  async upsert(form: IdentityForm): Promise<Identity | undefined> {
    const identity = await this.dialog.run('upsert', () => api.identities.upsert({ body: form }));
    if (identity) {
      this.#replace(identity);
      this.#selectedId = identity.id;
    }
    return identity;
  }

  async update(id: string, form: IdentityForm): Promise<Identity | undefined> {
    const identity = await this.dialog.run('save', () => api.identities.update({ identityId: id, patch: form }));
    if (identity) this.#replace(identity);
    return identity;
  }

  async remove(id: string): Promise<boolean> {
    const done = await this.dialog.run('delete', async () => {
      await api.identities.delete({ identityId: id });
      return true;
    });
    if (!done) return false;
    this.list.set(this.list.value.filter((i) => i.id !== id));
    if (this.#selectedId === id) this.#selectedId = null;
    return true;
  }

  async upsertProperties(id: string, properties: IdentityProperty[]): Promise<Identity | undefined> {
    const identity = await this.panel.run('properties', () => api.identities.upsertProperties({ identityId: id, properties }));
    if (identity) this.#replace(identity);
    return identity;
  }

  /** Links or unlinks by sending the whole new id list (the server replaces it). */
  async setLinks(id: string, links: { agent_ids?: string[]; block_ids?: string[] }): Promise<Identity | undefined> {
    const identity = await this.panel.run('links', () => api.identities.update({ identityId: id, patch: links }));
    if (identity) this.#replace(identity);
    return identity;
  }
}
