import { Command } from 'commander';
import { runDemo } from '../demo/run-demo.js';
import { runInContext } from '../run-in-context.js';

export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'walk through the whole path in under a minute, explaining each step: events, groups, statistics, ' +
        'a rule and an incident, closing it in the past, the pending snapshot, processing, the snapshot, a reopen',
    )
    .addHelpText('after', '\nThe three services must be running: `npm start` in another terminal.')
    .action((_options: unknown, command: Command) => runInContext(command, (ctx) => runDemo(ctx)));
}
