// The Nx project graph must hold every edge the sources make (a missing one
// lets `nx affected` and the cache answer wrongly), nothing it cannot
// explain, and no edge that crosses a module boundary. The import edges are
// computed here from the files, independently of Nx.
import { describe, expect, test } from 'vitest';
import { WORKSPACE_ROOT } from '../build/workspace-apps.js';
import { findBoundaryViolations } from './find-boundary-violations.js';
import { importEdges } from './import-edges.js';
import { affectedProjects, readNxGraph } from './read-nx-graph.js';
import { workspaceProjects } from './workspace-projects.js';

/** Edges that are real without an import, and why. Anything else in the graph must be an import. */
const EDGES_WITHOUT_IMPORT: Readonly<Record<string, string>> = {
  'contracts -> proto': 'libs/contracts is generated from proto/ (npx nx run contracts:generate)',
  'tools -> incidents': 'tools builds and runs the apps (npm start, the contract suite, the benchmarks)',
  'tools -> ingest': 'tools builds and runs the apps (npm start, the contract suite, the benchmarks)',
  'tools -> snapshot-scheduler': 'tools builds and runs the apps (npm start, the contract suite, the benchmarks)',
  'tools -> sentry-relay': 'tools builds and runs the apps (the built-output test, bench:relay)',
};

const projects = workspaceProjects(WORKSPACE_ROOT);
const fromSources = importEdges(projects, new Map(projects.map((p) => [p.packageName, p.name])));
const graph = readNxGraph(WORKSPACE_ROOT);
const projectEdges = Object.entries(graph.dependencies).flatMap(([source, targets]) =>
  targets.filter(({ target }) => target in graph.nodes).map(({ target }) => `${source} -> ${target}`),
);

describe('the Nx project graph', () => {
  test('knows every workspace project and proto/', () => {
    expect(Object.keys(graph.nodes).sort()).toEqual([...projects.map((p) => p.name), 'proto'].sort());
  });

  test('has every edge the sources import', () => {
    const missing = fromSources.filter((edge) => !projectEdges.includes(`${edge.source} -> ${edge.target}`));
    // e.g. "tools -> runtime (tools/src/x.ts: '@vigil/runtime')": declare it in the importing package.json.
    expect(missing.map((e) => `${e.source} -> ${e.target} (${e.evidence})`)).toEqual([]);
  });

  test('has no edge that is neither an import nor explained', () => {
    const imported = new Set(fromSources.map((edge) => `${edge.source} -> ${edge.target}`));
    expect(projectEdges.filter((edge) => !imported.has(edge) && !(edge in EDGES_WITHOUT_IMPORT))).toEqual([]);
  });

  test('crosses no module boundary', () => {
    expect(Object.keys(graph.nodes)).toContain('dedup');
    expect(findBoundaryViolations(graph)).toEqual([]);
  });
});

/** The projects that depend on `changed`, directly or not, by the source edges (plus the explained ones). */
function dependentsOf(changed: string): string[] {
  const edges = [
    ...fromSources.map((e) => [e.source, e.target]),
    ...Object.keys(EDGES_WITHOUT_IMPORT).map((e) => e.split(' -> ')),
  ];
  const found = new Set([changed]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [source, target] of edges) {
      if (found.has(target as string) && !found.has(source as string)) {
        found.add(source as string);
        grew = true;
      }
    }
  }
  return [...found].sort();
}

// Each case runs Nx in a child process: seconds on a quiet machine, far more on a loaded one.
const NX_TIMEOUT_MS = 180_000;

describe('nx affected', () => {
  test.each([
    ['a contract', 'proto/vigil/ingest/v1/event.proto', 'proto'],
    ['a lib', 'libs/query/src/index.ts', 'query'],
    ['an app', 'apps/ingest/src/main.ts', 'ingest'],
  ])(
    'after a change to %s (%s) is everything that depends on %s',
    (_, file, project) => {
      expect(affectedProjects(WORKSPACE_ROOT, [file])).toEqual(dependentsOf(project));
    },
    NX_TIMEOUT_MS,
  );
});
