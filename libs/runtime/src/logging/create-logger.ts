import { pino, type DestinationStream, type Logger } from 'pino';
import { activeSpanLogFields } from '../tracing/log-trace-fields.js';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

interface LoggerOptions {
  /** Put on every line as `service`, so mixed logs can be told apart. */
  service: string;
  level: LogLevel;
  /** Where lines go; stdout when omitted. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/** A JSON-lines logger: `{"level":"info","time":"…","service":"ingest","msg":"…"}`. */
export function createLogger({ service, level, destination }: LoggerOptions): Logger {
  const options = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Level names, not numbers: the lines are read by people as often as by machines.
    formatters: { level: (label: string) => ({ level: label }) },
    // Lines written inside a span carry its trace_id and span_id (child loggers too).
    mixin: activeSpanLogFields,
  };
  // Synchronous writes to stdout: pino's default buffers and flushes at exit,
  // which reorders (or loses) the last lines of a shutdown ending in process.exit.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}
