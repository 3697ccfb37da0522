import { equal, ok } from 'node:assert/strict';
import type { ContractCase } from '../case.js';
import { collect } from '../case.js';
import type { VoiceStreamEvent } from '../../../src-main/letta/types/voice.js';

const agentId = 'agent-7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a';

const chunk = (content: string, finish: string | null = null) => ({
  id: 'chatcmpl-voice-1',
  object: 'chat.completion.chunk',
  created: 1747735200,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: finish }],
});

const spokenReply = [chunk('Sure, '), chunk('your order ships '), chunk('tomorrow.', 'stop')]
  .map((c) => `data: ${JSON.stringify(c)}\n\n`)
  .join('')
  .concat('data: [DONE]\n\n');

export const cases: ContractCase[] = [
  {
    operationId: 'create_voice_chat_completions',
    sse: spokenReply,
    // The push-to-talk flow: the transcribed utterance goes in, speakable text streams back.
    call: async (c) =>
      collect(
        await c.voice.createChatCompletions(agentId, {
          model: 'gpt-4o-mini',
          messages: [
            { role: 'system', content: 'Answer in one short spoken sentence.' },
            { role: 'user', content: 'When does my order ship?' },
          ],
          user: 'desk-user-1',
        }),
      ),
    check: (result) => {
      const events = result as VoiceStreamEvent[];
      equal(events.length, 3);
      const text = events.map((e) => {
        ok(!('kind' in e), 'every chunk typed');
        return e.choices[0]?.delta.content ?? '';
      });
      equal(text.join(''), 'Sure, your order ships tomorrow.');
    },
  },
];
