// Every API type the client uses, written by us from the spec's field names. Each name is
// defined in exactly one file (export * would otherwise make it ambiguous).
export type * from './agents.js';
export type * from './blocks.js';
export type * from './messages.js';
export type * from './streaming.js';
export type * from './groups.js';
export type * from './runs.js';
export type * from './batches.js';
export type * from './voice.js';
export type * from './tools.js';
export type * from './sources.js';
export type * from './jobs.js';
export type * from './identities.js';
export type * from './models.js';
export type * from './providers.js';
export type * from './cloud.js';
export type * from './health.js';
