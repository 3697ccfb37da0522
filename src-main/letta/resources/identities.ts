import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type {
  Identity,
  IdentityCreateParams,
  IdentityListParams,
  IdentityProperty,
  IdentityUpdate,
  IdentityUpsertParams,
} from '../types/identities.js';

/** `/v1/identities/{identity_id}/properties` */
export class IdentityProperties extends APIResource {
  /**
   * PUT /v1/identities/{identity_id}/properties — replaces the whole property list with
   * `properties`. The spec leaves the answer open; the server returns the updated identity.
   */
  upsert(identityId: string, properties: IdentityProperty[], options?: RequestOptions): Promise<Identity> {
    return this.http.request(
      ROUTES.upsert_identity_properties,
      { path: { identity_id: identityId }, body: properties },
      options,
    );
  }
}

export class Identities extends APIResource {
  readonly properties = new IdentityProperties(this.http);

  /** GET /v1/identities/ */
  list(params: IdentityListParams = {}, options?: RequestOptions): Promise<Identity[]> {
    return this.http.request(ROUTES.list_identities, { query: params }, options);
  }

  /** POST /v1/identities/ — `xProject` goes into the `X-Project` header, the rest is the body. */
  create(params: IdentityCreateParams, options?: RequestOptions): Promise<Identity> {
    const { xProject, ...body } = params;
    return this.http.request(ROUTES.create_identity, { body, headers: { 'X-Project': xProject } }, options);
  }

  /** PUT /v1/identities/ — matched by `identifier_key`; `xProject` goes into the `X-Project` header. */
  upsert(params: IdentityUpsertParams, options?: RequestOptions): Promise<Identity> {
    const { xProject, ...body } = params;
    return this.http.request(ROUTES.upsert_identity, { body, headers: { 'X-Project': xProject } }, options);
  }

  /** GET /v1/identities/count — a bare integer. */
  count(options?: RequestOptions): Promise<number> {
    return this.http.request(ROUTES.count_identities, {}, options);
  }

  /** GET /v1/identities/{identity_id} */
  retrieve(identityId: string, options?: RequestOptions): Promise<Identity> {
    return this.http.request(ROUTES.retrieve_identity, { path: { identity_id: identityId } }, options);
  }

  /** PATCH /v1/identities/{identity_id} (operation `update_identity`). */
  modify(identityId: string, body: IdentityUpdate, options?: RequestOptions): Promise<Identity> {
    return this.http.request(ROUTES.update_identity, { path: { identity_id: identityId }, body }, options);
  }

  /** DELETE /v1/identities/{identity_id} — the server answers 200 with `null`. */
  async delete(identityId: string, options?: RequestOptions): Promise<void> {
    await this.http.request<unknown>(ROUTES.delete_identity, { path: { identity_id: identityId } }, options);
  }
}
