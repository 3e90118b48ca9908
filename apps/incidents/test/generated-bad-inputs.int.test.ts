// Generated bad requests over every IncidentsService RPC's fields, against
// the real service, PostgreSQL and NATS (fast-check, seeded): each is answered
// INVALID_ARGUMENT naming a field — never OK, UNKNOWN, INTERNAL or
// UNAVAILABLE — and leaves every table as it was (the outbox included).
import {
  CreateAlertRuleRequest,
  CreateIncidentRequest,
  GetIncidentEventStatsRequest,
  IncidentStatus,
  ListAlertRulesRequest,
  ListIncidentActivityRequest,
  ListIncidentsRequest,
  UpdateAlertRuleRequest,
  UpdateIncidentStatusRequest,
} from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import {
  anySpoiler,
  BAD_REQUEST_RUNS,
  badValues,
  databaseFingerprint,
  deleteTestStream,
  expectCallersMistake,
  expectWellFormed,
  getTestInfrastructure,
  testNatsNames,
  useTestDatabase,
  type Spoiler,
} from '@vigil/testing';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startIncidentsUnderTest, type IncidentsUnderTest } from './support/incidents-under-test.js';

const HOUR = 3_600_000;
const database = useTestDatabase();
const nats = testNatsNames('incidents-bad-inputs');
let incidents: IncidentsUnderTest;
let sql: pg.Pool;
let ruleId: string;
let incidentId: string;

const ruleRequest = (): CreateAlertRuleRequest => ({
  organizationId: '1',
  projectIds: ['10'],
  name: 'Checkout errors',
  query: 'level:error',
  aggregation: Aggregation.TOTAL,
  timeWindowMinutes: 5,
});
const incidentRequest = (): CreateIncidentRequest => ({
  ...CreateIncidentRequest.fromPartial({}),
  organizationId: '1',
  title: 'Checkout errors',
  query: 'level:error',
  dateStarted: new Date(Date.now() - 2 * HOUR),
  projectIds: ['10'],
});

