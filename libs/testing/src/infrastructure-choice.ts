/** How integration tests get PostgreSQL and NATS, from VIGIL_TEST_INFRA. */
export type InfrastructureChoice = 'containers' | 'services' | 'auto';

const CHOICES: readonly InfrastructureChoice[] = ['containers', 'services', 'auto'];

/**
 * Reads VIGIL_TEST_INFRA: `containers` (testcontainers or a failure),
 * `services` (DATABASE_URL / NATS_URL or this machine's services, no container
 * runtime asked), unset or blank = `auto`. A typo fails rather than silently
 * meaning auto, since the two explicit values exist to rule out surprises.
 */
export function parseInfrastructureChoice(value: string | undefined): InfrastructureChoice {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return 'auto';
  const choice = CHOICES.find((candidate) => candidate === trimmed);
  if (choice === undefined) {
    throw new Error(`VIGIL_TEST_INFRA must be one of ${CHOICES.join(', ')} (or unset for auto); got "${trimmed}"`);
  }
  return choice;
}
