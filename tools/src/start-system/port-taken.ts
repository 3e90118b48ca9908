import { createServer } from 'node:net';
import { findPortHolder, vigilServiceOf, type PortHolder } from './port-holder.js';

/** A port one service is about to listen on. */
export interface PlannedPort {
  readonly service: string;
  /** `gRPC` or `metrics`. */
  readonly kind: string;
  readonly host: string;
  readonly port: number;
  /** The variable that moves it, e.g. INGEST_GRPC_PORT. */
  readonly variable: string;
}

/**
 * One line per planned port that something already listens on, naming the
 * holder (an old Vigil service by name) and what to do; none when all are
 * free. Port 0 (any free port) is never taken.
 */
export async function takenPorts(planned: readonly PlannedPort[]): Promise<string[]> {
  const lines: string[] = [];
  for (const port of planned) {
    if (port.port === 0 || (await canListen(port.host, port.port))) continue;
    lines.push(portTakenMessage(port, await findPortHolder(port.port)));
  }
  return lines;
}

export function portTakenMessage(port: PlannedPort, holder: PortHolder | undefined): string {
  const what = `${port.service}'s ${port.kind} port ${port.port} is taken`;
  const move = `or set ${port.variable} to another port (0: any free one)`;
  if (holder === undefined) return `${what} by a program not visible from here: stop it, ${move}`;
  const vigil = vigilServiceOf(holder);
  if (vigil !== undefined) {
    return `${what} by an old Vigil ${vigil} still running (pid ${holder.pid}): stop it with \`kill ${holder.pid}\`, ${move}`;
  }
  return `${what} by pid ${holder.pid} (${truncate(holder.command, 80)}): stop it, ${move}`;
}

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
