import { Command, Option } from 'commander';
import { parseRelayDsn, type RelayDsn } from '../demo/relay-dsn.js';
import { runDemo } from '../demo/run-demo.js';
import { runInContext } from '../run-in-context.js';

export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'walk through the whole path in under a minute, explaining each step: events, groups, statistics, ' +
        'a rule and an incident, closing it in the past, the pending snapshot, processing, the snapshot, a reopen',
    )
    .addOption(
      new Option(
        '--relay-dsn <dsn>',
        "sentry-relay's DSN, http://<key>@<host:port>/<project>: an error is also sent through the Sentry SDK",
      )
        .env('VIGIL_RELAY_DSN')
        .argParser(parseRelayDsn),
    )
    .addHelpText(
      'after',
      "\nThe three services must be running: `npm start` in another terminal (it prints the relay's DSN too).",
    )
    .action((options: { relayDsn?: RelayDsn }, command: Command) =>
      runInContext(command, (ctx) => runDemo(ctx, options.relayDsn)),
    );
}
