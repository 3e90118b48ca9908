// Runs before `npm test` and `npm start` (the README's two commands) so each works
// on a fresh clone: install when node_modules is missing or older than the
// lockfile, then make sure the tests will run on Node 24.
//
// Why the version check: the `node` devDependency installs Node 24 into
// node_modules/.bin, and npm puts that first on PATH for scripts. If its
// install script did not run, npm silently falls back to the machine's Node
// (20 here) and the tests fail in confusing ways.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const installedMarker = join(root, 'node_modules/.package-lock.json');
const lockfile = join(root, 'package-lock.json');
const stale = !existsSync(installedMarker) || statSync(installedMarker).mtimeMs < statSync(lockfile).mtimeMs;
if (stale) {
  console.log('node_modules is missing or older than package-lock.json: running `npm ci` first.');
  execFileSync('npm', ['ci'], { cwd: root, stdio: 'inherit' });
}

const nodeBinary = join(root, 'node_modules/.bin/node');
const version = existsSync(nodeBinary)
  ? execFileSync(nodeBinary, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '')
  : process.versions.node;
if (Number(version.split('.')[0]) < 24) {
  console.error(
    `Vigil needs Node 24; node_modules/.bin/node is ${version}. ` +
      'Run `npm ci` again: the `node` devDependency provides Node 24.',
  );
  process.exit(1);
}
