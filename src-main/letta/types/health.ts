/** `GET /v1/health/` — never needs auth; the version tells the app which routes the server has. */
export interface Health {
  version: string;
  status: string;
}