beforeAll(async () => {
  incidents = await startIncidentsUnderTest({ databaseUrl: database().url, nats });
  sql = new pg.Pool({ connectionString: database().url, max: 2 });
  ruleId = (await call(incidents.client, 'createAlertRule', ruleRequest())).alertRule?.id ?? '';
  incidentId = (await call(incidents.client, 'createIncident', incidentRequest())).incident?.id ?? '';
  // The relay marks messages sent in the background: wait for it, so only a call can change a table.
  for (let tries = 0; (await incidents.count('outbox_message', 'sent_at IS NULL')) > 0; tries += 1) {
    if (tries > 600) throw new Error('the outbox never drained');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(async () => {
  await sql?.end();
  await incidents?.stop();
  await deleteTestStream((await getTestInfrastructure()).natsUrl, nats.stream);
});

async function refusedAndUnwritten<Request>(
  spoilers: readonly Spoiler<Request>[],
  send: (change: Partial<Request>) => Promise<unknown>,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(anySpoiler(spoilers), async ([, change]) => {
      const before = await databaseFingerprint(sql);
      await expectCallersMistake(send(change));
      expect(await databaseFingerprint(sql)).toBe(before);
    }),
    BAD_REQUEST_RUNS,
  );
}

const id = (field: string, key: string) => ({
  field,
  spoil: fc.record({ [key]: badValues.positiveInt64 }),
});
const text = (field: string, key: string) => ({ field, spoil: fc.record({ [key]: badValues.textWithNul }) });
/** Thresholds that cannot be: no or an unknown comparison, a value out of range, or numbers out of order with it. */
const COMPARISON_ABOVE = 1;
const badNumber = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
  fc.double({ min: 1e16, noNaN: true }),
);
const thresholdSpoilers = [
  {
    field: 'thresholds.comparison',
    spoil: fc
      .oneof(fc.constant(0), badValues.unknownEnum)
      .map((comparison) => ({ thresholds: { comparison, critical: 10 } })),
  },
  {
    field: 'thresholds.critical',
    spoil: badNumber.map((critical) => ({ thresholds: { comparison: COMPARISON_ABOVE, critical } })),
  },
  {
    field: 'thresholds.warning',
    // ABOVE: a warning must be below critical.
    spoil: fc
      .integer({ min: 0, max: 1000 })
      .chain((critical) =>
        fc
          .integer({ min: critical, max: critical + 1000 })
          .map((warning) => ({ thresholds: { comparison: COMPARISON_ABOVE, critical, warning } })),
      ),
  },
  {
    field: 'thresholds.resolve',
    // ABOVE: resolving must not be above the lowest trigger threshold.
    spoil: fc
      .integer({ min: 0, max: 1000 })
      .chain((critical) =>
        fc
          .integer({ min: critical + 1, max: critical + 1000 })
          .map((resolve) => ({ thresholds: { comparison: COMPARISON_ABOVE, critical, resolve } })),
      ),
  },
];

const page = [
  { field: 'page_size', spoil: fc.record({ pageSize: badValues.negativePageSize }) },
  { field: 'page_token', spoil: fc.record({ pageToken: badValues.pageToken }) },
];

describe('generated bad requests to IncidentsService', () => {
  const client = () => incidents.client;

  it('CreateAlertRule', async () => {
    const spoilers: Spoiler<CreateAlertRuleRequest>[] = [
      id('organization_id', 'organizationId'),
      { field: 'project_ids', spoil: fc.record({ projectIds: badValues.positiveInt64.map((p) => ['10', p]) }) },
      text('name', 'name'),
      text('query', 'query'),
      { field: 'aggregation', spoil: fc.record({ aggregation: badValues.unknownEnum }) },
      {
        field: 'time_window_minutes',
        spoil: fc.record({ timeWindowMinutes: fc.integer({ min: -(2 ** 31), max: 0 }) }),
      },
      ...(thresholdSpoilers as Spoiler<CreateAlertRuleRequest>[]),
    ];
    await refusedAndUnwritten(spoilers, (change) => call(client(), 'createAlertRule', { ...ruleRequest(), ...change }));
  });

  it('GetAlertRule, DeleteAlertRule', async () => {
    await refusedAndUnwritten([id('alert_rule_id', 'alertRuleId')], (change) =>
      call(client(), 'getAlertRule', { alertRuleId: ruleId, ...change }),
    );
    await refusedAndUnwritten([id('alert_rule_id', 'alertRuleId')], (change) =>
      call(client(), 'deleteAlertRule', { alertRuleId: ruleId, ...change }),
    );
  });

  it('UpdateAlertRule', async () => {
    const spoilers: Spoiler<UpdateAlertRuleRequest>[] = [
      id('alert_rule_id', 'alertRuleId'),
      text('name', 'name'),
      text('query', 'query'),
      { field: 'aggregation', spoil: fc.record({ aggregation: badValues.unknownEnum }) },
      {
        field: 'time_window_minutes',
        spoil: fc.record({ timeWindowMinutes: fc.integer({ min: -(2 ** 31), max: 0 }) }),
      },
      ...(thresholdSpoilers as Spoiler<UpdateAlertRuleRequest>[]),
    ];
    await refusedAndUnwritten(spoilers, (change) =>
      call(client(), 'updateAlertRule', UpdateAlertRuleRequest.fromPartial({ alertRuleId: ruleId, ...change })),
    );
  });

  it('CreateIncident', async () => {
    const spoilers: Spoiler<CreateIncidentRequest>[] = [
      id('organization_id', 'organizationId'),
      { field: 'type', spoil: fc.record({ type: badValues.unknownEnum }) },
      text('title', 'title'),
      text('query', 'query'),
      { field: 'aggregation', spoil: fc.record({ aggregation: badValues.unknownEnum }) },
      { field: 'date_started', spoil: fc.record({ dateStarted: badValues.timestamp }) },
      { field: 'date_detected', spoil: fc.record({ dateDetected: badValues.timestamp }) },
      { field: 'project_ids', spoil: fc.record({ projectIds: badValues.positiveInt64.map((p) => ['10', p]) }) },
      {
        field: 'group_ids',
        spoil: fc.record({ groupIds: fc.oneof(badValues.textWithNul, fc.string({ maxLength: 31 })).map((g) => [g]) }),
      },
      id('alert_rule_id', 'alertRuleId'),
    ];
    await refusedAndUnwritten(spoilers, (change) =>
      call(client(), 'createIncident', { ...incidentRequest(), ...change }),
    );
  });

  it('GetIncident, CreateIncidentSnapshot, GetIncidentSnapshot', async () => {
    for (const method of ['getIncident', 'createIncidentSnapshot', 'getIncidentSnapshot'] as const) {
      await refusedAndUnwritten([id('incident_id', 'incidentId')], (change) =>
        call(client(), method, { incidentId, ...change }),
      );
    }
  });

  it('ListIncidents', async () => {
    const spoilers: Spoiler<ListIncidentsRequest>[] = [
      id('organization_id', 'organizationId'),
      { field: 'status', spoil: fc.record({ status: badValues.unknownEnum }) },
      ...page,
    ];
    await refusedAndUnwritten(spoilers, (change) =>
      call(client(), 'listIncidents', ListIncidentsRequest.fromPartial({ organizationId: '1', ...change })),
    );
  });

  it('UpdateIncidentStatus', async () => {
    const spoilers: Spoiler<UpdateIncidentStatusRequest>[] = [
      id('incident_id', 'incidentId'),
      { field: 'status', spoil: fc.record({ status: fc.oneof(fc.constant(0), badValues.unknownEnum) }) },
      { field: 'method', spoil: fc.record({ method: badValues.unknownEnum }) },
      text('comment', 'comment'),
      text('actor', 'actor'),
      {
        field: 'date_closed',
        spoil: fc.record({ status: fc.constant(IncidentStatus.CLOSED), dateClosed: badValues.timestamp }),
      },
    ];
    await refusedAndUnwritten(spoilers, (change) =>
      call(
        client(),
        'updateIncidentStatus',
        UpdateIncidentStatusRequest.fromPartial({ incidentId, status: IncidentStatus.WARNING, ...change }),
      ),
    );
  });

  it('ListIncidentActivity, ListAlertRules', async () => {
    await refusedAndUnwritten<ListIncidentActivityRequest>([id('incident_id', 'incidentId'), ...page], (change) =>
      call(client(), 'listIncidentActivity', ListIncidentActivityRequest.fromPartial({ incidentId, ...change })),
    );
    await refusedAndUnwritten<ListAlertRulesRequest>([id('organization_id', 'organizationId'), ...page], (change) =>
      call(client(), 'listAlertRules', ListAlertRulesRequest.fromPartial({ organizationId: '1', ...change })),
    );
  });

  it('GetIncidentEventStats', async () => {
    const spoilers: Spoiler<GetIncidentEventStatsRequest>[] = [
      id('incident_id', 'incidentId'),
      { field: 'start', spoil: fc.record({ start: badValues.timestamp }) },
      { field: 'end', spoil: fc.record({ end: badValues.timestamp }) },
    ];
    await refusedAndUnwritten(spoilers, (change) =>
      call(client(), 'getIncidentEventStats', GetIncidentEventStatsRequest.fromPartial({ incidentId, ...change })),
    );
  });

  // Last: its writes change the tables (and the outbox) the properties above compare.
  it('start from valid requests', async () => {
    const c = client();
    await expectWellFormed(call(c, 'getAlertRule', { alertRuleId: ruleId }));
    await expectWellFormed(call(c, 'getIncident', { incidentId }));
    await expectWellFormed(call(c, 'getIncidentSnapshot', { incidentId }));
    await expectWellFormed(call(c, 'listIncidents', ListIncidentsRequest.fromPartial({ organizationId: '1' })));
    await expectWellFormed(call(c, 'listIncidentActivity', ListIncidentActivityRequest.fromPartial({ incidentId })));
    await expectWellFormed(call(c, 'listAlertRules', ListAlertRulesRequest.fromPartial({ organizationId: '1' })));
    await expectWellFormed(call(c, 'getIncidentEventStats', GetIncidentEventStatsRequest.fromPartial({ incidentId })));
    // Writes last: each changes what it names.
    await expectWellFormed(call(c, 'createAlertRule', ruleRequest()));
    await expectWellFormed(call(c, 'createIncident', incidentRequest()));
    await expectWellFormed(call(c, 'updateAlertRule', UpdateAlertRuleRequest.fromPartial({ alertRuleId: ruleId })));
    const warning = UpdateIncidentStatusRequest.fromPartial({ incidentId, status: IncidentStatus.WARNING });
    await expectWellFormed(call(c, 'updateIncidentStatus', warning));
    await expectWellFormed(call(c, 'createIncidentSnapshot', { incidentId }));
    await expectWellFormed(call(c, 'deleteAlertRule', { alertRuleId: ruleId }));
  });
});
