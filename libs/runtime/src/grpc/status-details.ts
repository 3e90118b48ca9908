import { Metadata, type status } from '@grpc/grpc-js';
import { BadRequest, ErrorInfo, Status } from '@vigil/contracts/rpc';

/** The ErrorInfo domain of every Vigil reason. */
export const ERROR_DOMAIN = 'vigil';

type Detail =
  { readonly fieldViolation: { readonly field: string; readonly description: string } } | { readonly reason: string };

/**
 * The `grpc-status-details-bin` trailer of the gRPC richer error model: a
 * google.rpc.Status repeating the code and message, with a BadRequest (the
 * field and what is wrong with it) or an ErrorInfo (a stable reason) packed
 * in its details.
 */
export function statusDetailsTrailer(code: status, message: string, detail: Detail): Metadata {
  const packed =
    'fieldViolation' in detail
      ? {
          typeUrl: 'type.googleapis.com/google.rpc.BadRequest',
          value: Buffer.from(BadRequest.encode({ fieldViolations: [detail.fieldViolation] }).finish()),
        }
      : {
          typeUrl: 'type.googleapis.com/google.rpc.ErrorInfo',
          value: Buffer.from(ErrorInfo.encode({ reason: detail.reason, domain: ERROR_DOMAIN, metadata: {} }).finish()),
        };
  const trailer = new Metadata();
  trailer.set('grpc-status-details-bin', Buffer.from(Status.encode({ code, message, details: [packed] }).finish()));
  return trailer;
}
