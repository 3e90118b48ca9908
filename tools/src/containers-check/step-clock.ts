/** One timed step of the containers check. */
export interface TimedStep {
  readonly name: string;
  readonly ms: number;
}

/** A table of the steps with their seconds and the total, for the end of the check's output. */
export function formatStepTimes(steps: readonly TimedStep[]): string {
  const width = Math.max(...steps.map((step) => step.name.length), 'total'.length);
  const row = (name: string, ms: number) => `  ${name.padEnd(width)}  ${(ms / 1000).toFixed(1).padStart(7)} s`;
  const total = steps.reduce((sum, step) => sum + step.ms, 0);
  return [...steps.map((step) => row(step.name, step.ms)), row('total', total)].join('\n');
}

/** Bytes as Docker shows image sizes: MB with one decimal (10^6, as `docker images`). */
export function formatImageSize(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** The host port from `docker-compose port` output (`127.0.0.1:49153`, or `0.0.0.0:49153`). */
export function publishedPort(output: string): number {
  const port = Number(/:(\d+)\s*$/.exec(output.trim())?.[1]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`not a published port: "${output.trim()}"`);
  return port;
}
