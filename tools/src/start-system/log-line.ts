/** What `npm start` prints for one JSON log line of a service: readable, one line. */
export function formatLogLine(service: string, line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: string; msg?: string; time?: string; [key: string]: unknown };
    const { level = 'info', msg = '', time, service: _service, ...rest } = entry;
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    return `${(time ?? '').slice(11, 23)} ${service.padEnd(18)} ${level.padEnd(5)} ${msg}${extra}`;
  } catch {
    return `${''.padEnd(12)} ${service.padEnd(18)} ${line}`;
  }
}

/**
 * The port a "gRPC server listening" log line announces, if it is one
 * (`message` names another announcement: sentry-relay's HTTP server).
 */
export function listeningPort(line: string, message = 'gRPC server listening'): number | null {
  try {
    const entry = JSON.parse(line) as { msg?: string; port?: number };
    return entry.msg === message && typeof entry.port === 'number' ? entry.port : null;
  } catch {
    return null;
  }
}

/** Whether a log line is runService's "<service> started": from then on SIGTERM makes it drain. */
export function announcesStarted(line: string, service: string): boolean {
  try {
    return (JSON.parse(line) as { msg?: unknown }).msg === `${service} started`;
  } catch {
    return false;
  }
}
