import type { LettaHttp } from './http.js';

/** Base of every resource class: they share the one transport and nothing else. */
export abstract class APIResource {
  constructor(protected readonly http: LettaHttp) {}
}
