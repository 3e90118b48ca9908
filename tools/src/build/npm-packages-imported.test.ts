import type { Metafile } from 'esbuild';
import { expect, test } from 'vitest';
import { npmPackagesImported } from './npm-packages-imported.js';

type OutputImport = Metafile['outputs'][string]['imports'][number];

function metafile(...outputs: OutputImport[][]): Metafile {
  return {
    inputs: {},
    outputs: Object.fromEntries(
      outputs.map((imports, i) => [`out/${i}.js`, { bytes: 1, inputs: {}, imports, exports: [] }]),
    ),
  };
}

test('the packages behind every external import of every output, once each, sorted', () => {
  const meta = metafile(
    [
      { path: '@bufbuild/protobuf/wire', kind: 'import-statement', external: true },
      { path: 'pino', kind: 'import-statement', external: true },
      { path: 'zod/v4', kind: 'dynamic-import', external: true },
    ],
    [
      { path: '@grpc/grpc-js', kind: 'import-statement', external: true },
      { path: 'pino', kind: 'import-statement', external: true },
    ],
  );
  expect(npmPackagesImported(meta)).toEqual(['@bufbuild/protobuf', '@grpc/grpc-js', 'pino', 'zod']);
});

test("leaves out Node's own modules and what was bundled", () => {
  const meta = metafile([
    { path: 'node:fs', kind: 'import-statement', external: true },
    { path: 'path', kind: 'import-statement', external: true },
    { path: 'out/chunk.js', kind: 'import-statement' },
  ]);
  expect(npmPackagesImported(meta)).toEqual([]);
});

test('refuses a scope without a package name', () => {
  expect(() => npmPackagesImported(metafile([{ path: '@grpc', kind: 'import-statement', external: true }]))).toThrow(
    '"@grpc" is not an npm package specifier',
  );
});
