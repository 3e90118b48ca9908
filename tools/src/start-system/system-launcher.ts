// The heart of `npm start`: builds and starts the services one after another,
// and stops whatever runs at any moment (building, starting, running) with
// exactly one SIGTERM per service, waiting until each has exited.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { announcesStarted, formatLogLine, listeningPort } from './log-line.js';
import { nextSteps } from './next-steps.js';
import { plannedPorts } from './planned-ports.js';
import { takenPorts } from './port-taken.js';
import { serviceEnvironment, sharedEnvironmentProblems } from './service-environment.js';
import { SERVICES, type ServiceLaunch, type ServiceName } from './services.js';

type Environment = Readonly<Record<string, string | undefined>>;

interface LauncherOptions {
  /** The launcher's own environment: shared by all services, `<PREFIX>NAME` for one. */
  readonly shared: Environment;
  /** Node 24, to run each bundle with. */
  readonly node: string;
  /** Builds one app; resolves with the folder holding its main.js. */
  readonly build: (app: string) => Promise<string>;
  /** Where every line for the person at the terminal goes. */
  readonly print: (line: string) => void;
}

interface SystemLauncher {
  /** Runs until every service has exited; resolves with the exit code for the launcher. */
  run(): Promise<number>;
  /** Stops everything (idempotent: a second call, e.g. a doubled Ctrl-C, sends nothing more). */
  stop(reason: string): void;
}

interface RunningService {
  readonly launch: ServiceLaunch;
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  /**
   * Resolves with its API's port (gRPC, or the relay's HTTP) once the service
   * has announced it and said it started: only then does it drain on SIGTERM
   * (before, SIGTERM ends it at once).
   */
  readonly listening: Promise<number>;
  /** Lines it printed, for recognising why it failed. */
  readonly output: string[];
  signalled: boolean;
}

// Past the services' own 30 s stop bound: only a hung process gets SIGKILL.
const KILL_AFTER_MS = 40_000;
// The kernel sends the service SIGTERM if the launcher itself dies (SIGKILL,
// a crash), so not even that leaves a service running.
const SETPRIV = '/usr/bin/setpriv';

export function createSystemLauncher(options: LauncherOptions): SystemLauncher {
  const running: RunningService[] = [];
  const listening = new Map<ServiceName, number>();
  const environments = new Map<ServiceName, Readonly<Record<string, string>>>();
  let stopping = false;
  let failed = false;
  let onStop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (onStop = resolve));

  const stop = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    onStop();
    const alive = running.filter((service) => !hasExited(service.child));
    options.print(
      alive.length === 0
        ? `${reason}: stopping (no service running yet)`
        : `${reason}: stopping ${alive.map((s) => s.launch.name).join(', ')} (each drains in-flight work first)`,
    );
    for (const service of alive) terminate(service);
  };

  const start = async (launch: ServiceLaunch): Promise<void> => {
    options.print(`building ${launch.name}`);
    let outDir: string;
    try {
      outDir = await options.build(launch.app);
    } catch (error) {
      // Ctrl-C reaches esbuild's own process too, which then fails the build: expected.
      if (stopping) return;
      throw error;
    }
    if (stopping) return;
    const { env, notes } = serviceEnvironment(launch, options.shared, listening);
    environments.set(launch.name, env);
    for (const note of notes) options.print(note);
    const service = spawnService(launch, outDir, env, options);
    running.push(service);
    options.print(`starting ${launch.name} (pid ${service.child.pid})`);
    void service.exited.then(() => onExit(service));
    const port = await Promise.race([service.listening, service.exited.then(() => undefined), stopped]);
    if (typeof port === 'number') listening.set(launch.name, port);
  };

  const onExit = (service: RunningService): void => {
    const { code, signal } = exitOf(service.child);
    options.print(`${service.launch.name} exited (${signal ?? `code ${code}`})`);
    if (stopping) return;
    // One service failing takes the others down: a half-running system misleads.
    failed = true;
    if (service.output.some((line) => line.includes('EADDRINUSE'))) {
      options.print(`${service.launch.name} could not listen: its port was taken as it started (see above)`);
    }
    stop(`${service.launch.name} failed`);
  };

  return {
    stop,
    async run() {
      const problems = [
        ...sharedEnvironmentProblems(options.shared, SERVICES),
        ...(await takenPorts(plannedPorts(options.shared, SERVICES))),
      ];
      if (problems.length > 0) {
        for (const problem of problems) options.print(`npm start: ${problem}`);
        return 1;
      }
      for (const launch of SERVICES) {
        if (stopping) break;
        await start(launch).catch((error: unknown) => {
          options.print(
            `${launch.name} could not be started: ${error instanceof Error ? error.message : String(error)}`,
          );
          failed = true;
          stop('start failed');
        });
      }
      if (!stopping && listening.size === SERVICES.length) {
        // SENTRY_PROJECT_KEYS as the relay got it (a _FILE one stays unread: the DSN then shows a placeholder).
        for (const line of nextSteps(listening, environments.get('sentry-relay')?.['SENTRY_PROJECT_KEYS'])) {
          options.print(line);
        }
      }
      await Promise.all(running.map((service) => service.exited));
      return failed ? 1 : 0;
    },
  };
}

function terminate(service: RunningService): void {
  if (service.signalled || hasExited(service.child)) return;
  service.signalled = true;
  service.child.kill('SIGTERM');
  const hung = setTimeout(() => {
    if (!hasExited(service.child)) service.child.kill('SIGKILL');
  }, KILL_AFTER_MS);
  hung.unref();
  void service.exited.then(() => clearTimeout(hung));
}

function spawnService(
  launch: ServiceLaunch,
  outDir: string,
  env: Record<string, string>,
  options: LauncherOptions,
): RunningService {
  const command = [options.node, '--enable-source-maps', `${outDir}/main.js`];
  const [file, ...args] = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'SIGTERM', '--', ...command] : command;
  const child = spawn(file ?? options.node, args, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal's Ctrl-C reaches only the launcher, which
    // passes one SIGTERM on. A second signal would make a service skip its drain.
    detached: true,
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const output: string[] = [];
  let port: number | null = null;
  let started: (port: number) => void = () => undefined;
  const listening = new Promise<number>((resolve) => (started = resolve));
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on('line', (line) => {
      output.push(line);
      options.print(formatLogLine(launch.name, line));
      port ??= listeningPort(line, launch.api.listeningMessage);
      if (port !== null && announcesStarted(line, launch.name)) started(port);
    });
  }
  return { launch, child, exited, listening, output, signalled: false };
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function exitOf(child: ChildProcess): { code: number | null; signal: NodeJS.Signals | null } {
  return { code: child.exitCode, signal: child.signalCode };
}
