import type { InfrastructureChoice } from './infrastructure-choice.js';
import type { ContainerRuntimeState } from './container-runtime.js';

/** Where a run's PostgreSQL and NATS come from, and the one line to print when that was a fallback. */
export type InfrastructureDecision =
  | { readonly use: 'containers' }
  | { readonly use: 'services'; readonly notice: string | undefined }
  | { readonly use: 'nothing'; readonly failure: string };

/**
 * The harness's choice, pure: `services` never asks the runtime; `containers`
 * needs a runtime and lets it pull missing images (a failed pull then fails the
 * run); `auto` takes containers only when every image is already local, so no
 * run waits on a pull that cannot succeed, and otherwise says why it falls back.
 */
export function decideInfrastructure(
  choice: InfrastructureChoice,
  runtime: ContainerRuntimeState | undefined,
): InfrastructureDecision {
  if (choice === 'services') return { use: 'services', notice: undefined };
  if (runtime === undefined) throw new Error(`VIGIL_TEST_INFRA=${choice} needs the container runtime's state`);
  if (choice === 'containers') {
    return runtime.kind === 'absent'
      ? { use: 'nothing', failure: 'VIGIL_TEST_INFRA=containers, but no container runtime answers' }
      : { use: 'containers' };
  }
  if (runtime.kind === 'absent') return { use: 'services', notice: undefined };
  if (runtime.missingImages.length === 0) return { use: 'containers' };
  return {
    use: 'services',
    notice:
      `A container runtime answers but lacks ${runtime.missingImages.join(', ')} locally (auto does not pull), ` +
      'so these tests use the services from DATABASE_URL / NATS_URL (or the local ones); ' +
      'VIGIL_TEST_INFRA=containers pulls them, VIGIL_TEST_INFRA=services silences this.',
  };
}
