// The `vigil` command line: global options (where the services are), then
// one command group per area.
import { Command, Option } from 'commander';
import { demoCommand } from './commands/demo-command.js';
import { eventsCommands } from './commands/events-commands.js';
import { groupsCommands } from './commands/groups-commands.js';
import { incidentsCommands } from './commands/incidents-commands.js';
import { rulesCommands } from './commands/rules-commands.js';
import { pendingCommands, schedulerCommands } from './commands/scheduler-commands.js';
import { snapshotCommands } from './commands/snapshot-command.js';
import { statsCommand } from './commands/stats-command.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { duration } from './duration.js';

/** The defaults are where `npm start` runs each service. */
function addressOption(flag: string, service: string, env: string, fallback: string): Option {
  return new Option(`--${flag}-address <host:port>`, `gRPC address of ${service}`).env(env).default(fallback);
}

/** `vigil 0.1.0 (contracts 1.0.0)`: the contracts' version says which RPCs it knows. */
function cliVersion(): string {
  const versionOf = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  const tools = join(import.meta.dirname, '../..');
  return `vigil ${versionOf(join(tools, 'package.json'))} (contracts ${versionOf(join(tools, '../libs/contracts/package.json'))})`;
}

export function buildProgram(): Command {
  const program = new Command('vigil')
    .description(
      'Vigil from the command line: send events, read groups and statistics, run incidents and their snapshots.',
    )
    .addOption(addressOption('ingest', 'ingest', 'VIGIL_INGEST_ADDRESS', '127.0.0.1:50051'))
    .addOption(addressOption('incidents', 'incidents', 'VIGIL_INCIDENTS_ADDRESS', '127.0.0.1:50052'))
    .addOption(addressOption('scheduler', 'the snapshot scheduler', 'VIGIL_SCHEDULER_ADDRESS', '127.0.0.1:50053'))
    .version(cliVersion(), '-V, --version', 'print the version of vigil and of the contracts it speaks')
    .addOption(
      new Option('--timeout <duration>', 'deadline of each call, e.g. 5s or 500ms (a bare number is milliseconds)')
        .argParser(duration('--timeout', 'ms'))
        .default(10_000, '10s'),
    )
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 done, 1 a service failed the call, 2 a mistake on the command line or in a file.' +
        '\nStart here: `vigil demo` (with `npm start` running in another terminal).',
    );
  for (const command of [
    eventsCommands(),
    groupsCommands(),
    statsCommand(),
    rulesCommands(),
    incidentsCommands(),
    pendingCommands(),
    schedulerCommands(),
    snapshotCommands(),
    demoCommand(),
  ]) {
    program.addCommand(command);
  }
  return program;
}
