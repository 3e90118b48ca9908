import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerImages, DEFAULT_REAPER_IMAGE, requiredImages } from './container-images.js';

describe('containerImages', () => {
  it('defaults to PostgreSQL 15, NATS 2.10 and testcontainers’ reaper', () => {
    expect(requiredImages(containerImages({}))).toEqual([
      DEFAULT_REAPER_IMAGE,
      'postgres:15-alpine',
      'nats:2.10-alpine',
    ]);
  });

  it('takes the images from the environment, and no reaper when Ryuk is disabled', () => {
    const images = containerImages({
      VIGIL_TEST_POSTGRES_IMAGE: 'vigil-local/postgres:15-bookworm',
      VIGIL_TEST_NATS_IMAGE: ' vigil-local/nats:2.9-bookworm ',
      TESTCONTAINERS_RYUK_DISABLED: 'true',
    });
    expect(requiredImages(images)).toEqual(['vigil-local/postgres:15-bookworm', 'vigil-local/nats:2.9-bookworm']);
  });

  it('follows RYUK_CONTAINER_IMAGE as testcontainers does', () => {
    expect(containerImages({ RYUK_CONTAINER_IMAGE: 'mirror/ryuk:1' }).reaper).toBe('mirror/ryuk:1');
  });

  it('names the reaper image the installed testcontainers starts by default', async () => {
    // The check for local images must ask for the image testcontainers will really start.
    const entry = createRequire(import.meta.url).resolve('testcontainers');
    const reaperSource = await readFile(join(entry, '..', 'reaper', 'reaper.js'), 'utf8');
    expect(reaperSource).toContain(`ImageName.fromString("${DEFAULT_REAPER_IMAGE}")`);
  });
});
