import { Metadata } from '@grpc/grpc-js';
import { Event, IngestServiceService, StoreEventResponse, type IngestServiceClient } from '@vigil/contracts/ingest';

function varint(value: bigint): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80n) {
    bytes.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return bytes;
}

/**
 * Sends StoreEvent with `projectId` written on the wire as an unsigned
 * varint, which the generated client refuses to encode when it is past the
 * int64 range: how an overflowing project id from some other client arrives.
 */
export function storeEventWithRawProjectId(
  client: IngestServiceClient,
  event: Event,
  projectId: bigint,
): Promise<StoreEventResponse> {
  // Fields may come in any order; project_id is field 2, a varint.
  const eventBytes = [...Event.encode({ ...event, projectId: '0' }).finish(), 0x10, ...varint(projectId)];
  const request = Buffer.from([0x0a, ...varint(BigInt(eventBytes.length)), ...eventBytes]);
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      IngestServiceService.storeEvent.path,
      (raw: Buffer) => raw,
      (bytes: Buffer) => StoreEventResponse.decode(bytes),
      request,
      new Metadata(),
      { deadline: Date.now() + 10_000 },
      (error, response) => (error || !response ? reject(error ?? new Error('no response')) : resolve(response)),
    );
  });
}

/** `message` followed by field `field` holding bytes `value` (on the wire a later field wins). */
function withMessageField(message: Uint8Array, field: number, value: readonly number[] | Uint8Array): Uint8Array {
  return new Uint8Array([...message, (field << 3) | 2, ...varint(BigInt(value.length)), ...value]);
}

/**
 * `message` with field `field` set to a Timestamp of any nanos: the generated
 * encoder (from a Date) never writes them outside [0, 999,999,999], but a
 * client with another protobuf library can.
 */
export function withRawTimestamp(
  message: Uint8Array,
  field: number,
  { seconds, nanos }: { seconds: number; nanos: number },
): Uint8Array {
  const timestamp = [0x08, ...varint(BigInt(seconds)), 0x10, ...varint(BigInt.asUintN(64, BigInt(nanos)))];
  return withMessageField(message, field, timestamp);
}

/** StoreEvent of `event` with its timestamp (field 3) written raw. */
export function storeEventWithRawTimestamp(
  client: IngestServiceClient,
  event: Event,
  timestamp: { seconds: number; nanos: number },
): Promise<Buffer> {
  const eventBytes = withRawTimestamp(Event.encode({ ...event, timestamp: undefined }).finish(), 3, timestamp);
  return callRaw(client, IngestServiceService.storeEvent.path, withMessageField(new Uint8Array(), 1, eventBytes));
}

/** Calls `path` with exactly these request bytes; resolves with the answer's bytes. */
export function callRaw(client: IngestServiceClient, path: string, request: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      path,
      (raw: Buffer) => raw,
      (bytes: Buffer) => bytes,
      Buffer.from(request),
      new Metadata(),
      { deadline: Date.now() + 10_000 },
      (error, response) => (error || !response ? reject(error ?? new Error('no response')) : resolve(response)),
    );
  });
}
