// Entry point of `vigil` (tools/bin/vigil.mjs runs this with tsx).
// Exit codes: 0 done; 1 a service failed the call (or rejected events);
// 2 the command line or an input file was wrong (nothing was sent).
import { CommanderError, type Command } from 'commander';
import { CliInputError } from './cli-input-error.js';
import { describeError } from './describe-error.js';
import { buildProgram } from './program.js';

const USAGE_ERROR = 2;
const SERVICE_ERROR = 1;

/** Commander exits by itself unless told not to, and commands added with addCommand do not inherit that. */
function throwInsteadOfExit(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) throwInsteadOfExit(sub);
}

const program = buildProgram();
throwInsteadOfExit(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has printed the problem (or the help, or the version) already.
    process.exitCode = error.exitCode === 0 ? 0 : USAGE_ERROR;
  } else {
    process.stderr.write(`error: ${describeError(error)}\n`);
    process.exitCode = error instanceof CliInputError ? USAGE_ERROR : SERVICE_ERROR;
  }
}
