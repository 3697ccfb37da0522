/**
 * The fake LLM's command language. Tests steer the "model" by putting bracketed commands in the
 * text they send to an agent; everything outside the brackets is ordinary chat text.
 *
 *   [remember label=<block>: <content>]              core_memory_append {label, content}
 *   [replace label=<block> old=<text> new=<text>]    core_memory_replace {label, old_content, new_content}
 *   [archive: <content>]                             archival_memory_insert {content}
 *   [search: <query>]                                archival_memory_search {query}
 *   [call <tool_name> <json object>]                 <tool_name>(<json object>), e.g. a custom tool
 *   [fail]                                           a tool call that errors (see FAIL_MARKER)
 *   [slow <ms>]                                      wait <ms> before answering the turn's first LLM call
 *   [long <words>]  or  [long <words> <ms>]          final reply of <words> words, streamed one word per
 *                                                    chunk, optionally <ms> apart
 *   [say: <text>]                                    final reply is exactly <text>
 *   [llm-error <status>]                             the turn's first LLM call gets HTTP <status>
 *
 * Tool commands run in order, one per LLM call (Letta sends a heartbeat after each), and the turn
 * ends with `send_message` carrying `replyFor(text)`; its inner thoughts are `thoughtsFor(text)`.
 * A tool command whose tool the agent does not offer is skipped rather than invented.
 * Values cannot contain `]` (the JSON of `call` can: it is scanned by brace matching). Build
 * commands with `fakeLlmCommands` so a test never hand-writes this syntax.
 */

export type FakeLlmCommand =
  | { kind: 'tool'; tool: string; args: Record<string, unknown> }
  | { kind: 'slow'; ms: number }
  | { kind: 'long'; words: number; chunkDelayMs: number }
  | { kind: 'say'; text: string }
  | { kind: 'llm-error'; status: number };

/** Old content that no memory block contains, so `core_memory_replace` raises inside Letta. */
export const FAIL_MARKER = '<<fake-llm: text that is in no block>>';

function plainValue(what: string, value: string): string {
  if (value.includes(']')) throw new Error(`fake LLM ${what} cannot contain "]": ${value}`);
  if (value !== value.trim() || value === '') throw new Error(`fake LLM ${what} must be non-empty and not padded: "${value}"`);
  return value;
}

function label(value: string): string {
  if (!/^[\w-]+$/.test(value)) throw new Error(`fake LLM block label must be a single word: ${value}`);
  return value;
}

/** Builders for every command; each returns the bracketed text to embed in a user message. */
export const fakeLlmCommands = {
  remember: (blockLabel: string, content: string) => `[remember label=${label(blockLabel)}: ${plainValue('content', content)}]`,
  replace: (blockLabel: string, oldContent: string, newContent: string) => {
    if (oldContent.includes(' new=')) throw new Error(`fake LLM old text cannot contain " new=": ${oldContent}`);
    return `[replace label=${label(blockLabel)} old=${plainValue('old text', oldContent)} new=${plainValue('new text', newContent)}]`;
  },
  archive: (content: string) => `[archive: ${plainValue('content', content)}]`,
  search: (query: string) => `[search: ${plainValue('query', query)}]`,
  call: (toolName: string, args: Record<string, unknown> = {}) => {
    if (!/^[A-Za-z_][\w-]*$/.test(toolName)) throw new Error(`fake LLM tool name is not an identifier: ${toolName}`);
    return `[call ${toolName} ${JSON.stringify(args)}]`;
  },
  fail: () => '[fail]',
  slow: (ms: number) => `[slow ${Math.max(0, Math.round(ms))}]`,
  long: (words: number, chunkDelayMs = 0) =>
    chunkDelayMs > 0 ? `[long ${Math.round(words)} ${Math.round(chunkDelayMs)}]` : `[long ${Math.round(words)}]`,
  say: (text: string) => `[say: ${plainValue('reply', text)}]`,
  llmError: (status: number) => `[llm-error ${status}]`,
} as const;

export interface ParsedUserText {
  commands: FakeLlmCommand[];
  /** The text with every command removed and whitespace collapsed. */
  rest: string;
}

const COMMAND_START = /\[(remember|replace|archive|search|call|fail|slow|long|say|llm-error)(?=[\s:\]])/g;

