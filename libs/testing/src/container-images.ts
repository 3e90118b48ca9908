// testcontainers starts its reaper (Ryuk) before any other container; this is
// its default image in the installed testcontainers (checked by a unit test
// against node_modules, so an upgrade that moves it fails there, not here).
export const DEFAULT_REAPER_IMAGE = 'testcontainers/ryuk:0.14.0';

/** The images the integration containers are started from. */
export interface ContainerImages {
  readonly postgres: string;
  readonly nats: string;
  /** Absent when TESTCONTAINERS_RYUK_DISABLED=true: no reaper is started. */
  readonly reaper: string | undefined;
}

/**
 * Which images the containers need, from the environment: replaceable where
 * no registry is reachable (images built locally, see npm run containers:check).
 */
export function containerImages(env: NodeJS.ProcessEnv): ContainerImages {
  return {
    postgres: nonBlank(env['VIGIL_TEST_POSTGRES_IMAGE']) ?? 'postgres:15-alpine',
    nats: nonBlank(env['VIGIL_TEST_NATS_IMAGE']) ?? 'nats:2.10-alpine',
    reaper:
      env['TESTCONTAINERS_RYUK_DISABLED'] === 'true'
        ? undefined
        : (nonBlank(env['RYUK_CONTAINER_IMAGE']) ?? DEFAULT_REAPER_IMAGE),
  };
}

/** Every image a container run needs, reaper first (testcontainers starts it first). */
export function requiredImages(images: ContainerImages): string[] {
  return [images.reaper, images.postgres, images.nats].filter((image) => image !== undefined);
}

function nonBlank(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
