import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import type { KubernetesObject } from './api-schema-problems.js';

/**
 * `kubectl kustomize <dir>`, parsed: the objects a kustomization renders to.
 * Needs kubectl (any with kustomize v3.1+; .ci/run installs Debian's when
 * none is on PATH) and nothing else: no cluster.
 */
export async function renderKustomization(directory: string): Promise<KubernetesObject[]> {
  let rendered: string;
  try {
    rendered = (await promisify(execFile)('kubectl', ['kustomize', directory], { maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (error) {
    throw new Error(
      `\`kubectl kustomize ${directory}\` failed (${error instanceof Error ? error.message : String(error)}); ` +
        'kubectl is needed: `apt-get install kubernetes-client`',
      { cause: error },
    );
  }
  return parseAllDocuments(rendered).map((document) => document.toJS() as KubernetesObject);
}
