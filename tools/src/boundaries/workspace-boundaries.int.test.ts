// Checks the real workspace: Nx computes the project graph from the actual
// imports, and no edge may break the boundary rules.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { findBoundaryViolations, type ProjectGraphView } from './find-boundary-violations.js';

interface NxGraphFile {
  graph: {
    nodes: Record<string, { data: { tags?: string[] } }>;
    dependencies: Record<string, { target: string }[]>;
  };
}

test('no project in the workspace crosses a module boundary', () => {
  const workspaceRoot = join(import.meta.dirname, '../../..');
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-graph-')), 'graph.json');
  execFileSync(join(workspaceRoot, 'node_modules/.bin/nx'), ['graph', `--file=${file}`], {
    cwd: workspaceRoot,
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: 'ignore',
  });
  const { graph } = JSON.parse(readFileSync(file, 'utf8')) as NxGraphFile;
  const view: ProjectGraphView = {
    nodes: Object.fromEntries(Object.entries(graph.nodes).map(([name, n]) => [name, { tags: n.data.tags ?? [] }])),
    dependencies: graph.dependencies,
  };
  expect(Object.keys(view.nodes)).toContain('dedup');
  expect(findBoundaryViolations(view)).toEqual([]);
});
