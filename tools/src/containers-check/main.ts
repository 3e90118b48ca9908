// `npm run containers:check`: Vigil's images built and run for real, on a
// machine that reaches no image registry. Builds the local base images from
// Debian's packages (cached), every app image from its Dockerfile on
// the local Node base, runs docker-compose.yml with the local-images
// override, waits until every healthcheck is healthy, runs `vigil demo` (with
// an error sent through sentry-relay by the Sentry SDK) and a
// status change → snapshot path across a scheduler restart against the
// containers, runs one integration suite per service through testcontainers
// on the local images, and ends with `down -v`. Prints each step's time and
// the image sizes. Uses the Docker daemon DOCKER_HOST names (the default
// socket when unset), and docker-compose (1.29+) and debootstrap.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '../build/workspace-apps.js';
import { composeProject } from './compose-project.js';
import {
  buildNodeBase,
  buildServiceBases,
  dockerBuild,
  ensureDebianBase,
  LOCAL_IMAGES,
  workspaceNodeVersion,
} from './local-base-images.js';
import { runCommand } from './run-command.js';
import { statusChangeToSnapshot } from './status-change-path.js';
import { formatImageSize, formatStepTimes, type TimedStep } from './step-clock.js';

const APPS = [
  { app: 'ingest', suite: 'test/store-events.int.test.ts' },
  { app: 'incidents', suite: 'test/alert-rules.int.test.ts' },
  { app: 'snapshot-scheduler', suite: 'src/consumer/status-event-consumer.int.test.ts' },
  { app: 'sentry-relay', suite: 'test/sentry-http-api.int.test.ts' },
] as const;
const steps: TimedStep[] = [];

async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  console.log(`\n=== ${name} (${new Date().toISOString().slice(11, 19)})`);
  const started = Date.now();
  try {
    return await work();
  } finally {
    steps.push({ name, ms: Date.now() - started });
    console.log(`    ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

const project = composeProject(`vigil-check-${randomBytes(3).toString('hex')}`);
let failed = false;
try {
  await step('docker answers', async () => {
    const version = await runCommand('docker', ['version', '--format', '{{.Server.Version}}'], { quiet: true });
    console.log(`    Docker ${version.trim()} at ${process.env['DOCKER_HOST'] ?? 'the default socket'}`);
    const node = await workspaceNodeVersion();
    if (!LOCAL_IMAGES.node.includes(`:${node}-`))
      throw new Error(`the workspace's Node is ${node}: update LOCAL_IMAGES.node and NODE_IMAGE in the Dockerfiles`);
  });
  await step('base image: Debian bookworm (debootstrap, when missing)', async () =>
    console.log(`    ${LOCAL_IMAGES.debian}: ${await ensureDebianBase()}`),
  );
  await step('base image: Node (the workspace’s binary) and npm', buildNodeBase);
  await step('base images: PostgreSQL 15 and nats-server 2.9 (Debian packages)', buildServiceBases);
  for (const { app } of APPS) {
    await step(`app image: ${app}`, () =>
      dockerBuild(
        WORKSPACE_ROOT,
        `vigil/${app}:local`,
        ['--build-arg', `NODE_IMAGE=${LOCAL_IMAGES.node}`],
        join('apps', app, 'Dockerfile'),
      ),
    );
  }
  await step('compose up', () => project.up());
  await step('every healthcheck healthy', () => project.waitHealthy(600_000));
  const addresses = {
    ingest: `127.0.0.1:${await project.port('ingest', 50051)}`,
    incidents: `127.0.0.1:${await project.port('incidents', 50052)}`,
    scheduler: async () => `127.0.0.1:${await project.port('snapshot-scheduler', 50053)}`,
  };
  await step('vigil demo against the containers', async () => {
    await runCommand(
      join(WORKSPACE_ROOT, 'node_modules/.bin/node'),
      [join(WORKSPACE_ROOT, 'tools/bin/vigil.mjs'), 'demo'],
      {
        env: {
          VIGIL_INGEST_ADDRESS: addresses.ingest,
          VIGIL_INCIDENTS_ADDRESS: addresses.incidents,
          VIGIL_SCHEDULER_ADDRESS: await addresses.scheduler(),
          // The demo's SDK step: an error sent by @sentry/node through the relay's container
          // (docker-compose.yml's local key) and read back from ingest's.
          VIGIL_RELAY_DSN: `http://vigil_local_demo_key_0001@127.0.0.1:${await project.port('sentry-relay', 9000)}/1`,
        },
      },
    );
  });
  await step('status change → snapshot across a scheduler restart', () =>
    statusChangeToSnapshot(project, addresses, (line) => console.log(`    ${line}`)),
  );
  for (const { app, suite } of APPS) {
    await step(`testcontainers: ${app} ${suite}`, () =>
      runCommand(join(WORKSPACE_ROOT, 'node_modules/.bin/vitest'), ['run', '--project', 'integration', suite], {
        cwd: join(WORKSPACE_ROOT, 'apps', app),
        env: {
          VIGIL_TEST_INFRA: 'containers',
          VIGIL_TEST_POSTGRES_IMAGE: LOCAL_IMAGES.postgres,
          VIGIL_TEST_NATS_IMAGE: LOCAL_IMAGES.nats,
          // Its reaper image cannot be pulled; the globalSetup stops the containers itself.
          TESTCONTAINERS_RYUK_DISABLED: 'true',
        },
      }),
    );
  }
} catch (error) {
  failed = true;
  console.error(`\ncontainers check FAILED: ${error instanceof Error ? error.message : String(error)}`);
  console.error(await project.logs().catch(() => '(no compose logs)'));
} finally {
  await step('compose down -v', () => project.down()).catch((error: unknown) => {
    failed = true;
    console.error(`compose down failed: ${String(error)}`);
  });
}

console.log('\nImage sizes:');
const images = [...APPS.map(({ app }) => `vigil/${app}:local`), ...Object.values(LOCAL_IMAGES)];
for (const image of images) {
  const size = await runCommand('docker', ['image', 'inspect', '--format', '{{.Size}}', image], { quiet: true }).catch(
    () => '',
  );
  console.log(`  ${image.padEnd(42)} ${size ? formatImageSize(Number(size)) : '(not built)'}`);
}
console.log('\nStep times:');
console.log(formatStepTimes(steps));
console.log(failed ? '\ncontainers check: FAILED' : '\ncontainers check: passed');
process.exitCode = failed ? 1 : 0;
