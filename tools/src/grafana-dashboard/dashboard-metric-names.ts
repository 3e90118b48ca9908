// The metric names a Grafana dashboard queries, and those the services
// register, so a test can check that the dashboard names only real metrics.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';

interface DashboardTarget {
  expr?: string;
}
interface Dashboard {
  panels?: { targets?: DashboardTarget[] }[];
  templating?: { list?: { query?: string | { query?: string } }[] };
}

const METRIC_NAME = /\b(?:vigil|nodejs|process)_[a-z0-9_]+\b/g;

/** Every Vigil, Node or process metric name in the dashboard's queries and variables. */
export function metricNamesQueried(dashboard: Dashboard): Set<string> {
  const queries = [
    ...(dashboard.panels ?? []).flatMap((panel) => (panel.targets ?? []).map((target) => target.expr ?? '')),
    ...(dashboard.templating?.list ?? []).map((variable) =>
      typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? ''),
    ),
  ];
  return new Set(queries.flatMap((query) => query.match(METRIC_NAME) ?? []));
}

/**
 * The names the services export: each quoted `'vigil_…'` name in the sources
 * of apps/ and libs/ (tests left out; metrics are named by a literal, given
 * as `name:` or to a small helper, as the outbox gauges are), with the `_bucket`,
 * `_sum` and `_count` series a histogram adds, and prom-client's process and
 * Node metrics that every service registers.
 */
export async function metricNamesRegistered(workspaceRoot: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (const area of ['apps', 'libs']) {
    for (const project of await readdir(join(workspaceRoot, area))) {
      for (const file of await sourceFiles(join(workspaceRoot, area, project, 'src'))) {
        for (const [, name] of (await readFile(file, 'utf8')).matchAll(/'(vigil_[a-z0-9_]+)'/g)) {
          for (const suffix of ['', '_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
        }
      }
    }
  }
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const { name } of await registry.getMetricsAsJSON()) {
    for (const suffix of ['', '_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.includes('.test.'))
    .map((entry) => join(entry.parentPath, entry.name));
}
