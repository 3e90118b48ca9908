// docker-compose.yml with docker-compose.local-images.yml, as one project of
// its own name, publishing every port on a free port of 127.0.0.1 only (so
// it never collides with this machine's PostgreSQL, NATS or a running Vigil).
import { setTimeout as sleep } from 'node:timers/promises';
import { WORKSPACE_ROOT } from '../build/workspace-apps.js';
import { runCommand } from './run-command.js';
import { publishedPort } from './step-clock.js';

const FILES = ['-f', 'docker-compose.yml', '-f', 'docker-compose.local-images.yml'];
const PUBLISH_ON_FREE_LOOPBACK_PORTS = {
  VIGIL_POSTGRES_PORT: '127.0.0.1:',
  VIGIL_NATS_PORT: '127.0.0.1:',
  VIGIL_INGEST_PORT: '127.0.0.1:',
  VIGIL_INCIDENTS_PORT: '127.0.0.1:',
  VIGIL_SCHEDULER_PORT: '127.0.0.1:',
  VIGIL_SENTRY_RELAY_PORT: '127.0.0.1:',
};

export interface ComposeProject {
  up(): Promise<void>;
  /** Waits until every container's healthcheck says healthy; rejects naming the others after `timeoutMs`. */
  waitHealthy(timeoutMs: number): Promise<void>;
  /** The host port a service's container port is published on. */
  port(service: string, containerPort: number): Promise<number>;
  stop(service: string): Promise<void>;
  start(service: string): Promise<void>;
  logs(): Promise<string>;
  /** `down -v`: containers, network and volumes gone. */
  down(): Promise<void>;
}

export function composeProject(name: string): ComposeProject {
  const compose = (args: string[], quiet = true) =>
    runCommand('docker-compose', ['-p', name, ...FILES, ...args], {
      cwd: WORKSPACE_ROOT,
      env: PUBLISH_ON_FREE_LOOPBACK_PORTS,
      quiet,
    });
  const containerIds = async () => (await compose(['ps', '-q'])).split('\n').filter(Boolean);
  return {
    up: async () => void (await compose(['up', '-d', '--no-build'], false)),
    async waitHealthy(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const states = await Promise.all((await containerIds()).map(healthOf));
        const waiting = states.filter((state) => state.health !== 'healthy');
        if (states.length > 0 && waiting.length === 0) return;
        if (Date.now() > deadline) {
          throw new Error(
            `not healthy within ${timeoutMs / 1000} s: ${waiting.map((s) => `${s.name} ${s.health}`).join(', ')}`,
          );
        }
        await sleep(2_000);
      }
    },
    port: async (service, containerPort) => publishedPort(await compose(['port', service, String(containerPort)])),
    stop: async (service) => void (await compose(['stop', service])),
    start: async (service) => void (await compose(['start', service])),
    logs: () => compose(['logs', '--no-color', '--tail', '200']),
    down: async () => void (await compose(['down', '-v', '--remove-orphans'])),
  };
}

async function healthOf(id: string): Promise<{ name: string; health: string }> {
  const [name = id, health = 'unknown'] = (
    await runCommand(
      'docker',
      [
        'inspect',
        '--format',
        '{{.Name}} {{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}',
        id,
      ],
      {
        quiet: true,
      },
    )
  )
    .trim()
    .replace(/^\//, '')
    .split(' ');
  return { name, health };
}
