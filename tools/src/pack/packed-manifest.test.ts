import { describe, expect, it } from 'vitest';
import { compiledExports, dependencyRanges, packedManifest } from './packed-manifest.js';

describe('compiledExports', () => {
  it('points each TypeScript source export at its compiled JavaScript and declarations', () => {
    expect(compiledExports({ '.': './src/index.ts', './client': './src/client.ts' })).toEqual({
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './client': { types: './dist/client.d.ts', default: './dist/client.js' },
    });
  });

  it('refuses an export that is not a source module', () => {
    expect(() => compiledExports({ './data': './data.json' })).toThrow(/not a \.\/src\/\*\.ts module/);
  });
});

describe('dependencyRanges', () => {
  it('gives a shared library caret ranges and what the services run exact versions, sorted', () => {
    expect(dependencyRanges({ zod: '4.6.7', '@grpc/grpc-js': '1.14.7' }, 'caret')).toEqual({
      '@grpc/grpc-js': '^1.14.7',
      zod: '^4.6.7',
    });
    expect(dependencyRanges({ pg: '8.23.0' }, 'exact')).toEqual({ pg: '8.23.0' });
  });
});

describe('packedManifest', () => {
  it('drops the workspace-only fields and marks optional peers', () => {
    const manifest = packedManifest({
      source: { name: '@vigil/x', version: '1.2.0', exports: {} },
      exports: {},
      files: ['dist'],
      dependencies: {},
      peerDependencies: { testcontainers: '^12.2.0' },
      optionalPeers: ['testcontainers'],
    });
    expect(manifest).not.toHaveProperty('private');
    expect(manifest).not.toHaveProperty('nx');
    expect(manifest['peerDependenciesMeta']).toEqual({ testcontainers: { optional: true } });
    expect(manifest['exports']).toEqual({ './package.json': './package.json' });
  });
});