/** Index just past a JSON object starting at `start` (which must be `{`), or -1. */
function scanJsonObject(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Parses one command whose keyword starts at `at`; returns it and the index past its `]`. */
function parseOne(text: string, at: number, keyword: string): { command: FakeLlmCommand; end: number } | undefined {
  const bodyStart = at + 1 + keyword.length;
  if (keyword === 'call') {
    const m = /^\s+([A-Za-z_][\w-]*)\s*/.exec(text.slice(bodyStart));
    if (!m) return undefined;
    const jsonStart = bodyStart + m[0].length;
    const jsonEnd = text[jsonStart] === '{' ? scanJsonObject(text, jsonStart) : -1;
    if (jsonEnd < 0) return undefined;
    const close = /^\s*\]/.exec(text.slice(jsonEnd));
    if (!close) return undefined;
    let args: unknown;
    try {
      args = JSON.parse(text.slice(jsonStart, jsonEnd));
    } catch {
      return undefined;
    }
    return { command: { kind: 'tool', tool: m[1]!, args: args as Record<string, unknown> }, end: jsonEnd + close[0].length };
  }
  const close = text.indexOf(']', bodyStart);
  if (close < 0) return undefined;
  const command = bracketedCommand(keyword, text.slice(bodyStart, close));
  return command && { command, end: close + 1 };
}

/** The command for `[<keyword><body>]`, or undefined when the body does not fit the keyword. */
function bracketedCommand(keyword: string, body: string): FakeLlmCommand | undefined {
  const tool = (name: string, args: Record<string, unknown>): FakeLlmCommand => ({ kind: 'tool', tool: name, args });
  const colonValue = /^:\s*([\s\S]+)$/.exec(body)?.[1]?.trim();
  let m: RegExpExecArray | null;
  switch (keyword) {
    case 'remember':
      m = /^\s+label=([\w-]+):\s*([\s\S]+)$/.exec(body);
      return m ? tool('core_memory_append', { label: m[1], content: m[2]!.trim() }) : undefined;
    case 'replace':
      m = /^\s+label=([\w-]+)\s+old=([\s\S]+?) new=([\s\S]+)$/.exec(body);
      return m ? tool('core_memory_replace', { label: m[1], old_content: m[2]!.trim(), new_content: m[3]!.trim() }) : undefined;
    case 'archive':
      return colonValue ? tool('archival_memory_insert', { content: colonValue }) : undefined;
    case 'search':
      return colonValue ? tool('archival_memory_search', { query: colonValue }) : undefined;
    case 'say':
      return colonValue ? { kind: 'say', text: colonValue } : undefined;
    case 'fail':
      return body.trim() === '' ? tool('core_memory_replace', { label: 'human', old_content: FAIL_MARKER, new_content: 'x' }) : undefined;
    case 'slow':
      m = /^\s+(\d+)\s*$/.exec(body);
      return m ? { kind: 'slow', ms: Number(m[1]) } : undefined;
    case 'long':
      m = /^\s+(\d+)(?:\s+(\d+))?\s*$/.exec(body);
      return m ? { kind: 'long', words: Number(m[1]), chunkDelayMs: Number(m[2] ?? 0) } : undefined;
    case 'llm-error':
      m = /^\s+(\d{3})\s*$/.exec(body);
      return m ? { kind: 'llm-error', status: Number(m[1]) } : undefined;
  }
  return undefined;
}

export function parseUserText(text: string): ParsedUserText {
  const commands: FakeLlmCommand[] = [];
  let rest = '';
  let cursor = 0;
  COMMAND_START.lastIndex = 0;
  for (let m = COMMAND_START.exec(text); m; m = COMMAND_START.exec(text)) {
    if (m.index < cursor) continue;
    const parsed = parseOne(text, m.index, m[1]!);
    if (!parsed) continue; // a malformed command stays as ordinary text
    commands.push(parsed.command);
    rest += text.slice(cursor, m.index) + ' ';
    cursor = parsed.end;
    COMMAND_START.lastIndex = parsed.end;
  }
  rest += text.slice(cursor);
  return { commands, rest: rest.replace(/\s+/g, ' ').trim() };
}

/** The `<words>` words of a `[long]` reply: numbered so a test can tell a truncated stream. */
export function longReply(words: number): string {
  return Array.from({ length: words }, (_, i) => `w${i + 1}`).join(' ');
}

/** The text the fake's final `send_message` carries for a user message. */
export function replyFor(userText: string): string {
  const { commands, rest } = parseUserText(userText);
  const say = commands.find((c) => c.kind === 'say');
  if (say) return say.text;
  const long = commands.find((c) => c.kind === 'long');
  if (long) return longReply(long.words);
  return `Echo: ${rest || 'done'}`;
}

/** The inner thoughts (Letta's reasoning_message) on the fake's final reply. */
export function thoughtsFor(userText: string): string {
  return `Thinking about: ${parseUserText(userText).rest || 'the request'}`;
}
