/**
 * The trust boundary. Every call from either shell comes through `dispatch`, which in order:
 * checks the sender, checks the channel exists, parses the arguments with the channel's strict
 * schema, runs the handler, and wraps the outcome as a Result. It never throws and never lets a
 * raw error (with its stack, cause chain or a token in it) cross to the renderer.
 */
import { z } from 'zod';
import { CONTRACT, isChannelName } from '../../src-shared/ipc/contract.js';
import type { ContractHandlers } from '../../src-shared/ipc/api-types.js';
import type { AppError, Result } from '../../src-shared/result.js';
import type { Logger } from '../log.js';
import { maskSecretsDeep } from '../secrets/secret-registry.js';
import { toAppError } from '../services/errors.js';
import type { Sender, SenderPolicy } from './sender.js';

export interface CallContext {
  sender: Sender;
}

export type Handlers = ContractHandlers<CallContext>;

export class IpcRouter {
  constructor(
    private readonly handlers: Handlers,
    private readonly trusts: SenderPolicy,
    private readonly log: Logger,
  ) {}

  async dispatch(channelName: unknown, rawArgs: unknown, sender: Sender): Promise<Result<unknown>> {
    if (!this.trusts(sender)) {
      this.log.warn(`refused a call from an untrusted sender (${sender.kind})`);
      return failure({ code: 'forbidden_sender', message: 'This caller may not use the app API.' });
    }
    if (!isChannelName(channelName)) {
      this.log.warn(`refused a call to an unknown channel`);
      return failure({ code: 'unknown_channel', message: 'No such channel.' });
    }
    const parsed = CONTRACT[channelName].args.safeParse(rawArgs);
    if (!parsed.success) {
      return failure({
        code: 'invalid_argument',
        message: `Invalid arguments for ${channelName}: ${describeIssues(parsed.error)}`,
      });
    }
    try {
      const handler = this.handlers[channelName] as (args: unknown, ctx: CallContext) => Promise<unknown>;
      const value = await handler(parsed.data, { sender });
      return maskSecretsDeep({ ok: true, value: value === undefined ? null : value });
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'internal') this.log.error(`${channelName} failed`, error);
      else this.log.debug(`${channelName}: ${appError.code}`);
      return failure(appError);
    }
  }
}

function failure(error: AppError): Result<never> {
  return maskSecretsDeep({ ok: false, error });
}

/**
 * Where and what, never the offending value: a token pasted into the wrong field must not come
 * back in an error message.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(arguments)'}: ${issue.message}`)
    .join('; ');
}
