/**
 * Full-text search over everything the cache holds: message text, reasoning, tool calls and
 * tool returns, across agents and connection profiles.
 *
 * Newest first is the default and costs little: the index is keyed by message position, which
 * is time, so SQLite reads the matches backwards and stops after one page. Profile, agent and
 * type filters are matched inside the index too (see the `scope` column in migration 002). "Most relevant"
 * ranks with bm25 among the newest `candidateCap` matches only; ranking every match of a
 * common word in a million messages would take seconds, and old hits of a common word are
 * rarely what anyone is looking for. The result says when the cap was reached.
 */
import type Database from 'better-sqlite3';
import { kindScopeToken, type Scope } from './scope.js';

type Db = Database.Database;

export type SearchOrder = 'newest' | 'relevance';

export interface SearchOptions {
  /** Only this connection profile (default: all). */
  profileId?: string;
  /** Only this agent; needs `profileId`, agent ids are per server. */
  agentId?: string;
  /** Only these message types (e.g. `tool_return_message`). */
  kinds?: readonly string[];
  order?: SearchOrder;
  /**
   * Newest first only: treat the last word as a prefix, for results while typing. A prefix of a
   * common word merges every matching term's list (tens of ms at 1M messages, against ~1 ms for
   * a word), and ranking one would cost seconds, so relevance always ranks whole words.
   */
  prefix?: boolean;
  /** Default 20, at most 100. */
  limit?: number;
  /** Newest-first paging: hits strictly older than this position. */
  before?: number;
  /** How many of the newest matches relevance ranks among (default 1000). */
  candidateCap?: number;
}

export interface SearchHit {
  profileId: string;
  agentId: string;
  messageId: string;
  kind: string;
  /** ISO time of the message. */
  date: string;
  /** Open the conversation with `messages.around(profileId, agentId, position)`. */
  position: number;
  /** A short excerpt around the match, plain text. */
  snippet: string;
  /** `[start, end)` character ranges of `snippet` that matched, for highlighting without HTML. */
  highlights: [number, number][];
  /** bm25 score for relevance order (lower is better); absent for newest-first. */
  score?: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Relevance only: more matches existed than were ranked. */
  capped: boolean;
}

const OPEN = '\u0002';
const CLOSE = '\u0003';
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * The user's words as an FTS5 query that cannot be a syntax error: every word quoted, a quoted
 * phrase kept as a phrase, a hyphenated or dotted token (`check-in`, `p95.ms`) searched as the
 * phrase it is, and with `prefix` the last word a prefix.
 */
/** Shortest last word searched as a prefix while typing. */
export const MIN_PREFIX = 3;

export function toFtsQuery(input: string, options: { prefix?: boolean } = {}): string | null {
  const terms: string[] = [];
  const endsInWord = /[^\s"]$/.test(input);
  const tokens = [...input.matchAll(/"([^"]*)"?|([^\s"]+)/g)];
  tokens.forEach((match, i) => {
    const text = match[1] ?? match[2] ?? '';
    const words = text.match(WORD);
    if (!words) return;
    const quoted = `"${words.join(' ')}"`;
    // A one- or two-letter prefix matches a large share of the vocabulary (~84 ms p95 at 1M
    // messages, against ~1 ms for a word), so while typing it is searched as a word until a
    // third letter narrows it.
    const last =
      options.prefix === true && i === tokens.length - 1 && match[2] !== undefined && endsInWord && quoted.length - 2 >= MIN_PREFIX;
    terms.push(last ? `${quoted}*` : quoted);
  });
  return terms.length > 0 ? terms.join(' ') : null;
}


/** The snippet's match markers turned into ranges over the plain text. */
export function parseSnippet(marked: string): { snippet: string; highlights: [number, number][] } {
  let snippet = '';
  const highlights: [number, number][] = [];
  let start = -1;
  for (const ch of marked) {
    if (ch === OPEN) start = snippet.length;
    else if (ch === CLOSE) {
      if (start >= 0) highlights.push([start, snippet.length]);
      start = -1;
    } else snippet += ch;
  }
  return { snippet, highlights };
}

interface HitRow {
  pos: number;
  profile_id: string;
  agent_id: string;
  id: string;
  kind: string;
  date_ms: number;
  snippet: string;
}

