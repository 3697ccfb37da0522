import { describe, expect, it, vi } from 'vitest';
import type { MessageSearchHit, MessageSearchPage } from '../../../src-shared/cache-types';
import { highlightParts, messageFocus, SearchState, type SearchDeps } from './search.svelte';

const hit = (messageId: string): MessageSearchHit => ({
  profileId: 'p',
  profileName: 'Home',
  activeProfile: true,
  agentId: 'agent-1',
  agentName: 'Ada',
  messageId,
  kind: 'user_message',
  date: '2025-01-01T10:00:00.000Z',
  snippet: 'about kiwi',
  highlights: [[6, 10]],
});

function harness(answer: (args: { query: string; cursor?: number }) => Promise<MessageSearchPage>) {
  const frames: (() => void)[] = [];
  const messages = vi.fn(answer);
  const deps: SearchDeps = {
    search: { messages: messages as unknown as SearchDeps['search']['messages'] },
    onEvent: () => () => undefined,
    frame: (cb) => frames.push(cb),
  };
  const flush = () => frames.splice(0).forEach((f) => f());
  return { state: new SearchState(deps), messages, flush };
}

describe('SearchState', () => {
  it('searches once per frame with the latest query', async () => {
    const h = harness(async ({ query }) => ({ hits: [hit(query)], next: null, capped: false }));
    h.state.setQuery('k');
    h.state.setQuery('ki');
    h.state.setQuery('kiwi');
    h.flush();
    await vi.waitFor(() => expect(h.state.hits.map((x) => x.messageId)).toEqual(['kiwi']));
    expect(h.messages).toHaveBeenCalledTimes(1);
    expect(h.messages.mock.calls[0]![0]).toMatchObject({ query: 'kiwi', order: 'newest', scope: 'all' });
  });

  it('drops an answer that arrives after a newer query', async () => {
    let release: (() => void) | undefined;
    const h = harness(({ query }) =>
      query === 'slow'
        ? new Promise((resolve) => (release = () => resolve({ hits: [hit('slow')], next: null, capped: false })))
        : Promise.resolve({ hits: [hit('fast')], next: null, capped: false }),
    );
    h.state.setQuery('slow');
    h.flush();
    h.state.setQuery('fast');
    h.flush();
    await vi.waitFor(() => expect(h.state.hits.map((x) => x.messageId)).toEqual(['fast']));
    release?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(h.state.hits.map((x) => x.messageId)).toEqual(['fast']);
  });

  it('pages newest-first hits with the cursor and re-searches on an order change', async () => {
    const h = harness(async ({ cursor }) => ({ hits: [hit(cursor ? 'older' : 'newer')], next: cursor ? null : 42, capped: false }));
    h.state.setQuery('kiwi');
    h.flush();
    await vi.waitFor(() => expect(h.state.hasMore).toBe(true));
    await h.state.loadMore();
    expect(h.state.hits.map((x) => x.messageId)).toEqual(['newer', 'older']);
    expect(h.messages.mock.calls[1]![0]).toMatchObject({ cursor: 42 });
    h.state.setOrder('relevance');
    h.flush();
    await vi.waitFor(() => expect(h.messages.mock.calls[2]![0]).toMatchObject({ order: 'relevance' }));
  });

  it('clears the hits for an empty query without asking main', () => {
    const h = harness(async () => ({ hits: [], next: null, capped: false }));
    h.state.setQuery('   ');
    h.flush();
    expect(h.messages).not.toHaveBeenCalled();
    expect(h.state.searchedFor).toBeNull();
  });
});

describe('highlightParts', () => {
  it('splits a snippet into plain and matched parts', () => {
    expect(highlightParts('about kiwi and kiwis', [[6, 10], [15, 20]])).toEqual([
      { text: 'about ', match: false },
      { text: 'kiwi', match: true },
      { text: ' and ', match: false },
      { text: 'kiwis', match: true },
    ]);
    expect(highlightParts('plain', [])).toEqual([{ text: 'plain', match: false }]);
  });
});

describe('messageFocus', () => {
  it('clears only the request it was told is done', () => {
    messageFocus.request('agent-1', 'message-1');
    const first = messageFocus.target!;
    messageFocus.request('agent-1', 'message-2');
    messageFocus.done(first);
    expect(messageFocus.target?.messageId).toBe('message-2');
    messageFocus.done(messageFocus.target!);
    expect(messageFocus.target).toBeNull();
  });
});
