/**
 * The main process's one logger. Every line passes through the secret registry, so a token
 * that reaches a message by accident (an error echoing a header, a URL a user pasted) is masked
 * before it is written. Lines go to stderr: the web shell's stdout carries exactly one line, its URL.
 */
import { maskSecrets } from './secrets/secret-registry.js';
import { redactSecrets } from './letta/index.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
  child(scope: string): Logger;
}

export type LogSink = (line: string) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function describe(detail: unknown): string {
  if (detail === undefined) return '';
  if (detail instanceof Error) {
    const asJson = (detail as { toJSON?: () => unknown }).toJSON;
    if (typeof asJson === 'function') return JSON.stringify(asJson.call(detail));
    return `${detail.name}: ${detail.message}${detail.stack ? `\n${detail.stack.split('\n').slice(1, 6).join('\n')}` : ''}`;
  }
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}

export function createLogger(
  sink: LogSink = (line) => process.stderr.write(line + '\n'),
  minLevel: LogLevel = 'info',
  scope = 'app',
): Logger {
  const write = (level: LogLevel, message: string, detail?: unknown) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    const extra = detail === undefined ? '' : ` ${describe(detail)}`;
    sink(redactSecrets(maskSecrets(`${new Date().toISOString()} ${level.toUpperCase()} [${scope}] ${message}${extra}`)));
  };
  return {
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    child: (child) => createLogger(sink, minLevel, `${scope}/${child}`),
  };
}

/** For tests: collects lines in memory. */
export function memoryLogger(lines: string[] = []): Logger & { lines: string[] } {
  return Object.assign(createLogger((line) => lines.push(line), 'debug'), { lines });
}
