/**
 * The Letta API's wire types, as the renderer sees them in channel results.
 *
 * They are written (type-only, no runtime code) in src-main/letta/types, next to the client that
 * owns them. This re-export is the one sanctioned edge from src-shared into src-main: `export
 * type` is erased at build time, so no main-process code can reach the renderer or preload
 * bundles through it. If those files move under src-shared (they are pure), only this line changes.
 */
export type * from '../src-main/letta/types/index.js';
