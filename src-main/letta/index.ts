export { LettaClient } from './client.js';
export * from './core/errors.js';
export { LETTA_CLOUD_URL, DEFAULT_SELF_HOSTED_URL, type ClientOptions, type RequestOptions, type MultipartFile } from './core/http.js';
export { LettaStream, type RawStreamEvent } from './core/stream.js';
export { paginate, type PaginateOptions } from './core/pagination.js';
export { ROUTES, type Route, type OperationId } from './core/routes.js';
export { registerSecret, redactSecrets } from './core/redact.js';
export type * from './types/index.js';
