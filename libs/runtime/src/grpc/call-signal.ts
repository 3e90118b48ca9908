import { CallEndedError } from './domain-errors.js';

/** What callSignal needs of a grpc-js server call (any of them is one). */
interface WatchedCall {
  getDeadline(): Date | number;
  on(event: 'cancelled', listener: () => void): unknown;
  off(event: 'cancelled', listener: () => void): unknown;
}

/** An AbortSignal for one server call, and what to call once the call is answered. */
export interface CallSignal {
  readonly signal: AbortSignal;
  /** Stops watching the call (clears the deadline timer). Call it once the handler has finished. */
  dispose(): void;
}

/**
 * Aborts when the caller cancels the call or when the call's deadline passes,
 * so work done for it (a running SQL statement) stops with it instead of
 * running on for nobody. grpc-js answers DEADLINE_EXCEEDED itself when the
 * deadline passes; the handler learns of it only through this signal.
 */
export function callSignal(call: WatchedCall): CallSignal {
  const controller = new AbortController();
  const onCancelled = (): void => controller.abort(new CallEndedError('the caller cancelled the call'));
  call.on('cancelled', onCancelled);
  const msLeft = deadlineMs(call.getDeadline()) - Date.now();
  let timer: NodeJS.Timeout | undefined;
  if (Number.isFinite(msLeft)) {
    const abortAtDeadline = (): void => controller.abort(new CallEndedError("the call's deadline passed"));
    if (msLeft <= 0) abortAtDeadline();
    // Unref'd: a pending deadline never keeps the process alive on its own.
    else timer = setTimeout(abortAtDeadline, msLeft).unref();
  }
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      call.off('cancelled', onCancelled);
    },
  };
}

function deadlineMs(deadline: Date | number): number {
  return deadline instanceof Date ? deadline.getTime() : deadline;
}
