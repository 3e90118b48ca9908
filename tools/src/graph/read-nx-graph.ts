// Nx's own project graph, as `nx graph --file` writes it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NxGraph {
  readonly nodes: Readonly<Record<string, { readonly root: string; readonly tags: readonly string[] }>>;
  /** Targets per source project; npm packages appear as `npm:<name>`. */
  readonly dependencies: Readonly<Record<string, readonly { readonly target: string }[]>>;
}

interface NxGraphFile {
  graph: {
    nodes: Record<string, { data: { root: string; tags?: string[] } }>;
    dependencies: Record<string, { target: string }[]>;
  };
}

export function readNxGraph(workspaceRoot: string): NxGraph {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-graph-'));
  try {
    const file = join(dir, 'graph.json');
    execFileSync(join(workspaceRoot, 'node_modules/.bin/nx'), ['graph', `--file=${file}`], {
      cwd: workspaceRoot,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      stdio: 'ignore',
    });
    const { graph } = JSON.parse(readFileSync(file, 'utf8')) as NxGraphFile;
    return {
      nodes: Object.fromEntries(
        Object.entries(graph.nodes).map(([name, node]) => [name, { root: node.data.root, tags: node.data.tags ?? [] }]),
      ),
      dependencies: graph.dependencies,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `nx show projects --affected --files=…`: the projects a change to these files affects, sorted. */
export function affectedProjects(workspaceRoot: string, files: readonly string[]): string[] {
  const out = execFileSync(
    join(workspaceRoot, 'node_modules/.bin/nx'),
    ['show', 'projects', '--affected', `--files=${files.join(',')}`, '--json'],
    { cwd: workspaceRoot, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' }, encoding: 'utf8' },
  );
  return (JSON.parse(out) as string[]).sort();
}
