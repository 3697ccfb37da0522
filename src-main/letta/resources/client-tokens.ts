import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type { ClientSideAccessToken, ClientSideAccessTokenCreate } from '../types/cloud.js';

/** Letta Cloud only: short-lived tokens a browser app can use for the agents in their policy. */
export class ClientTokens extends APIResource {
  /** POST /v1/client-side-access-tokens — answers 201 with the token. */
  create(body: ClientSideAccessTokenCreate, options?: RequestOptions): Promise<ClientSideAccessToken> {
    return this.http.request(ROUTES['clientSideAccessTokens.createClientSideAccessToken'], { body }, options);
  }

  /** DELETE /v1/client-side-access-tokens/{token} — revokes it; 204. */
  async delete(token: string, options?: RequestOptions): Promise<void> {
    await this.http.request<unknown>(
      ROUTES['clientSideAccessTokens.deleteClientSideAccessToken'],
      { path: { token } },
      options,
    );
  }
}
