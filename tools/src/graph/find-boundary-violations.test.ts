import { describe, expect, test } from 'vitest';
import { findBoundaryViolations, type ProjectGraphView } from './find-boundary-violations.js';

const nodes = {
  ingest: { tags: ['type:app'] },
  incidents: { tags: ['type:app'] },
  dedup: { tags: ['type:lib'] },
  tools: { tags: ['type:tools'] },
};

describe('findBoundaryViolations', () => {
  test('apps may use libs, tools may use apps', () => {
    const graph: ProjectGraphView = {
      nodes,
      dependencies: { ingest: [{ target: 'dedup' }, { target: 'npm:pg' }], tools: [{ target: 'ingest' }] },
    };
    expect(findBoundaryViolations(graph)).toEqual([]);
  });

  test('an app importing another app is a violation', () => {
    const graph: ProjectGraphView = { nodes, dependencies: { incidents: [{ target: 'ingest' }] } };
    expect(findBoundaryViolations(graph)).toEqual([
      { source: 'incidents', target: 'ingest', rule: 'apps never import each other' },
    ]);
  });

  test('a lib importing an app or tools is a violation', () => {
    const graph: ProjectGraphView = { nodes, dependencies: { dedup: [{ target: 'ingest' }, { target: 'tools' }] } };
    expect(findBoundaryViolations(graph).map((v) => v.rule)).toEqual([
      'libs never import apps',
      'libs never import tools',
    ]);
  });

  test('an untagged project is reported', () => {
    const graph: ProjectGraphView = {
      nodes: { ...nodes, stray: { tags: [] } },
      dependencies: { stray: [{ target: 'dedup' }] },
    };
    expect(findBoundaryViolations(graph)).toHaveLength(1);
  });
});
