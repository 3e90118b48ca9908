// `vigil demo`: the whole path — events, groups, statistics, an error sent by
// the Sentry SDK through sentry-relay (when its DSN is given), a rule firing
// by itself, a rule and an incident closed in the past, its pending snapshot arriving over NATS,
// processing, the snapshot, a reopen — against the running services.
import { randomInt } from 'node:crypto';
import type { CliContext, ServiceName } from '../cli-context.js';
import { formatInstant } from '../instant.js';
import { sendDemoEvents, showDemoGroups, showDemoStats } from './demo-ingest-steps.js';
import {
  awaitPendingSnapshot,
  closeDemoIncident,
  openDemoIncident,
  processAndShowSnapshot,
  reopenDemoIncident,
} from './demo-incident-steps.js';
import { showRuleFiring } from './demo-rule-step.js';
import { sendSdkError } from './demo-sdk-step.js';
import { createNarrator } from './narrator.js';
import type { RelayDsn } from './relay-dsn.js';
import { relayHealth } from './relay-health.js';
import { serviceHealth } from './service-health.js';

const STEPS = 11;
const HEALTH_TIMEOUT_MS = 2_000;
// Random ids far above what people type by hand, so a demo never lands in a real project.
const ID_RANGE = { min: 100_000_000, max: 2_000_000_000 };

/** `relay`: sentry-relay's DSN (`--relay-dsn`); without it the SDK step is skipped. */
export async function runDemo(ctx: CliContext, relay?: RelayDsn): Promise<number> {
  const startedAt = Date.now();
  ctx.print(`Vigil demo, ${formatInstant(ctx.now())}: from an event to a frozen incident snapshot.`);
  if (!(await servicesAreUp(ctx, relay))) return 1;

  const ids = {
    organizationId: String(randomInt(ID_RANGE.min, ID_RANGE.max)),
    projectId: String(randomInt(ID_RANGE.min, ID_RANGE.max)),
  };
  const say = createNarrator(ctx.print, relay ? STEPS + 1 : STEPS, ctx.width);
  await sendDemoEvents(ctx, say, ids.projectId);
  await showDemoGroups(ctx, say, ids.projectId);
  await showDemoStats(ctx, say, ids.projectId);
  if (relay && !(await sendSdkError(ctx, say, relay))) return 1;
  await showRuleFiring(ctx, say, ids);
  const incident = await openDemoIncident(ctx, say, ids);
  await closeDemoIncident(ctx, say, incident);
  await awaitPendingSnapshot(ctx, say, incident.id);
  await processAndShowSnapshot(ctx, say, incident.id);
  await reopenDemoIncident(ctx, say, incident.id);

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  ctx.print(`\nDone in ${seconds} s. Look around:`);
  ctx.print(`  vigil incidents activity ${incident.id}`);
  ctx.print(`  vigil stats --project ${ids.projectId} --start -45m --query "level:error" --table`);
  ctx.print(`  vigil incidents status ${incident.id} closed --closed-at -15m && vigil pending list`);
  return 0;
}

async function servicesAreUp(ctx: CliContext, relay: RelayDsn | undefined): Promise<boolean> {
  const services: ServiceName[] = ['ingest', 'incidents', 'scheduler'];
  const [relayStatus, ...health] = await Promise.all([
    relay && relayHealth(relay, HEALTH_TIMEOUT_MS),
    ...services.map((service) => serviceHealth(ctx.addresses[service], HEALTH_TIMEOUT_MS)),
  ]);
  services.forEach((service, i) =>
    ctx.print(`  ${service.padEnd(10)} ${ctx.addresses[service].padEnd(22)} ${health[i]}`),
  );
  if (relay) ctx.print(`  ${'relay'.padEnd(10)} ${relay.shown.padEnd(22)} ${relayStatus}`);
  else ctx.print(`  ${'relay'.padEnd(10)} ${'(no DSN)'.padEnd(22)} ${SDK_SKIPPED}`);
  if (health.every((status) => status === 'SERVING') && (!relay || relayStatus === 'SERVING')) return true;
  ctx.print(
    relay
      ? '\nThe demo needs the three services and the relay to take its DSN: run `npm start` in another terminal ' +
          '(it prints the DSN), then try again.'
      : '\nThe demo needs all three services: run `npm start` in another terminal, then try again.',
  );
  return false;
}

const SDK_SKIPPED =
  "the Sentry SDK step is skipped: give the relay's DSN with --relay-dsn or VIGIL_RELAY_DSN (`npm start` prints it)";
