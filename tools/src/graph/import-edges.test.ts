import { describe, expect, test } from 'vitest';
import { importEdges, moduleSpecifiers, packageOfSpecifier } from './import-edges.js';

describe('moduleSpecifiers', () => {
  test('finds static, type-only, re-export, side-effect and dynamic imports', () => {
    const text = [
      "import { a } from '@acme/runtime';",
      'import type { B } from "@acme/contracts/ingest";',
      "export * from './local.js';",
      "import '@acme/testing/global-setup';",
      "const m = await import('@acme/dedup');",
      'import {\n  c,\n  d,\n} from "pg";',
    ].join('\n');
    expect(moduleSpecifiers(text)).toEqual([
      '@acme/runtime',
      '@acme/contracts/ingest',
      './local.js',
      '@acme/testing/global-setup',
      '@acme/dedup',
      'pg',
    ]);
  });
});

describe('packageOfSpecifier', () => {
  test.each([
    ['@acme/contracts/int64', '@acme/contracts'],
    ['@acme/ingest/src/db/entities.js', '@acme/ingest'],
    ['pg', 'pg'],
    ['@grpc/grpc-js', '@grpc/grpc-js'],
    ['./x.js', undefined],
    ['node:fs', undefined],
  ])('%s → %s', (specifier, pkg) => {
    expect(packageOfSpecifier(specifier)).toBe(pkg);
  });
});

describe('importEdges', () => {
  const packages = new Map([
    ['@acme/runtime', 'runtime'],
    ['@acme/contracts', 'contracts'],
  ]);

  test('one edge per pair, with the first file that makes it; self and npm imports are not edges', () => {
    const edges = importEdges(
      [
        {
          name: 'ingest',
          files: [
            { path: 'apps/ingest/src/a.ts', text: "import { x } from '@acme/runtime';\nimport pg from 'pg';" },
            { path: 'apps/ingest/src/b.ts', text: "import { y } from '@acme/runtime';" },
          ],
        },
        { name: 'runtime', files: [{ path: 'libs/runtime/src/c.ts', text: "import '@acme/runtime';" }] },
      ],
      packages,
    );
    expect(edges).toEqual([{ source: 'ingest', target: 'runtime', evidence: "apps/ingest/src/a.ts: '@acme/runtime'" }]);
  });
});
