import { status } from '@grpc/grpc-js';
import { ThresholdComparison } from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import { deleteTestStream, getTestInfrastructure, testNatsNames, useTestDatabase } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, failure, startIncidentsUnderTest, type IncidentsUnderTest } from './support/incidents-under-test.js';

const database = useTestDatabase();
const nats = testNatsNames('incidents-rules');
let incidents: IncidentsUnderTest;

beforeAll(async () => {
  incidents = await startIncidentsUnderTest({ databaseUrl: database().url, nats });
});
afterAll(async () => {
  await incidents?.stop();
  await deleteTestStream((await getTestInfrastructure()).natsUrl, nats.stream);
});

const validRule = {
  organizationId: '1',
  projectIds: ['10', '11'],
  name: 'Checkout errors',
  query: 'level:error environment:production',
  aggregation: Aggregation.UNIQUE_USERS,
  timeWindowMinutes: 5,
};

describe('alert rules', () => {
  it('are created, read, updated and deleted', async () => {
    const { alertRule: created } = await call(incidents.client, 'createAlertRule', validRule);
    expect(created).toMatchObject({ ...validRule, id: expect.stringMatching(/^[1-9]\d*$/) });
    expect(created?.createdAt).toEqual(created?.updatedAt);
    const id = created?.id ?? '';

    expect((await call(incidents.client, 'getAlertRule', { alertRuleId: id })).alertRule).toEqual(created);

    const { alertRule: updated } = await call(incidents.client, 'updateAlertRule', {
      alertRuleId: id,
      timeWindowMinutes: 15,
      query: 'level:fatal',
    });
    expect(updated).toMatchObject({ ...validRule, id, timeWindowMinutes: 15, query: 'level:fatal' });
    expect(updated?.updatedAt?.getTime()).toBeGreaterThanOrEqual(created?.updatedAt?.getTime() ?? Infinity);

    await call(incidents.client, 'deleteAlertRule', { alertRuleId: id });
    expect(await failure(call(incidents.client, 'getAlertRule', { alertRuleId: id }))).toEqual({
      code: status.NOT_FOUND,
      details: `alert rule ${id} not found`,
    });
    expect((await failure(call(incidents.client, 'deleteAlertRule', { alertRuleId: id }))).code).toBe(status.NOT_FOUND);
  });

  it('are listed per organization by ascending id, a page at a time', async () => {
    const organizationId = '77';
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      const { alertRule } = await call(incidents.client, 'createAlertRule', { ...validRule, organizationId, name });
      ids.push(alertRule?.id ?? '');
    }
    await call(incidents.client, 'createAlertRule', { ...validRule, organizationId: '78' });
    const first = await call(incidents.client, 'listAlertRules', { organizationId, pageSize: 2, pageToken: '' });
    expect(first.alertRules.map((rule) => rule.id)).toEqual(ids.slice(0, 2));
    const second = await call(incidents.client, 'listAlertRules', {
      organizationId,
      pageSize: 2,
      pageToken: first.nextPageToken,
    });
    expect([second.alertRules.map((rule) => rule.name), second.nextPageToken]).toEqual([['c'], '']);
    const elsewhere = await failure(
      call(incidents.client, 'listAlertRules', { organizationId: '78', pageSize: 2, pageToken: first.nextPageToken }),
    );
    expect(elsewhere.code).toBe(status.INVALID_ARGUMENT);
  });

  it('take AGGREGATION_UNSPECIFIED as TOTAL', async () => {
    const { alertRule } = await call(incidents.client, 'createAlertRule', {
      ...validRule,
      aggregation: Aggregation.UNSPECIFIED,
    });
    expect(alertRule?.aggregation).toBe(Aggregation.TOTAL);
  });

  it('change only the fields given', async () => {
    const { alertRule: created } = await call(incidents.client, 'createAlertRule', validRule);
    const { alertRule: renamed } = await call(incidents.client, 'updateAlertRule', {
      alertRuleId: created?.id ?? '',
      name: 'Renamed',
    });
    expect(renamed).toMatchObject({ ...validRule, name: 'Renamed' });
  });

  it('keep thresholds, enabled and the resolve threshold in effect; an update replaces the thresholds whole', async () => {
    const { alertRule: plain } = await call(incidents.client, 'createAlertRule', validRule);
    expect(plain).toMatchObject({ thresholds: undefined, enabled: true, resolveThresholdInEffect: undefined });

    const thresholds = { comparison: ThresholdComparison.ABOVE, critical: 50, warning: 20 };
    const { alertRule: created } = await call(incidents.client, 'createAlertRule', { ...validRule, thresholds });
    expect(created).toMatchObject({ thresholds, enabled: true, resolveThresholdInEffect: 20 });
    expect((await call(incidents.client, 'getAlertRule', { alertRuleId: created?.id ?? '' })).alertRule).toEqual(
      created,
    );

    const below = { comparison: ThresholdComparison.BELOW, critical: 1, resolve: 3 };
    const { alertRule: updated } = await call(incidents.client, 'updateAlertRule', {
      alertRuleId: created?.id ?? '',
      thresholds: below,
      enabled: false,
    });
    expect(updated).toMatchObject({ thresholds: { ...below, warning: undefined }, enabled: false });
    expect(updated?.resolveThresholdInEffect).toBe(3);
  });

  it('answer NOT_FOUND for an unknown rule', async () => {
    expect(await failure(call(incidents.client, 'updateAlertRule', { alertRuleId: '999999', name: 'x' }))).toEqual({
      code: status.NOT_FOUND,
      details: 'alert rule 999999 not found',
    });
  });

  it.each([
    ['no projects', { projectIds: [] }, 'project_ids: must name at least one project'],
    ['a bad project id', { projectIds: ['1', '-3'] }, 'project_ids[1]: must be a positive integer, got -3'],
    ['no organization', { organizationId: '0' }, 'organization_id: is required'],
    ['an empty name', { name: ' ' }, 'name: must not be empty'],
    ['a NUL in the name', { name: 'cpu\u0000' }, 'name: must not contain a NUL character (U+0000, at 3)'],
    [
      'an unknown query key',
      { query: 'level:error user.email:a@b.c' },
      'query: unknown key "user.email" at position 12: the only user key is "user.id"; write tags[user.email] for a tag' +
        ' (term "user.email:a@b.c")',
    ],
    [
      'a bad level',
      { query: 'level:loud' },
      'query: invalid level "loud" at position 6: expected one of fatal, error, warning, info, debug (term "level:loud")',
    ],
    [
      'a zero time window',
      { timeWindowMinutes: 0 },
      'time_window_minutes: must be a whole number of minutes from 1 to 43200, got 0',
    ],
    ['an unknown aggregation', { aggregation: 9 }, 'aggregation: unknown aggregation 9'],
    [
      'thresholds without a comparison',
      { thresholds: { comparison: ThresholdComparison.UNSPECIFIED, critical: 5 } },
      'thresholds.comparison: must be THRESHOLD_COMPARISON_ABOVE or THRESHOLD_COMPARISON_BELOW, got 0',
    ],
    [
      'a warning threshold beyond critical',
      { thresholds: { comparison: ThresholdComparison.ABOVE, critical: 5, warning: 5 } },
      'thresholds.warning: must be below thresholds.critical (5) when the comparison is ABOVE, got 5',
    ],
    [
      'a resolve threshold beyond the lowest trigger',
      { thresholds: { comparison: ThresholdComparison.BELOW, critical: 5, warning: 8, resolve: 7 } },
      'thresholds.resolve: must not be below thresholds.warning (8) when the comparison is BELOW, got 7',
    ],
    [
      'a negative critical threshold',
      { thresholds: { comparison: ThresholdComparison.ABOVE, critical: -1 } },
      'thresholds.critical: must be a finite number from 0 to 9007199254740991, got -1',
    ],
  ])('refuse %s with INVALID_ARGUMENT naming the field, writing nothing', async (_, change, details) => {
    const before = await incidents.count('alert_rule');
    expect(await failure(call(incidents.client, 'createAlertRule', { ...validRule, ...change }))).toEqual({
      code: status.INVALID_ARGUMENT,
      details,
    });
    expect(await incidents.count('alert_rule')).toBe(before);
  });

  it('refuse a bad update with INVALID_ARGUMENT and keep the rule as it was', async () => {
    const { alertRule: created } = await call(incidents.client, 'createAlertRule', validRule);
    const id = created?.id ?? '';
    for (const [change, details] of [
      [{ timeWindowMinutes: -1 }, 'time_window_minutes: must be a whole number of minutes from 1 to 43200, got -1'],
      [{ query: 'tags[os:x' }, expect.stringMatching(/^query: .* at position 0/)],
      [{ name: '' }, 'name: must not be empty'],
      [
        { thresholds: { comparison: ThresholdComparison.ABOVE, critical: 1, resolve: 2 } },
        'thresholds.resolve: must not be above thresholds.critical (1) when the comparison is ABOVE, got 2',
      ],
    ] as const) {
      expect(await failure(call(incidents.client, 'updateAlertRule', { alertRuleId: id, ...change }))).toEqual({
        code: status.INVALID_ARGUMENT,
        details,
      });
    }
    expect((await call(incidents.client, 'getAlertRule', { alertRuleId: id })).alertRule).toEqual(created);
  });
});
