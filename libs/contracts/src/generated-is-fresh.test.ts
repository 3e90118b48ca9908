import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The generated code and descriptor set are committed; this test regenerates
// them from proto/ into a temporary directory and fails when they differ, so
// a contract change without `npx nx run contracts:generate` cannot pass CI.
const repoRoot = resolve(import.meta.dirname, '../../..');
const binDir = join(repoRoot, 'node_modules', '.bin');
const committedGen = join(repoRoot, 'libs/contracts/src/gen');
const committedDescriptorSet = join(repoRoot, 'libs/contracts/descriptor-set.binpb');
const STALE = 'Generated contracts are stale: run `npx nx run contracts:generate` and commit the result.';

function buf(args: string[]): void {
  // buf finds protoc-gen-ts_proto (and the Node that runs it) on PATH.
  const env = { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` };
  execFileSync(join(binDir, 'buf'), args, { cwd: repoRoot, env, stdio: 'pipe' });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('committed generated contracts', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'vigil-contracts-'));
    buf(['generate', '--output', scratch]);
    buf(['build', '-o', join(scratch, 'descriptor-set.binpb')]);
  }, 120_000);

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('has exactly the files buf generate produces', () => {
    const fresh = filesUnder(join(scratch, 'libs/contracts/src/gen'));
    expect(fresh.length, 'buf generate produced nothing').toBeGreaterThan(0);
    expect(filesUnder(committedGen), STALE).toEqual(fresh);
  });

  it('has the same content as buf generate produces', () => {
    const freshGen = join(scratch, 'libs/contracts/src/gen');
    const differing = filesUnder(freshGen).filter(
      (file) => readFileSync(join(freshGen, file), 'utf8') !== readFileSync(join(committedGen, file), 'utf8'),
    );
    expect(differing, STALE).toEqual([]);
  });

  it('has the descriptor set buf build produces', () => {
    const fresh = readFileSync(join(scratch, 'descriptor-set.binpb'));
    expect(readFileSync(committedDescriptorSet).equals(fresh), STALE).toBe(true);
  });
});
