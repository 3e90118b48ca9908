// Builds the `grpc-status-details-bin` trailer the way a server of the gRPC
// richer error model does: a google.rpc.Status with its details packed in Any.
import { Metadata, type status } from '@grpc/grpc-js';
import { BadRequest, ErrorInfo, RetryInfo, Status } from '../src/rpc.js';

interface Details {
  readonly fieldViolations?: { field: string; description: string }[];
  readonly errorInfo?: { reason: string; domain: string; metadata: Record<string, string> };
  readonly retryDelayMs?: number;
}

const packed = (type: string, value: Uint8Array) => ({
  typeUrl: `type.googleapis.com/${type}`,
  value: Buffer.from(value),
});

export function statusDetailsTrailer(code: status, message: string, details: Details): Metadata {
  const any = [
    ...(details.fieldViolations
      ? [packed('google.rpc.BadRequest', BadRequest.encode({ fieldViolations: details.fieldViolations }).finish())]
      : []),
    ...(details.errorInfo ? [packed('google.rpc.ErrorInfo', ErrorInfo.encode(details.errorInfo).finish())] : []),
    ...(details.retryDelayMs !== undefined
      ? [
          packed(
            'google.rpc.RetryInfo',
            RetryInfo.encode({
              retryDelay: {
                seconds: String(Math.floor(details.retryDelayMs / 1000)),
                nanos: (details.retryDelayMs % 1000) * 1e6,
              },
            }).finish(),
          ),
        ]
      : []),
    // A detail this client does not know: kept in status.details, otherwise ignored.
    packed('example.v1.Unknown', Buffer.from([0x08, 0x01])),
  ];
  const trailers = new Metadata();
  trailers.set('grpc-status-details-bin', Buffer.from(Status.encode({ code, message, details: any }).finish()));
  return trailers;
}
