import { expect, test } from 'vitest';
import type { Lockfile } from './lockfile.js';
import { outputManifest } from './output-manifest.js';

const lock: Lockfile = {
  name: 'vigil',
  lockfileVersion: 3,
  packages: {
    '': { name: 'vigil' },
    'node_modules/pino': { version: '10.4.0' },
    'node_modules/zod': { version: '4.6.7' },
    'node_modules/graphile-worker': { version: '0.18.0' },
  },
};
const workspace = {
  dependencies: { pino: '10.4.0', zod: '^4.6.0', 'prom-client': '15.1.3' },
  devDependencies: { 'graphile-worker': '0.18.0' },
};

test('lists only the imported packages, at the versions installed in the workspace', () => {
  const manifest = outputManifest({
    name: '@vigil/ingest',
    version: '0.1.0',
    packages: ['pino', 'zod'],
    workspace,
    lock,
  });
  expect(manifest).toEqual({
    name: '@vigil/ingest',
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=24' },
    main: 'main.js',
    scripts: { start: 'node --enable-source-maps main.js' },
    dependencies: { pino: '10.4.0', zod: '4.6.7' },
  });
});

test('fails on a package the workspace does not declare as a runtime dependency', () => {
  const build = (pkg: string) => () =>
    outputManifest({ name: '@vigil/ingest', version: '0.1.0', packages: [pkg], workspace, lock });
  expect(build('graphile-worker')).toThrow(
    '@vigil/ingest imports graphile-worker at run time, but the workspace package.json declares it as a devDependency only',
  );
  expect(build('left-pad')).toThrow('but the workspace package.json does not declare it');
  expect(build('prom-client')).toThrow('prom-client is not installed at node_modules/prom-client');
});
