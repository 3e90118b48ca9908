// The base images every Vigil image and the compose file need, built here from
// Debian's packages and the npm registry, for machines that reach no image
// registry (deploy/local-images tells what each one stands in for).
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '../build/workspace-apps.js';
import { runCommand } from './run-command.js';

export const LOCAL_IMAGES = {
  debian: 'vigil-local/debian:bookworm',
  node: 'vigil-local/node:24.21.0-bookworm-slim',
  postgres: 'vigil-local/postgres:15-bookworm',
  nats: 'vigil-local/nats:2.9-bookworm',
} as const;

// npm for the build stages (the runtime stage removes it); the `node` package brings no npm.
const NPM_VERSION = '11.19.1';
const IMAGES_DIR = join(WORKSPACE_ROOT, 'deploy/local-images');
const EXTRA_CA_DIR = '/usr/local/share/ca-certificates';

async function imageExists(image: string): Promise<boolean> {
  return runCommand('docker', ['image', 'inspect', image], { quiet: true }).then(
    () => true,
    () => false,
  );
}

/**
 * The Debian base: `debootstrap --variant=minbase bookworm`, slimmed like the
 * official bookworm-slim (deploy/local-images/debian-slim.sh) and imported.
 * The slow step (minutes): done only when the image is missing.
 * VIGIL_DEBIAN_MIRROR picks the mirror; debootstrap's default otherwise.
 */
export async function ensureDebianBase(): Promise<'cached' | 'built'> {
  if (await imageExists(LOCAL_IMAGES.debian)) return 'cached';
  const root = await mkdtemp(join(tmpdir(), 'vigil-debian-'));
  try {
    const mirror = process.env['VIGIL_DEBIAN_MIRROR'];
    await runCommand('debootstrap', ['--variant=minbase', 'bookworm', root, ...(mirror ? [mirror] : [])], {
      quiet: true,
    });
    await copyFile(join(IMAGES_DIR, 'debian-slim.sh'), join(root, 'tmp/debian-slim.sh'));
    await runCommand('chroot', [root, '/bin/sh', '/tmp/debian-slim.sh']);
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await runCommand('docker', ['import', '--change', 'CMD ["bash"]', '-', LOCAL_IMAGES.debian], {
      input: tar.stdout,
    });
    return 'built';
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * The Node stand-in: the workspace's own Node binary (the `node` package, the
 * version the tests run on), npm from the registry, and the machine's extra
 * CAs. Docker's layer cache makes a rebuild with nothing changed take seconds.
 */
export async function buildNodeBase(): Promise<void> {
  const context = await mkdtemp(join(tmpdir(), 'vigil-node-image-'));
  try {
    await copyFile(join(IMAGES_DIR, 'node/Dockerfile'), join(context, 'Dockerfile'));
    await copyFile(join(WORKSPACE_ROOT, 'node_modules/node/bin/node'), join(context, 'node'));
    await mkdir(join(context, 'extra-ca'));
    for (const file of await readdir(EXTRA_CA_DIR).catch(() => [])) {
      if (file.endsWith('.crt')) await copyFile(join(EXTRA_CA_DIR, file), join(context, 'extra-ca', file));
    }
    await runCommand('npm', ['pack', `npm@${NPM_VERSION}`, '--silent'], { cwd: context, quiet: true });
    await runCommand('mv', [join(context, `npm-${NPM_VERSION}.tgz`), join(context, 'npm.tgz')]);
    await dockerBuild(context, LOCAL_IMAGES.node, ['--build-arg', `DEBIAN_IMAGE=${LOCAL_IMAGES.debian}`]);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

/** PostgreSQL 15 and nats-server 2.9 from Debian's packages, on the Debian base. */
export async function buildServiceBases(): Promise<void> {
  const args = ['--build-arg', `DEBIAN_IMAGE=${LOCAL_IMAGES.debian}`];
  await dockerBuild(join(IMAGES_DIR, 'postgres'), LOCAL_IMAGES.postgres, args);
  await dockerBuild(join(IMAGES_DIR, 'nats'), LOCAL_IMAGES.nats, args);
}

/** The Node version the workspace's `node` devDependency installs (and so the stand-in carries). */
export async function workspaceNodeVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(join(WORKSPACE_ROOT, 'node_modules/node/package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

export function dockerBuild(
  context: string,
  tag: string,
  args: readonly string[],
  dockerfile?: string,
): Promise<string> {
  return runCommand('docker', ['build', '-q', '-t', tag, ...args, ...(dockerfile ? ['-f', dockerfile] : []), context], {
    quiet: true,
  });
}
