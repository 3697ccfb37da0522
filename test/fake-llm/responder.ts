/**
 * Decides what the fake LLM answers to one chat-completions request. Pure and stateless: the
 * position inside a turn is read from the conversation Letta sends back, so any number of agents
 * and servers can share one fake.
 *
 * What Letta 0.7.29 sends and expects (read in its source, letta/agent.py, letta/llm_api/openai.py,
 * letta/agents/voice_agent.py):
 * - The user's text arrives as the last user message, packed as the JSON string
 *   `{"type":"user_message","message":...,"time":...}`. Follow-ups inside the same turn arrive as
 *   `{"type":"heartbeat",...}` user messages (after a memory tool or a failed call); the voice agent
 *   sends plain text and marks its follow-ups with NON_USER_PREFIX.
 * - Every reply must be a tool call (`tool_choice: "required"`); a reply without one becomes
 *   reasoning only and ends the turn. `inner_thoughts` is an argument of every tool when the
 *   agent's `put_inner_thoughts_in_kwargs` is on (the default); otherwise thoughts go in `content`.
 * - The voice agent offers no `send_message` (`tool_choice: "auto"`) and speaks plain content;
 *   sleep-time agents offer neither and end with their own finishing tool.
 */
import { parseUserText, replyFor, thoughtsFor, longReply } from './commands.js';

export interface ChatMessage {
  role: string;
  content?: string | Array<{ type: string; text?: string }> | null;
  tool_calls?: unknown[] | null;
  function_call?: unknown;
}

export interface ChatTool {
  type: string;
  function: { name: string; parameters?: { properties?: Record<string, unknown> } };
}

export interface ChatCompletionRequest {
  model?: string;
  messages?: ChatMessage[];
  tools?: ChatTool[] | null;
  tool_choice?: unknown;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
}

export type FakeReply =
  | { kind: 'tool_call'; name: string; arguments: string; content: string | null; chunkDelayMs: number }
  | { kind: 'text'; content: string; chunkDelayMs: number }
  | { kind: 'http_error'; status: number; message: string };

export interface FakeTurnPlan {
  /** Wait this long before answering (`[slow]`). */
  delayMs: number;
  reply: FakeReply;
}

export const NON_USER_PREFIX = '[This is an automated system message hidden from the user]';

/** Terminal tools of the sleep-time agents, which have no send_message. */
const FINISHING_TOOLS = ['memory_finish_edits', 'finish_rethinking_memory'];

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
  return '';
}

/** The user's own words in a user message, or undefined for a heartbeat or system notice. */
function userWords(raw: string): string | undefined {
  try {
    const packed: unknown = JSON.parse(raw);
    if (packed && typeof packed === 'object' && !Array.isArray(packed)) {
      const { type, message } = packed as { type?: unknown; message?: unknown };
      return type === 'user_message' && typeof message === 'string' ? message : undefined;
    }
  } catch {
    // not packed: the voice agent and some sleep-time paths send the text as is
  }
  return raw.startsWith(NON_USER_PREFIX) ? undefined : raw;
}

/** The current turn's user text and how many tool calls the model already made in it. */
export function currentTurn(messages: ChatMessage[]): { text: string; stepsDone: number } {
  let stepsDone = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'assistant' && ((m.tool_calls && m.tool_calls.length > 0) || m.function_call)) stepsDone++;
    if (m.role !== 'user') continue;
    const words = userWords(textOf(m.content));
    if (words !== undefined) return { text: words, stepsDone };
  }
  return { text: '', stepsDone };
}

function toolCall(
  tools: Map<string, ChatTool['function']>,
  name: string,
  args: Record<string, unknown>,
  thoughts: string,
  final: boolean,
  chunkDelayMs: number,
): FakeReply {
  const properties = tools.get(name)?.parameters?.properties ?? {};
  // inner_thoughts goes first: Letta streams the reasoning, then the message, only in that order.
  const ordered: Record<string, unknown> = {};
  let content: string | null = thoughts;
  if ('inner_thoughts' in properties) {
    ordered.inner_thoughts = thoughts;
    content = null;
  }
  if ('pre_exec_msg' in properties) ordered.pre_exec_msg = `Calling ${name}.`;
  Object.assign(ordered, args);
  if ('request_heartbeat' in properties) ordered.request_heartbeat = !final;
  return { kind: 'tool_call', name, arguments: JSON.stringify(ordered), content, chunkDelayMs };
}

export function planReply(request: ChatCompletionRequest): FakeTurnPlan {
  const tools = new Map((request.tools ?? []).map((t) => [t.function.name, t.function] as const));
  const { text, stepsDone } = currentTurn(request.messages ?? []);
  const { commands } = parseUserText(text);
  const firstCall = stepsDone === 0;

  let delayMs = 0;
  if (firstCall) {
    for (const c of commands) if (c.kind === 'slow') delayMs += c.ms;
    const error = commands.find((c) => c.kind === 'llm-error');
    if (error) return { delayMs, reply: { kind: 'http_error', status: error.status, message: 'fake LLM error requested by [llm-error]' } };
  }

  const actions = commands.flatMap((c) => (c.kind === 'tool' && tools.has(c.tool) ? [c] : []));
  const action = actions[stepsDone];
  if (action) return { delayMs, reply: toolCall(tools, action.tool, action.args, `Calling ${action.tool}.`, false, 0) };

  const long = commands.find((c) => c.kind === 'long');
  const chunkDelayMs = long?.chunkDelayMs ?? 0;
  const thoughts = thoughtsFor(text);
  if (tools.has('send_message')) {
    return { delayMs, reply: toolCall(tools, 'send_message', { message: replyFor(text) }, thoughts, true, chunkDelayMs) };
  }
  const finisher = FINISHING_TOOLS.find((name) => tools.has(name));
  if (finisher) return { delayMs, reply: toolCall(tools, finisher, {}, thoughts, true, chunkDelayMs) };
  return { delayMs, reply: { kind: 'text', content: long ? longReply(long.words) : replyFor(text), chunkDelayMs } };
}

/**
 * Splits streamed text the way a tokenizer would: short pieces that cut through JSON keys and
 * values alike, so Letta's incremental argument parser is exercised as with a real model.
 */
export function streamPieces(text: string): string[] {
  return text.match(/\s*\S{1,8}|\s+$/g) ?? [];
}
