/** The services the secrets test runs, as built. */
export type App = 'ingest' | 'incidents' | 'snapshot-scheduler' | 'sentry-relay';

/** One way a configuration fails, for the services it applies to. */
export interface Failure {
  readonly apps: readonly App[];
  /** The variables to set (a value) or remove (undefined) on top of the valid ones. */
  readonly env: () => Promise<Record<string, string | undefined>> | Record<string, string | undefined>;
  /** What the output must show, so the failure is known to have happened. */
  readonly shows: RegExp;
  /** A log message showing the failure while the service keeps running (retrying). */
  readonly whileRunning?: RegExp;
}
