/**
 * Reads the reference spec from ../shared (or $LETTA_OPENAPI_SPEC) — it is never copied into
 * this repository — and offers what the contract test needs: the operations, an ajv instance
 * that resolves the spec's $refs in place, and a sampler that produces a response conforming to
 * a schema.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SPEC_PATH = process.env.LETTA_OPENAPI_SPEC ?? resolve(root, '..', 'shared', 'letta-openapi.json');

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Schema = Record<string, unknown>;

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface SpecOperation {
  method: string;
  path: string;
  operationId: string;
  parameters: SpecParameter[];
  /** Media type → JSON pointer (into the spec) of the request body schema. */
  requestBody: { required: boolean; content: Record<string, string> } | undefined;
  /** The first 2xx status the spec lists and the pointer to its JSON schema, if any. */
  success: { status: number; schemaPointer: string | undefined; mediaTypes: string[] };
}

export interface Spec {
  doc: Record<string, unknown>;
  operations: SpecOperation[];
}

export function loadSpec(): Spec | undefined {
  if (!existsSync(SPEC_PATH)) return undefined;
  const doc = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Record<string, unknown>;
  const operations: SpecOperation[] = [];
  const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const base = `#/paths/${escapePointer(path)}/${method}`;
      const rb = op.requestBody as { required?: boolean; content?: Record<string, unknown> } | undefined;
      const responses = (op.responses ?? {}) as Record<string, { content?: Record<string, { schema?: unknown }> }>;
      const status = Object.keys(responses).find((s) => s.startsWith('2')) ?? '200';
      const content = responses[status]?.content ?? {};
      const json = content['application/json'];
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: String(op.operationId),
        parameters: ((op.parameters ?? []) as SpecParameter[]).map((p) => ({ ...p })),
        requestBody: rb?.content
          ? {
              required: rb.required ?? false,
              content: Object.fromEntries(
                Object.keys(rb.content).map((mt) => [mt, `${base}/requestBody/content/${escapePointer(mt)}/schema`]),
              ),
            }
          : undefined,
        success: {
          status: Number(status),
          schemaPointer: json?.schema ? `${base}/responses/${status}/content/application~1json/schema` : undefined,
          mediaTypes: Object.keys(content),
        },
      });
    }
  }
  return { doc, operations };
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Resolves a `#/...` pointer inside the spec. */
export function at(doc: Record<string, unknown>, pointer: string): Schema {
  let node: unknown = doc;
  for (const raw of pointer.replace(/^#\//, '').split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown>)[key];
  }
  return node as Schema;
}

/**
 * Two validators over the same spec: `strict` for bodies, `coercing` for path/query/header values,
 * which arrive as strings. The spec is registered whole under the id `spec`, so a schema is
 * compiled by pointer and its internal `#/components/...` refs resolve in place.
 * The spec is 3.1 (JSON Schema 2020-12) with OpenAPI's `discriminator` (annotation only here), and
 * lists `bedrock` twice in one enum, which is why validation of the spec itself is off.
 */
export function makeValidators(doc: Record<string, unknown>) {
  const make = (coerce: boolean) => {
    const ajv = new Ajv2020({
      strict: false,
      allErrors: true,
      validateSchema: false,
      coerceTypes: coerce ? 'array' : false,
    });
    addFormats.default(ajv);
    ajv.addFormat('binary', true);
    ajv.addKeyword({ keyword: 'discriminator' });
    ajv.addSchema({ ...doc, $id: 'spec' });
    return ajv;
  };
  const strict = make(false);
  const coercing = make(true);
  const cache = new Map<string, ReturnType<typeof strict.compile>>();
  const compile = (ajv: typeof strict, key: string, schema: Schema) => {
    let fn = cache.get(key);
    if (!fn) {
      fn = ajv.compile(schema);
      cache.set(key, fn);
    }
    return fn;
  };
  return {
    /** Validates `data` against the schema at `pointer`; returns human-readable violations. */
    validatePointer(pointer: string, data: unknown): string[] {
      const fn = compile(strict, `s:${pointer}`, { $ref: `spec${pointer}` });
      return fn(data) === true ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
    },
    /** Validates (and coerces) a parameter value against a parameter's inline schema. */
    validateParam(key: string, schema: Schema, value: unknown): { ok: boolean; errors: string[]; value: unknown } {
      // Values arrive as strings. Try them as they are first: for a `oneOf: [string, number]`
      // parameter "20" is a valid string, while coercion would make it match both alternatives.
      const wrapped = { type: 'object', properties: { v: rebase(schema) } };
      if (compile(strict, `ps:${key}`, wrapped)({ v: value }) === true) return { ok: true, errors: [], value };
      const holder = { v: value };
      const fn = compile(coercing, `p:${key}`, wrapped);
      const ok = fn(holder) === true;
      return { ok, errors: (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message}`), value: holder.v };
    },
  };
}

/** Inline parameter schemas may hold `#/components` refs; point them at the registered spec. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `spec${v}` : rebase(v);
  }
  return out;
}

/**
 * Produces a value that conforms to `schema`: required and optional properties alike (so the
 * client sees every field the spec promises), first enum value, first non-null alternative.
 */
export function sample(doc: Record<string, unknown>, schema: unknown, depth = 0, seen: string[] = []): Json {
  if (!schema || typeof schema !== 'object') return null;
  const s = schema as Schema;
  if (typeof s.$ref === 'string') {
    const ref = s.$ref;
    // Recursive schemas (a tool rule inside a tool rule) stop at the second visit.
    if (seen.filter((r) => r === ref).length >= 1 || depth > 12) return null;
    return sample(doc, at(doc, ref), depth + 1, [...seen, ref]);
  }
  if ('const' in s) return s.const as Json;
  if (Array.isArray(s.enum)) return s.enum[0] as Json;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const alts = s[key];
    if (Array.isArray(alts)) {
      const nonNull = alts.filter((a) => !(a && typeof a === 'object' && (a as Schema).type === 'null'));
      if (nonNull.length === 0) return null;
      return sample(doc, nonNull[0], depth + 1, seen);
    }
  }
  if (Array.isArray(s.allOf)) {
    return Object.assign({}, ...s.allOf.map((part) => sample(doc, part, depth + 1, seen) as object)) as Json;
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, Json> = {};
      const props = (s.properties ?? {}) as Record<string, unknown>;
      for (const [name, propSchema] of Object.entries(props)) {
        const v = sample(doc, propSchema, depth + 1, seen);
        const required = Array.isArray(s.required) && s.required.includes(name);
        // A null for an optional field whose schema forbids null would not conform; leave it out.
        if (v === null && !required && !allowsNull(doc, propSchema)) continue;
        out[name] = v;
      }
      return out;
    }
    case 'array': {
      const item = sample(doc, s.items, depth + 1, seen);
      return item === null && !allowsNull(doc, s.items) ? [] : [item];
    }
    case 'string':
      return sampleString(s);
    case 'integer':
      return typeof s.minimum === 'number' ? s.minimum : 3;
    case 'number':
      return 1.5;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return typeof s.default !== 'undefined' ? (s.default as Json) : 'sample';
  }
}

function allowsNull(doc: Record<string, unknown>, schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return true;
  const s = schema as Schema;
  if (typeof s.$ref === 'string') return allowsNull(doc, at(doc, s.$ref));
  if (s.type === 'null' || (Array.isArray(s.type) && s.type.includes('null'))) return true;
  const alts = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(alts)) return alts.some((a) => allowsNull(doc, a));
  return Object.keys(s).every((k) => ['title', 'description', 'default', 'examples'].includes(k));
}

function sampleString(s: Schema): string {
  const pattern = typeof s.pattern === 'string' ? s.pattern : undefined;
  if (pattern) {
    if (pattern.startsWith('^(http|https)')) return 'https://example.com/callback';
    const m = /^\^(\((\w+)\|\w+\)|[\w-]+?)-\[a-fA-F0-9\]\{8\}/.exec(pattern);
    if (m) return `${m[2] ?? m[1]}-0a1b2c3d-1111-4222-8333-944445555666`;
  }
  switch (s.format) {
    case 'date-time':
      return '2025-05-20T10:00:00Z';
    case 'uuid':
      return '0a1b2c3d-1111-4222-8333-944445555666';
    case 'uri':
      return 'https://example.com/';
    default: {
      const min = typeof s.minLength === 'number' ? s.minLength : 0;
      return 'sample'.padEnd(min, 'x');
    }
  }
}
