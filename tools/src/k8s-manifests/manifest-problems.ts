import type { KubernetesObject } from './api-schema-problems.js';

// The pod's grace period must be longer than the service's own bound on
// stopping (SHUTDOWN_GRACE_MS + 1.5 s, runService's default stopTimeoutMs), or
// SIGKILL may cut a drain short; 30 s leaves room for a SHUTDOWN_GRACE_MS up to 28 s.
const SERVICE_STOP_BOUND_SECONDS = 30;

interface Container {
  readonly name?: string;
  readonly args?: readonly string[];
  readonly readinessProbe?: unknown;
  readonly livenessProbe?: unknown;
  readonly resources?: { readonly requests?: Record<string, unknown> };
  readonly env?: readonly { readonly name?: string; readonly value?: string; readonly valueFrom?: unknown }[];
}

interface PodSpec {
  readonly terminationGracePeriodSeconds?: number;
  readonly securityContext?: { readonly runAsNonRoot?: boolean };
  readonly initContainers?: readonly Container[];
  readonly containers?: readonly Container[];
  readonly volumes?: readonly { readonly secret?: { readonly secretName?: string } }[];
}

interface Selecting {
  readonly spec?: { readonly selector?: Record<string, unknown> & { readonly matchLabels?: Record<string, string> } };
}

/**
 * What Vigil needs of its Kubernetes objects, one sentence per miss: each
 * Deployment has readiness and liveness probes and resource requests on its
 * service container, runs as non-root, gives a grace period longer than the
 * service's stop bound, migrates in an init container (`main.js migrate`)
 * while the service verifies (DATABASE_MIGRATIONS=verify), passes no secret
 * as a plain value, and is selected by a headless Service and a
 * PodDisruptionBudget. With `secretsIncluded`, every Secret referenced must
 * be among the objects (a rendered overlay); a base only references them.
 */
export function manifestProblems(objects: readonly KubernetesObject[], secretsIncluded: boolean): string[] {
  const deployments = objects.filter((object) => object.kind === 'Deployment');
  const problems = deployments.length === 0 ? ['no Deployment at all'] : [];
  for (const deployment of deployments) {
    const name = String(deployment.metadata?.name);
    const labels = (deployment as Selecting).spec?.selector?.matchLabels ?? {};
    const pod = podSpecOf(deployment);
    problems.push(...podProblems(name, pod));
    if (!objects.some((o) => o.kind === 'Service' && isHeadless(o) && selects(o as Selecting, labels, 'selector'))) {
      problems.push(`${name}: no headless Service (clusterIP: None) selects its pods`);
    }
    if (!objects.some((o) => o.kind === 'PodDisruptionBudget' && selects(o as Selecting, labels, 'matchLabels'))) {
      problems.push(`${name}: no PodDisruptionBudget selects its pods`);
    }
    if (secretsIncluded) {
      for (const secret of (pod.volumes ?? []).map((volume) => volume.secret?.secretName).filter(isString)) {
        if (!objects.some((o) => o.kind === 'Secret' && o.metadata?.name === secret)) {
          problems.push(`${name}: references Secret ${secret}, which is not among the objects`);
        }
      }
    }
  }
  return problems;
}

function podProblems(name: string, pod: PodSpec): string[] {
  const problems: string[] = [];
  const [service] = pod.containers ?? [];
  if (service === undefined) return [`${name}: no container`];
  if (service.readinessProbe === undefined) problems.push(`${name}: no readiness probe`);
  if (service.livenessProbe === undefined) problems.push(`${name}: no liveness probe`);
  if (Object.keys(service.resources?.requests ?? {}).length === 0) problems.push(`${name}: no resource requests`);
  if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${name}: does not require runAsNonRoot`);
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  if (grace <= SERVICE_STOP_BOUND_SECONDS) {
    problems.push(
      `${name}: terminationGracePeriodSeconds ${grace} is not above the ${SERVICE_STOP_BOUND_SECONDS} s stop bound`,
    );
  }
  if (!(pod.initContainers ?? []).some((container) => container.args?.includes('migrate'))) {
    problems.push(`${name}: no init container runs \`main.js migrate\``);
  }
  if (!service.env?.some((variable) => variable.name === 'DATABASE_MIGRATIONS' && variable.value === 'verify')) {
    problems.push(`${name}: the service does not run with DATABASE_MIGRATIONS=verify`);
  }
  for (const variable of [...(pod.initContainers ?? []), service].flatMap((container) => container.env ?? [])) {
    if (/DATABASE_URL$|PASSWORD$|TOKEN$/.test(variable.name ?? '') && variable.value !== undefined) {
      problems.push(`${name}: ${variable.name} is a plain value; reference a Secret (NAME_FILE or secretKeyRef)`);
    }
  }
  return problems;
}

function podSpecOf(deployment: KubernetesObject): PodSpec {
  const spec = deployment['spec'] as { template?: { spec?: PodSpec } } | undefined;
  return spec?.template?.spec ?? {};
}

function isHeadless(service: KubernetesObject): boolean {
  return (service['spec'] as { clusterIP?: string } | undefined)?.clusterIP === 'None';
}

// A Service's spec.selector is the labels; a PDB's is a LabelSelector with matchLabels.
function selects(object: Selecting, labels: Record<string, string>, form: 'selector' | 'matchLabels'): boolean {
  const selector = form === 'selector' ? object.spec?.selector : object.spec?.selector?.matchLabels;
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}