export class SearchRepo {
  private readonly scope: Scope;
  private readonly newestStmt;
  private readonly rankStmt;
  private readonly hitStmt;

  constructor(db: Db, scope: Scope) {
    this.scope = scope;
    const snippet = `snippet(message_fts, 0, char(2), char(3), '…', 14) AS snippet`;
    // better-sqlite3 binds every JS number as REAL, and FTS5 silently ignores a rowid
    // constraint that is not an INTEGER, hence the casts.
    const hitCols = `m.pos, p.id AS profile_id, a.id AS agent_id, m.id, m.kind, m.date_ms, ${snippet}`;
    const joins = `FROM message_fts
      JOIN messages AS m ON m.pos = message_fts.rowid
      JOIN agents AS a ON a.pk = m.agent_pk
      JOIN profiles AS p ON p.pk = m.profile_pk`;
    this.newestStmt = db.prepare<[{ fts: string; before: number; limit: number }], HitRow>(
      `SELECT ${hitCols} ${joins}
       WHERE message_fts MATCH @fts AND message_fts.rowid < CAST(@before AS INTEGER)
       ORDER BY message_fts.rowid DESC LIMIT @limit`,
    );
    // The scope column must not weigh in the ranking: every message has one of each token.
    this.rankStmt = db.prepare<[{ fts: string; cap: number; limit: number }], { pos: number; score: number; n: number }>(
      `SELECT pos, score, count(*) OVER () AS n FROM (
         SELECT rowid AS pos, bm25(message_fts, 1.0, 0.0) AS score FROM message_fts
         WHERE message_fts MATCH @fts
         ORDER BY rowid DESC LIMIT @cap
       ) ORDER BY score LIMIT @limit`,
    );
    this.hitStmt = db.prepare<[{ fts: string; pos: number }], HitRow>(
      `SELECT ${hitCols} ${joins} WHERE message_fts MATCH @fts AND message_fts.rowid = CAST(@pos AS INTEGER)`,
    );
  }

  search(query: string, options: SearchOptions = {}): SearchResult {
    const order = options.order ?? 'newest';
    const words = toFtsQuery(query, { prefix: order === 'newest' && options.prefix === true });
    if (words === null) return { hits: [], capped: false };
    const limit = Math.min(Math.max(Math.floor(options.limit ?? 20), 1), 100);

    // Filters are phrases on the scope column, so FTS5 intersects them with the words.
    const clauses = [`{body} : (${words})`];
    if (options.profileId !== undefined) {
      const profilePk = this.scope.profilePk(options.profileId);
      if (profilePk === null) return { hits: [], capped: false };
      clauses.push(`{scope} : "p${profilePk}"`);
      if (options.agentId !== undefined) {
        const agentPk = this.scope.agentPk(profilePk, options.agentId);
        if (agentPk === null) return { hits: [], capped: false };
        clauses.push(`{scope} : "a${agentPk}"`);
      }
    } else if (options.agentId !== undefined) {
      return { hits: [], capped: false };
    }
    if (options.kinds && options.kinds.length > 0) {
      const kinds = options.kinds.map((k) => `"${kindScopeToken(k)}"`);
      clauses.push(`{scope} : (${kinds.join(' OR ')})`);
    }
    const fts = clauses.join(' AND ');

    if (order === 'newest') {
      const before = options.before ?? Number.MAX_SAFE_INTEGER;
      return { hits: this.newestStmt.all({ fts, before, limit }).map((row) => toHit(row)), capped: false };
    }

    const cap = Math.max(limit, Math.floor(options.candidateCap ?? 1000));
    const ranked = this.rankStmt.all({ fts, cap, limit });
    const hits: SearchHit[] = [];
    for (const r of ranked) {
      const row = this.hitStmt.get({ fts, pos: r.pos });
      if (row) hits.push(toHit(row, r.score));
    }
    return { hits, capped: (ranked[0]?.n ?? 0) >= cap };
  }
}

function toHit(row: HitRow, score?: number): SearchHit {
  const { snippet, highlights } = parseSnippet(row.snippet);
  const hit: SearchHit = {
    profileId: row.profile_id,
    agentId: row.agent_id,
    messageId: row.id,
    kind: row.kind,
    date: new Date(row.date_ms).toISOString(),
    position: row.pos,
    snippet,
    highlights,
  };
  if (score !== undefined) hit.score = score;
  return hit;
}
