import type { DestinationStream, Logger } from 'pino';
import type { z } from 'zod';
import { loadConfig } from '../config/load-config.js';
import { createLogger, type LogLevel } from '../logging/create-logger.js';
import { startTracing } from '../tracing/start-tracing.js';
import { tracingConfigFromEnv } from '../tracing/tracing-config.js';
import { trackShutdownSteps, type ShutdownSteps } from './shutdown-steps.js';

/** What an app's `start` returns: how to stop what it started. */
export interface StartedService {
  /**
   * Stops in order: health NOT_SERVING and drain gRPC within the grace bound,
   * then consumers and relays, then close NATS and the database. Runs each
   * part as one of `steps`, so a stop cut short can say what it abandoned.
   */
  stop(steps?: ShutdownSteps): Promise<void>;
}

/** Any config schema that includes `commonServiceConfig` (it needs LOG_LEVEL and SHUTDOWN_GRACE_MS). */
type ServiceConfigSchema = z.ZodObject<{
  LOG_LEVEL: z.ZodType<LogLevel, string | undefined>;
  SHUTDOWN_GRACE_MS: z.ZodType<number, string | undefined>;
}>;

/**
 * What a stop may take beyond SHUTDOWN_GRACE_MS (the drain's own bound) to
 * close connections and flush spans. Past grace + this, whatever is still
 * running is abandoned and the process exits, within the grace + 2 s that
 * orchestrators are promised (the rest is for the exit itself).
 */
const CLOSE_ALLOWANCE_MS = 1_500;

interface RunServiceOptions<S extends ServiceConfigSchema> {
  /** The service name, on every log line as `service`. */
  name: string;
  /** Read from the environment first; a bad value exits 1 naming the variable. */
  config: S;
  /** Opens connections and starts serving; throwing here exits 1. */
  start(context: { config: z.output<S>; logger: Logger }): Promise<StartedService>;
  /**
   * Upper bound on `stop()`; past it the process logs what it abandoned and
   * exits 1, so a hung database or NATS cannot keep a terminated service
   * alive. Default SHUTDOWN_GRACE_MS + 1.5 s.
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
      async stop(steps: ShutdownSteps) {
        await started.stop(steps);
        // Last: the spans of the drain itself are sent too.
        if (tracing) await steps.step('exporting the last spans', () => tracing.shutdown());
      },
    };
    const stopTimeoutMs = options.stopTimeoutMs ?? config.SHUTDOWN_GRACE_MS + CLOSE_ALLOWANCE_MS;
    stopOnSignal(stoppable, { name: options.name, logger, stopTimeoutMs }, host);
    logger.info(`${options.name} started`);
  } catch (error) {
    // Without a valid config there is no LOG_LEVEL yet: report at info.
    (logger ?? log('info')).fatal({ err: error }, `${options.name} failed to start: ${messageOf(error)}`);
    host.exit(1);
  }
}

function stopOnSignal(
  started: { stop(steps: ShutdownSteps): Promise<void> },
  { name, logger, stopTimeoutMs }: { name: string; logger: Logger; stopTimeoutMs: number },
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
    logger.info({ signal, stopTimeoutMs }, `${name} stopping`);
    const steps = trackShutdownSteps();
    stopWithin(started.stop(steps), stopTimeoutMs).then(
      (finished) => {
        if (finished) {
          logger.info(`${name} stopped`);
          host.exit(0);
          return;
        }
        // A dependency that hangs (not refuses) would otherwise hold the exit past the orchestrator's kill.
        const abandoned = steps.inProgress();
        logger.error(
          { abandoned, stopTimeoutMs },
          `${name} did not stop within ${stopTimeoutMs} ms; abandoned: ${abandoned.join(', ') || 'nothing named'}`,
        );
        host.exit(1);
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

/** Resolves true once `stopping` resolves, false if `timeoutMs` passes first; rejects as it does. */
async function stopWithin(stopping: Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([stopping.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
