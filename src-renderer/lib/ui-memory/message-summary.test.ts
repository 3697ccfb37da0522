import { describe, expect, it } from 'vitest';
import { summariseMessage } from './message-summary';

describe('summariseMessage', () => {
  it('reads the LettaMessage union', () => {
    expect(summariseMessage({ id: 'm1', message_type: 'user_message', content: 'hi' })).toEqual({ id: 'm1', kind: 'user', text: 'hi' });
    expect(summariseMessage({ id: 'm2', message_type: 'tool_call_message', tool_call: { name: 'core_memory_append', arguments: '{"label":"human"}' } }).text).toBe(
      'core_memory_append({"label":"human"})',
    );
    expect(summariseMessage({ id: 'm3', message_type: 'tool_return_message', tool_return: 'boom', status: 'error' }).kind).toBe('tool return (error)');
    expect(summariseMessage({ id: 'm4', message_type: 'assistant_message', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }).text).toBe('a b');
  });

  it('reads the server\'s internal messages, tool calls included', () => {
    const line = summariseMessage({
      id: 'message-1',
      role: 'assistant',
      content: [{ type: 'text', text: 'thinking' }],
      tool_calls: [{ function: { name: 'send_message', arguments: '{"message":"hi"}' } }],
    });
    expect(line).toEqual({ id: 'message-1', kind: 'assistant', text: 'thinking → send_message({"message":"hi"})' });
  });

  it('never throws on shapes it does not know', () => {
    expect(summariseMessage(null)).toEqual({ id: '', kind: 'message', text: '' });
    expect(summariseMessage({ message_type: 'brand_new_message' }).kind).toBe('brand new');
  });
});
