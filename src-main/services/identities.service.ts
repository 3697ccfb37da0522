/** Identities: the end users and organisations agents serve, with their properties. */
import type { Identity, IdentityCreateParams, IdentityListParams, IdentityProperty, IdentityUpdate, IdentityUpsertParams } from '../letta/index.js';
import { ConnectedService } from './connected.js';

export class IdentitiesService extends ConnectedService {
  list(params: IdentityListParams): Promise<Identity[]> {
    return this.client.identities.list(params);
  }
  count(): Promise<number> {
    return this.client.identities.count();
  }


  get(identityId: string): Promise<Identity> {
    return this.client.identities.retrieve(identityId);
  }

  async create(body: IdentityCreateParams): Promise<Identity> {
    const identity = await this.client.identities.create(body);
    this.events.emit('identities:changed', { identityId: identity.id });
    return identity;
  }

  /** Matched by identifier_key; 0.7.29 never creates here, so a new key comes back as not_found. */
  async upsert(body: IdentityUpsertParams): Promise<Identity> {
    const identity = await this.client.identities.upsert(body);
    this.events.emit('identities:changed', { identityId: identity.id });
    return identity;
  }

  async update(identityId: string, patch: IdentityUpdate): Promise<Identity> {
    const identity = await this.client.identities.modify(identityId, patch);
    this.events.emit('identities:changed', { identityId });
    return identity;
  }

  async delete(identityId: string): Promise<void> {
    await this.client.identities.delete(identityId);
    this.events.emit('identities:changed', { identityId });
  }

  async upsertProperties(identityId: string, properties: IdentityProperty[]): Promise<Identity> {
    const identity = await this.client.identities.properties.upsert(identityId, properties);
    this.events.emit('identities:changed', { identityId });
    return identity;
  }
}
