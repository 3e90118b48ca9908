// The three services on a 3-node JetStream cluster (stream replicas 3): the
// node incidents is connected to is killed while 200 incidents close. Every
// status event is stored once, reaches the scheduler and is applied once, and
// both services reconnect to the surviving nodes by themselves.
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { IncidentStatus } from '@vigil/contracts/incidents';
import { callUnary } from '@vigil/runtime';
import { startNatsCluster, type NatsCluster, type NatsClusterNode } from '@vigil/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createIncident, eventually, freshId, HOUR, MINUTE, setStatus } from './contract-helpers.js';
import { startVigilSystem, type VigilSystem } from './vigil-system.js';

const INCIDENTS = 200;
// Closes in flight at once: the kill lands among them.
const CONCURRENCY = 8;
const KILL_AFTER = 60;

let cluster: NatsCluster;
let system: VigilSystem;

beforeAll(async () => {
  cluster = await startNatsCluster(3);
  system = await startVigilSystem(
    'nats-cluster',
    {},
    {
      natsUrl: cluster.urls,
      natsClientEnv: { NATS_STREAM_REPLICAS: '3', NATS_RETRY_WAIT_MS: '500' },
    },
  );
}, 180_000);

afterAll(async () => {
  await system?.close();
  await cluster?.dispose();
});

interface Connz {
  readonly connections?: readonly { readonly name?: string }[];
}

/** The node a client (by its connection name's start) is connected to, from the nodes' /connz. */
async function nodeServing(
  clientName: string,
  nodes: readonly NatsClusterNode[],
): Promise<NatsClusterNode | undefined> {
  for (const node of nodes) {
    const connz = (await fetch(`${node.monitorUrl}/connz`).then((response) => response.json())) as Connz;
    if (connz.connections?.some((connection) => connection.name?.startsWith(clientName))) return node;
  }
  return undefined;
}

test('a node killed while 200 incidents close: every status event applied exactly once, services reconnect', async () => {
  const organization = freshId();
  const project = freshId();
  const started = Date.now() - 6 * HOUR;
  const ids: string[] = [];
  for (let i = 0; i < INCIDENTS; i++)
    ids.push(await createIncident(system.incidents, { organization, project, started }));

  const incidentsNode = await eventually(() => nodeServing('vigil-incidents', cluster.nodes), 'incidents on a node');
  let closed = 0;
  let killed: Promise<void> | undefined;
  const closeNext = async (): Promise<void> => {
    for (let id = ids[closed]; id !== undefined; id = ids[closed]) {
      closed++;
      if (closed === KILL_AFTER) killed = incidentsNode.kill();
      // Closed in the past: due at once, so processing below makes the snapshots.
      await setStatus(system.incidents, id, IncidentStatus.CLOSED, started + 10 * MINUTE);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, closeNext));
  await killed;
  const survivors = cluster.nodes.filter((node) => node !== incidentsNode);

  // Every event reached the scheduler: one pending row per incident, at the closing version.
  const versions = await eventually(
    async () => {
      const rows = await Promise.all(
        ids.map((incidentId) =>
          callUnary(system.scheduler, 'getPendingSnapshot', { incidentId }, { timeoutMs: 5_000 }).then(
            (answer) => answer.pendingSnapshot?.incidentVersion,
            () => undefined,
          ),
        ),
      );
      return rows.every((version) => version !== undefined) ? rows : undefined;
    },
    'a pending snapshot for each of the 200 incidents',
    90_000,
  );
  expect(new Set(versions)).toEqual(new Set(['2']));

  // Stored once each despite the relay's retries through the failover (msgID dedup),
  // and every one acknowledged by the scheduler.
  const nc = await connect({ servers: survivors.map((node) => node.url) });
  try {
    // JetStream's API may time out while the cluster elects a new meta leader
    // (the killed node may have been it): ask until the survivors answer.
    const jsm = await eventually(() => jetstreamManager(nc), 'JetStream answering on the surviving nodes', 90_000);
    const stream = await eventually(
      () => jsm.streams.info(system.nats.stream),
      'the stream info from the surviving nodes',
      90_000,
    );
    expect(stream.config.num_replicas).toBe(3);
    expect(stream.state.messages).toBe(INCIDENTS);
    const consumer = await eventually(
      async () => {
        const info = await jsm.consumers.info(system.nats.stream, system.nats.durable);
        return info.num_pending === 0 && info.num_ack_pending === 0 ? info : undefined;
      },
      'the scheduler to acknowledge every event',
      60_000,
    );
    expect(consumer.delivered.stream_seq).toBe(INCIDENTS);
  } finally {
    await nc.close();
  }

  // Applied once: processing makes exactly one snapshot per incident.
  const processed = await callUnary(system.scheduler, 'processDueSnapshots', {}, { timeoutMs: 60_000 });
  expect(processed).toMatchObject({ claimed: String(INCIDENTS), created: String(INCIDENTS), alreadyExisted: '0' });

  // Both reconnected by themselves, to nodes that are still up.
  expect(survivors).toContain(
    await eventually(() => nodeServing('vigil-incidents', survivors), 'incidents reconnected'),
  );
  expect(survivors).toContain(
    await eventually(() => nodeServing('snapshot-scheduler', survivors), 'the scheduler reconnected'),
  );
}, 300_000);
