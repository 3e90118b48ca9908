// How a calling service reports its errors to Vigil: one event per caught
// error, grouped by exception type and message, with the release and
// environment it runs as.
import { randomUUID } from 'node:crypto';
import { createIngestClient, type VigilClientOptions } from '@vigil/contracts/client';
import { Level, StoreOutcome } from '@vigil/contracts/ingest';

export interface ErrorReporterOptions extends VigilClientOptions {
  readonly ingestAddress: string;
  readonly projectId: string;
  readonly release: string;
  readonly environment: string;
}

export interface Report {
  readonly eventId: string;
  readonly groupId: string;
  readonly outcome: 'stored' | 'replaced' | 'duplicate';
}

export interface ErrorReporter {
  /** Reports `error`; pass `eventId` to report the same occurrence again (a retry after a crash). */
  report(error: Error, extra?: { userId?: string; tags?: Record<string, string>; eventId?: string }): Promise<Report>;
  close(): void;
}

const OUTCOMES: Partial<Record<StoreOutcome, Report['outcome']>> = {
  [StoreOutcome.STORED]: 'stored',
  [StoreOutcome.REPLACED]: 'replaced',
  [StoreOutcome.DUPLICATE]: 'duplicate',
};

export function createErrorReporter(options: ErrorReporterOptions): ErrorReporter {
  const ingest = createIngestClient(options.ingestAddress, options);
  return {
    async report(error, extra = {}) {
      const answer = await ingest.storeEvent({
        event: {
          eventId: extra.eventId ?? randomUUID(),
          projectId: options.projectId,
          level: Level.ERROR,
          platform: 'node',
          message: error.message,
          culprit: culpritOf(error),
          release: options.release,
          environment: options.environment,
          tags: extra.tags ?? {},
          user: extra.userId === undefined ? undefined : { id: extra.userId },
          exception: { type: error.name, value: error.message },
        },
      });
      const outcome = OUTCOMES[answer.outcome];
      if (outcome === undefined) throw new Error(`ingest answered an unexpected outcome ${answer.outcome}`);
      return { eventId: answer.eventId, groupId: answer.groupId, outcome };
    },
    close: () => ingest.close(),
  };
}

/** The function the error came from: the first frame of its stack. */
function culpritOf(error: Error): string {
  const frame = error.stack?.split('\n')[1]?.trim() ?? '';
  return /^at (\S+)/.exec(frame)?.[1] ?? '';
}
