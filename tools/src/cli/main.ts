// Entry point of `vigil` (tools/bin/vigil.mjs runs this with tsx).
import { buildProgram } from './program.js';
import { describeError } from './describe-error.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`error: ${describeError(error)}\n`);
  process.exitCode = 1;
}
