import type { DestinationStream, Logger } from 'pino';
import type { z } from 'zod';
import { loadConfig } from '../config/load-config.js';
import { createLogger, type LogLevel } from '../logging/create-logger.js';
import { startTracing } from '../tracing/start-tracing.js';
import { tracingConfigFromEnv } from '../tracing/tracing-config.js';

/** What an app's `start` returns: how to stop what it started. */
export interface StartedService {
  /**
   * Stops in order: health NOT_SERVING and drain gRPC within the grace bound,
   * then consumers and relays, then close NATS and the database.
   */
  stop(): Promise<void>;
}

/** Any config schema that includes `commonServiceConfig` (it needs LOG_LEVEL). */
type ServiceConfigSchema = z.ZodObject<{ LOG_LEVEL: z.ZodType<LogLevel, string | undefined> }>;

interface RunServiceOptions<S extends ServiceConfigSchema> {
  /** The service name, on every log line as `service`. */
  name: string;
  /** Read from the environment first; a bad value exits 1 naming the variable. */
  config: S;
  /** Opens connections and starts serving; throwing here exits 1. */
  start(context: { config: z.output<S>; logger: Logger }): Promise<StartedService>;
  /**
   * Upper bound on `stop()`; past it the process exits 1 anyway, so a hung
   * close cannot keep a terminated service alive. Default 30 s.
   */
  stopTimeoutMs?: number;
}

type ShutdownSignal = 'SIGTERM' | 'SIGINT';

/** The parts of `process` runService uses; tests pass a fake. */
interface ProcessHost {
  env: Readonly<Record<string, string | undefined>>;
  on(signal: ShutdownSignal, listener: () => void): unknown;
  exit(code: number): void;
  /** Where log lines go; stdout when omitted. */
  logDestination?: DestinationStream;
}

/**
 * Runs an app: load its config, create its logger, start it; then on
 * SIGTERM/SIGINT stop it and exit 0. A second signal while stopping exits 1
 * at once; a bad config, a failed start or a failed stop exits 1 after
 * logging why. Resolves once the service has started (or failed to).
 */
export async function runService<S extends ServiceConfigSchema>(
  options: RunServiceOptions<S>,
  host: ProcessHost = process,
): Promise<void> {
  const log = (level: LogLevel): Logger =>
    createLogger({ service: options.name, level, ...(host.logDestination && { destination: host.logDestination }) });
  let logger: Logger | undefined;
  try {
    const config = loadConfig(options.config, host.env);
    const tracingSettings = tracingConfigFromEnv(host.env, options.name);
    logger = log(config.LOG_LEVEL);
    // Before start: the gRPC server and clients it creates look once whether tracing is on.
    const tracing = tracingSettings && (await startTracing(tracingSettings, { logger }));
    const started = await options.start({ config, logger });
    // Handlers first: a launcher or orchestrator that signals as soon as it
    // reads "started" must reach them, not Node's default (exit at once).
    const stoppable = {
      async stop() {
        await started.stop();
        // Last: the spans of the drain itself are sent too.
        await tracing?.shutdown();
      },
    };
    stopOnSignal(stoppable, { ...options, logger }, host);
    logger.info(`${options.name} started`);
  } catch (error) {
    // Without a valid config there is no LOG_LEVEL yet: report at info.
    (logger ?? log('info')).fatal({ err: error }, `${options.name} failed to start: ${messageOf(error)}`);
    host.exit(1);
  }
}

function stopOnSignal(
  started: StartedService,
  { name, logger, stopTimeoutMs = 30_000 }: { name: string; logger: Logger; stopTimeoutMs?: number },
  host: ProcessHost,
): void {
  let stopping = false;
  const onSignal = (signal: ShutdownSignal): void => {
    if (stopping) {
      logger.warn({ signal }, `${name}: second ${signal}, exiting without waiting`);
      host.exit(1);
      return;
    }
    stopping = true;
    logger.info({ signal }, `${name} stopping`);
    stopWithin(started, stopTimeoutMs).then(
      () => {
        logger.info(`${name} stopped`);
        host.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, `${name} did not stop cleanly: ${messageOf(error)}`);
        host.exit(1);
      },
    );
  };
  host.on('SIGTERM', () => onSignal('SIGTERM'));
  host.on('SIGINT', () => onSignal('SIGINT'));
}

async function stopWithin(started: StartedService, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stop took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([started.stop(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
