import { ErrorInfo, Status } from '@vigil/contracts/rpc';

const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';

/** The ErrorInfo reason in a failed call's grpc-status-details-bin trailer; undefined when there is none. */
export function errorReasonOf(error: unknown): string | undefined {
  const metadata = (error as { metadata?: { get(key: string): unknown[] } } | null)?.metadata;
  const [raw] = metadata?.get('grpc-status-details-bin') ?? [];
  if (!(raw instanceof Uint8Array)) return undefined;
  try {
    const info = Status.decode(raw).details.find((detail) => detail.typeUrl === ERROR_INFO);
    return info && ErrorInfo.decode(info.value).reason;
  } catch {
    return undefined;
  }
}
