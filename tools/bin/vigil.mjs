#!/usr/bin/env node
// `npx vigil …`: runs the CLI's TypeScript source (tools/src/cli/main.ts)
// with tsx on the repository's Node 24, whatever `node` started this file.
// The child inherits the terminal and the working directory (relative
// --file paths work), signals reach it, and its exit code is ours.
import { spawn } from 'node:child_process';
import { delimiter, join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'node_modules/.bin');
const child = spawn(join(bin, 'tsx'), [join(root, 'tools/src/cli/main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  // tsx starts with `#!/usr/bin/env node`: put the repo's Node 24 first on PATH.
  env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
});

// Ctrl-C reaches the child from the terminal itself; other signals are passed on.
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
process.on('SIGINT', () => {});

child.on('error', (error) => {
  process.stderr.write(`vigil: cannot start ${join(bin, 'tsx')}: ${error.message} (run npm ci at ${root})\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal === null ? 1 : 128 + (signalNumber(signal) ?? 0)));
});

function signalNumber(signal) {
  return { SIGHUP: 1, SIGINT: 2, SIGTERM: 15, SIGKILL: 9 }[signal];
}
