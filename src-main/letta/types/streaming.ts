/**
 * Events of the agent and group message streams (`POST .../messages/stream`).
 *
 * The server sends one `data:` line per message (or per token slice with `stream_tokens: true`),
 * then one usage line (`message_type: "usage_statistics"`), then `data: [DONE]`. Anything this
 * client does not recognise (a message type from a newer server, a legacy event) arrives as a
 * `RawStreamEvent` (`kind: "raw"`) instead of being dropped or thrown; errors sent mid-stream
 * reject the iteration with a LettaStreamError.
 */
import type { RawStreamEvent } from '../core/stream.js';
import type { LettaMessage, LettaUsageStatistics } from './messages.js';

/** Tell the three apart with `'kind' in e` (raw), then `e.message_type`. */
export type LettaStreamEvent = LettaMessage | LettaUsageStatistics | RawStreamEvent;
