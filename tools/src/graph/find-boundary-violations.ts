// Vigil's module boundaries, checked against Nx's project graph:
// - an app (tag type:app) never depends on another app: apps talk over gRPC
//   and NATS, never through each other's code;
// - a lib (type:lib) never depends on an app or on tools;
// - proto/ (type:proto) depends on nothing: it is the source of truth.
// Tools (benchmarks, CLI) may use anything.

export interface ProjectGraphView {
  readonly nodes: Readonly<Record<string, { readonly tags: readonly string[] }>>;
  readonly dependencies: Readonly<Record<string, readonly { readonly target: string }[]>>;
}

export interface BoundaryViolation {
  readonly source: string;
  readonly target: string;
  readonly rule: string;
}

function kindOf(tags: readonly string[]): 'app' | 'lib' | 'tools' | 'proto' | 'unknown' {
  if (tags.includes('type:app')) return 'app';
  if (tags.includes('type:proto')) return 'proto';
  if (tags.includes('type:lib')) return 'lib';
  if (tags.includes('type:tools')) return 'tools';
  return 'unknown';
}

export function findBoundaryViolations(graph: ProjectGraphView): BoundaryViolation[] {
  const violations: BoundaryViolation[] = [];
  for (const [source, deps] of Object.entries(graph.dependencies)) {
    const sourceNode = graph.nodes[source];
    if (!sourceNode) continue; // npm packages appear as dependency targets only
    const sourceKind = kindOf(sourceNode.tags);
    for (const { target } of deps) {
      const targetNode = graph.nodes[target];
      if (!targetNode) continue;
      const targetKind = kindOf(targetNode.tags);
      if (sourceKind === 'unknown') {
        violations.push({
          source,
          target,
          rule: 'every project needs a type:app, type:lib, type:tools or type:proto tag',
        });
      } else if (sourceKind === 'app' && targetKind === 'app') {
        violations.push({ source, target, rule: 'apps never import each other' });
      } else if (sourceKind === 'proto') {
        violations.push({ source, target, rule: 'proto depends on nothing' });
      } else if (sourceKind === 'lib' && (targetKind === 'app' || targetKind === 'tools')) {
        violations.push({ source, target, rule: `libs never import ${targetKind === 'app' ? 'apps' : 'tools'}` });
      }
    }
  }
  return violations;
}
