/**
 * Builds request URLs from the route table's literal templates. Ids are always percent-encoded
 * (a block label or MCP server name can contain anything), and a missing placeholder is a
 * programming error caught before any network traffic.
 */
export type PathParams = Readonly<Record<string, string | number>>;
export type QueryValue = string | number | boolean | Date | null | undefined | readonly (string | number | boolean)[];
export type QueryParams = Readonly<Record<string, QueryValue>>;

export function fillPath(template: string, params: PathParams = {}): string {
  return template.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === null || v === '') {
      throw new TypeError(`Missing path parameter "${name}" for ${template}`);
    }
    // URL parsing resolves "." and ".." segments (escaped or not), which would send the request
    // to another endpoint (e.g. block label ".." → the agent's whole core memory). Never valid ids.
    if (v === '.' || v === '..') {
      throw new TypeError(`Path parameter "${name}" cannot be "${v}" (${template})`);
    }
    return encodeURIComponent(String(v));
  });
}

/** FastAPI reads list parameters as repeated keys (`tags=a&tags=b`); undefined values are left out. */
export function encodeQuery(query: QueryParams | undefined): string {
  if (!query) return '';
  const sp = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly (string | number | boolean)[]) sp.append(key, String(item));
    } else if (value instanceof Date) {
      sp.append(key, value.toISOString());
    } else {
      sp.append(key, String(value));
    }
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** Joins a user-typed base URL and an absolute API path, tolerating a trailing slash on the base. */
export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}
