import { describe, expect, test } from 'vitest';
import type { Lockfile, LockfileEntry } from './lockfile.js';
import { pruneLockfile } from './prune-lockfile.js';

function workspaceLock(packages: Record<string, LockfileEntry>): Lockfile {
  return {
    name: 'vigil',
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: 'vigil', dependencies: { pino: '10.4.0' } }, ...packages },
  };
}

const root = { name: '@vigil/ingest', version: '0.1.0', dependencies: { pino: '10.4.0' }, engines: { node: '>=24' } };

describe('pruneLockfile', () => {
  test('keeps what the dependencies reach, at the same paths, nested copies included', () => {
    const lock = workspaceLock({
      'node_modules/pino': { version: '10.4.0', dependencies: { 'sonic-boom': '^4.0.1', 'thread-stream': '^4' } },
      'node_modules/sonic-boom': { version: '4.2.0' },
      'node_modules/thread-stream': { version: '3.0.0', dev: true },
      'node_modules/pino/node_modules/thread-stream': { version: '4.0.0' },
      'node_modules/vitest': { version: '5.1.1', dev: true },
    });
    const pruned = pruneLockfile(lock, root);
    expect(Object.keys(pruned.packages)).toEqual([
      '',
      'node_modules/pino',
      'node_modules/sonic-boom',
      'node_modules/pino/node_modules/thread-stream',
    ]);
    expect(pruned.packages['']).toEqual({
      name: '@vigil/ingest',
      version: '0.1.0',
      dependencies: { pino: '10.4.0' },
      engines: { node: '>=24' },
    });
    expect(pruned).toMatchObject({ name: '@vigil/ingest', version: '0.1.0', lockfileVersion: 3 });
  });

  test('a package the output needs is not dev, whatever the workspace said', () => {
    const lock = workspaceLock({
      'node_modules/pino': { version: '10.4.0', dependencies: { 'sonic-boom': '^4' } },
      'node_modules/sonic-boom': { version: '4.2.0', dev: true, devOptional: true, peer: true },
    });
    expect(pruneLockfile(lock, root).packages['node_modules/sonic-boom']).toEqual({ version: '4.2.0' });
  });

  test('marks packages reached only through optional dependencies optional, and skips uninstalled ones', () => {
    const lock = workspaceLock({
      'node_modules/pino': {
        version: '10.4.0',
        dependencies: { 'sonic-boom': '^4' },
        optionalDependencies: { 'pg-cloudflare': '^1', 'sonic-boom': '^4', 'not-for-this-platform': '^1' },
      },
      'node_modules/sonic-boom': { version: '4.2.0', optional: true },
      'node_modules/pg-cloudflare': { version: '1.2.0', dependencies: { 'cf-helper': '^1' } },
      'node_modules/cf-helper': { version: '1.0.0' },
    });
    const { packages } = pruneLockfile(lock, root);
    expect(packages['node_modules/pg-cloudflare']).toMatchObject({ optional: true });
    expect(packages['node_modules/cf-helper']).toMatchObject({ optional: true });
    // Required through `dependencies` as well: installed whatever happens.
    expect(packages['node_modules/sonic-boom']).toEqual({ version: '4.2.0' });
    expect(packages['node_modules/not-for-this-platform']).toBeUndefined();
  });

  test('takes required peer dependencies along, not optional ones', () => {
    const lock = workspaceLock({
      'node_modules/pino': {
        version: '10.4.0',
        peerDependencies: { kysely: '*', 'pg-native': '*' },
        peerDependenciesMeta: { 'pg-native': { optional: true } },
      },
      'node_modules/kysely': { version: '0.28.0' },
      'node_modules/pg-native': { version: '3.0.0' },
    });
    expect(Object.keys(pruneLockfile(lock, root).packages)).toEqual(['', 'node_modules/pino', 'node_modules/kysely']);
  });

  test('refuses a dependency the workspace lockfile does not hold, or one that is a workspace link', () => {
    const missing = workspaceLock({ 'node_modules/pino': { version: '10.4.0', dependencies: { 'sonic-boom': '^4' } } });
    expect(() => pruneLockfile(missing, root)).toThrow(
      'sonic-boom (needed by node_modules/pino) is not in the workspace lockfile',
    );
    const linked = workspaceLock({ 'node_modules/pino': { resolved: 'libs/pino', link: true } });
    expect(() => pruneLockfile(linked, root)).toThrow('node_modules/pino is a workspace link');
  });
});
