import { Metadata } from '@grpc/grpc-js';
import {
  Event,
  IngestServiceService,
  StoreEventRequest,
  StoreEventResponse,
  type IngestServiceClient,
} from '@vigil/contracts/ingest';

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

/**
 * Sends StoreEvent with every "é" of the event's text written as the bytes
 * FF FE, which are not UTF-8 (same length, so the framing stays valid): how
 * a lone surrogate or a Latin-1 string from another client arrives.
 */
export function storeEventWithInvalidUtf8(client: IngestServiceClient, event: Event): Promise<StoreEventResponse> {
  const request = Buffer.from(StoreEventRequest.encode({ event }).finish());
  for (let i = 0; i + 1 < request.length; i += 1) {
    if (request[i] === 0xc3 && request[i + 1] === 0xa9) request.set([0xff, 0xfe], i);
  }
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
