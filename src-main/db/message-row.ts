/**
 * From whatever the server sent as a message to the few columns the cache indexes. Nothing here
 * may throw on odd input: a message the client's types do not describe (an unknown
 * `message_type`, a missing field, a value of the wrong shape, a huge tool return) is still
 * stored whole, and only what can be read from it is indexed.
 */

export interface MessageRow {
  id: string;
  idHash: number;
  /** The server's `message_type`, or `unknown` when there is none. */
  kind: string;
  /** Tells apart messages that share id and type (several tool calls of one server message). */
  part: string;
  dateMs: number;
  stepId: string | null;
  json: string;
  /** The message itself, for `rowBody`. */
  source: Record<string, unknown>;
  /** Filled by `rowBody` on first use: an unchanged message on re-sync never needs it. */
  body: string | null;
}

/** Search covers this much of each message; the full value stays in the stored JSON. */
export const BODY_CAP = 32 * 1024;

/**
 * 52 bits from two 32-bit multiplicative hashes, safe as a JS number and as an SQLite integer.
 * Collisions are harmless (the lookup compares the id text too); the point is a narrow index.
 */
export function hashId(id: string): number {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (b >>> 12) * 0x1_0000_0000 + (a >>> 0);
}

function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  return v;
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±HH:MM]`, the only shape the server writes, read without
 * `Date.parse`: the server's microseconds push V8 onto its slow fallback parser, and a sync
 * reads one date per message. Letta writes naive datetimes (no zone) that are UTC, which
 * `Date.parse` would read as local time anyway.
 */
function parseIso(s: string): number | null {
  if (s.length < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
    return null;
  }
  const t = s.charCodeAt(10);
  if (t !== 84 && t !== 32 && t !== 116) return null;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  const hour = digits(s, 11, 13);
  const minute = digits(s, 14, 16);
  const second = digits(s, 17, 19);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    i++;
    let n = 0;
    while (i < s.length) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (n < 3) ms = ms * 10 + d;
      n++;
      i++;
    }
    if (n === 0) return null;
    for (; n < 3; n++) ms *= 10;
  }
  let offsetMin = 0;
  if (i < s.length) {
    const z = s.charCodeAt(i);
    if (z === 90 || z === 122) i++;
    else if (z === 43 || z === 45) {
      const hasColon = s.charCodeAt(i + 3) === 58;
      const oh = digits(s, i + 1, i + 3);
      const om = hasColon ? digits(s, i + 4, i + 6) : digits(s, i + 3, i + 5);
      offsetMin = (z === 45 ? -1 : 1) * (oh * 60 + om);
      i += hasColon ? 6 : 5;
    }
  }
  if (i !== s.length) return null;
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60)) return null;
  const ms0 = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMin * 60_000;
  return Number.isFinite(ms0) ? ms0 : null;
}

/** Milliseconds since the epoch for a server timestamp, or null when it is not one. */
export function parseServerDate(value: unknown): number | null {
  if (typeof value !== 'string' || value.length < 10) return null;
  const fast = parseIso(value);
  if (fast !== null) return fast;
  const hasZone = /(?:Z|[+-]\d\d:?\d\d)$/i.test(value);
  const ms = Date.parse(hasZone || value.length === 10 ? value : `${value}Z`);
  return Number.isFinite(ms) ? ms : null;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Text of a `content` field: a string, or an array of parts of which the text ones count. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const texts: string[] = [];
    for (const part of content) {
      if (typeof part === 'string') texts.push(part);
      else {
        const text = str(asRecord(part)?.text);
        if (text !== null) texts.push(text);
      }
    }
    return texts.join('\n');
  }
  return str(asRecord(content)?.text) ?? '';
}

/**
 * The server wraps what the user typed as `{"type": "user_message", "message": ...}` and sends
 * heartbeats and login notices as the same kind of JSON; index the words a person wrote and
 * leave the machine chatter out of search.
 */
function userText(content: unknown): string {
  const text = contentText(content);
  if (!text.startsWith('{"type"')) return text;
  try {
    const packed = asRecord(JSON.parse(text));
    if (!packed) return text;
    if (packed.type === 'user_message' || packed.type === 'system_alert') return str(packed.message) ?? '';
    return '';
  } catch {
    return text;
  }
}

/** A tool call reads best as its name and its argument values, not as escaped JSON. */
function toolCallText(call: unknown): string {
  const record = asRecord(call);
  if (!record) return '';
  const name = str(record.name) ?? '';
  const args = str(record.arguments);
  if (args === null) return name;
  try {
    const parsed = asRecord(JSON.parse(args));
    if (!parsed) return `${name} ${args}`;
    const values: string[] = [];
    for (const value of Object.values(parsed)) {
      if (typeof value === 'string') values.push(value);
      else if (typeof value === 'number') values.push(String(value));
      else if (typeof value === 'object' && value !== null) values.push(JSON.stringify(value));
    }
    return [name, ...values].join(' ');
  } catch {
    return `${name} ${args}`;
  }
}

function lines(value: unknown): string {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').join('\n') : '';
}

export function messageBody(kind: string, m: Record<string, unknown>): string {
  switch (kind) {
    case 'user_message':
      return userText(m.content);
    case 'assistant_message':
    case 'system_message':
      return contentText(m.content);
    case 'reasoning_message':
      return str(m.reasoning) ?? '';
    case 'hidden_reasoning_message':
      return str(m.hidden_reasoning) ?? '';
    case 'tool_call_message':
      return toolCallText(m.tool_call);
    case 'tool_return_message':
      return [str(m.tool_return) ?? '', lines(m.stdout), lines(m.stderr)].filter((s) => s !== '').join('\n');
    default:
      // A type from a newer server: index whatever readable text it carries.
      return [contentText(m.content), str(m.reasoning) ?? '', toolCallText(m.tool_call), str(m.tool_return) ?? '']
        .filter((s) => s !== '')
        .join('\n');
  }
}

function partKey(m: Record<string, unknown>): string | null {
  return str(asRecord(m.tool_call)?.tool_call_id) ?? str(m.tool_call_id);
}

/** The searchable text of a row, capped at BODY_CAP characters. */
export function rowBody(row: MessageRow): string {
  if (row.body === null) {
    const body = messageBody(row.kind, row.source);
    row.body = body.length > BODY_CAP ? body.slice(0, BODY_CAP) : body;
  }
  return row.body;
}

export interface ToRowsResult {
  rows: MessageRow[];
  /** Entries that were not objects at all (null, numbers): there is nothing to store. */
  skipped: number;
}

/**
 * Rows for one batch as the server ordered it. A message without a usable date takes its
 * neighbour's, so it stays where the server put it in the conversation.
 */
export function toMessageRows(messages: readonly unknown[], fallbackDateMs: number): ToRowsResult {
  const rows: MessageRow[] = [];
  const ordinals = new Map<string, number>();
  let ordinalsFor: string | null = null;
  let skipped = 0;
  let lastDate: number | null = null;
  const undated: MessageRow[] = [];

  for (const entry of messages) {
    const m = asRecord(entry);
    if (!m) {
      skipped++;
      continue;
    }
    let json: string;
    try {
      json = JSON.stringify(m);
    } catch {
      skipped++;
      continue;
    }
    const id = str(m.id) || `raw-${hashId(json).toString(36)}`;
    const kind = str(m.message_type) || 'unknown';
    let part = partKey(m);
    if (part === null) {
      // Parts of one message arrive together, so counting within the current id is enough.
      if (id !== ordinalsFor) {
        ordinals.clear();
        ordinalsFor = id;
      }
      const n = ordinals.get(kind) ?? 0;
      ordinals.set(kind, n + 1);
      part = n === 0 ? '#0' : `#${n}`;
    }
    const date = parseServerDate(m.date);
    const row: MessageRow = {
      id,
      idHash: hashId(id),
      kind,
      part,
      dateMs: date ?? lastDate ?? Number.NaN,
      stepId: str(m.step_id),
      json,
      source: m,
      body: null,
    };
    if (date !== null) {
      for (const waiting of undated) waiting.dateMs = date;
      undated.length = 0;
      lastDate = date;
    } else if (lastDate === null) {
      undated.push(row);
    }
    rows.push(row);
  }
  for (const waiting of undated) waiting.dateMs = fallbackDateMs;
  return { rows, skipped };
}
