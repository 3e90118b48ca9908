// Requests as bytes, the way a hostile or broken caller sends them: what
// does not parse fails like every gRPC parse error (INTERNAL), text that is
// not UTF-8 is INVALID_ARGUMENT naming the field, and neither writes.
import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { CreateAlertRuleRequest } from '@vigil/contracts/incidents';
import { deleteTestStream, getTestInfrastructure, testNatsNames, useTestDatabase } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIncidentsUnderTest, type IncidentsUnderTest } from './support/incidents-under-test.js';

const database = useTestDatabase();
const nats = testNatsNames('incidents-raw');
let incidents: IncidentsUnderTest;
let raw: Client;

beforeAll(async () => {
  incidents = await startIncidentsUnderTest({ databaseUrl: database().url, nats });
  raw = new Client(`127.0.0.1:${incidents.service.port}`, credentials.createInsecure());
});
afterAll(async () => {
  raw?.close();
  await incidents?.stop();
  await deleteTestStream((await getTestInfrastructure()).natsUrl, nats.stream);
});

const rule = (): number[] => [
  ...CreateAlertRuleRequest.encode({
    organizationId: '1',
    projectIds: ['10'],
    name: 'cpu',
    query: '',
    aggregation: 0,
    timeWindowMinutes: 5,
  }).finish(),
];

function createAlertRuleFrom(bytes: number[]): Promise<{ code: status; details: string }> {
  const identity = (value: Buffer) => value;
  return new Promise((resolve) => {
    raw.makeUnaryRequest(
      '/vigil.incidents.v1.IncidentsService/CreateAlertRule',
      identity,
      identity,
      Buffer.from(bytes),
      new Metadata(),
      { deadline: Date.now() + 10_000 },
      (error: ServiceError | null) => resolve({ code: error?.code ?? status.OK, details: error?.details ?? '' }),
    );
  });
}

describe('requests that are not what they claim', () => {
  it('accepts the well-formed request the bad ones below are made from', async () => {
    expect((await createAlertRuleFrom(rule())).code).toBe(status.OK);
    expect(await incidents.count('alert_rule')).toBe(1);
  });

  it.each([
    ['a field number 0 after the fields', [...rule(), 0x00, 0x01]],
    ['an 11-byte varint', [...rule(), 0x30, ...Array<number>(10).fill(0xff), 0x01]],
    ['a wire type that does not exist', [...rule(), 0x0f]],
  ])('fail like any parse error (INTERNAL) for %s, writing nothing', async (_, bytes) => {
    const before = await incidents.count('alert_rule');
    expect((await createAlertRuleFrom(bytes)).code).toBe(status.INTERNAL);
    expect(await incidents.count('alert_rule')).toBe(before);
  });

  it('refuse a name that is not UTF-8 as INVALID_ARGUMENT naming it, writing nothing', async () => {
    const before = await incidents.count('alert_rule');
    // Field 3 (name) again, the later wins: "a" then 0xff, never UTF-8.
    expect(await createAlertRuleFrom([...rule(), 0x1a, 0x02, 0x61, 0xff])).toEqual({
      code: status.INVALID_ARGUMENT,
      details: 'name: is not valid UTF-8',
    });
    expect(await incidents.count('alert_rule')).toBe(before);
  });
});
