/**
 * One line per message for the runs view, from either the LettaMessage union (a run's messages)
 * or the server's internal Message (a step's messages). Unknown shapes fall back to their type.
 */
export interface MessageLine {
  id: string;
  kind: string;
  text: string;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) => {
        if (!part || typeof part !== 'object') return '';
        const p = part as Record<string, unknown>;
        if (typeof p.text === 'string') return p.text;
        if (typeof p.reasoning === 'string') return p.reasoning;
        if (p.type === 'tool_call' && typeof p.name === 'string') return `${p.name}(…)`;
        if (typeof p.content === 'string') return p.content;
        return '';
      })
      .filter(Boolean)
      .join(' ');
  }
  return '';
}

export function summariseMessage(message: unknown): MessageLine {
  const m = (message ?? {}) as Record<string, unknown>;
  const id = typeof m.id === 'string' ? m.id : '';
  if (typeof m.message_type === 'string') {
    switch (m.message_type) {
      case 'reasoning_message':
        return { id, kind: 'reasoning', text: String(m.reasoning ?? '') };
      case 'tool_call_message': {
        const call = (m.tool_call ?? {}) as Record<string, unknown>;
        return { id, kind: 'tool call', text: `${String(call.name ?? '')}(${String(call.arguments ?? '')})` };
      }
      case 'tool_return_message':
        return { id, kind: `tool return${m.status === 'error' ? ' (error)' : ''}`, text: String(m.tool_return ?? '') };
      default:
        return { id, kind: m.message_type.replace(/_message$/, '').replace(/_/g, ' '), text: textOf(m.content) };
    }
  }
  const role = typeof m.role === 'string' ? m.role : 'message';
  const calls = Array.isArray(m.tool_calls) ? (m.tool_calls as { function?: { name?: string; arguments?: string } }[]) : [];
  const callText = calls.map((c) => `${c.function?.name ?? '?'}(${c.function?.arguments ?? ''})`).join(' ');
  return { id, kind: role, text: [textOf(m.content), callText].filter(Boolean).join(' → ') };
}
