import { PortraitRigError } from '../errors/PortraitRigError.js';

/**
 * Throws `ABORTED` when `signal` has fired; `what` names the operation in the message.
 * @internal
 */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortError(signal, what);
}

/**
 * The `ABORTED` error for `signal`, keeping the abort reason as the cause.
 * @internal
 */
export function abortError(signal: AbortSignal | undefined, what: string): PortraitRigError {
  const reason: unknown = signal?.reason;
  const detail = reason instanceof Error ? `: ${reason.message}` : typeof reason === 'string' ? `: ${reason}` : '';
  return new PortraitRigError('ABORTED', `${what} was cancelled${detail}.`, { cause: reason });
}
