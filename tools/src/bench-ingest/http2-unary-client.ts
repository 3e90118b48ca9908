// A lean gRPC unary client straight over node:http2, for load generation.
// On two cores the client competes with the service and PostgreSQL for
// CPU; grpc-js's client machinery (channel, interceptors, per-call
// deadline timers) costs about as much per call as the service's own
// handling. Requests are encoded before the clock starts and sent as plain
// gRPC frames, so the measured CPU goes to the service. Answers are still
// checked (grpc-status) and decoded with the generated codecs.
import { connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';

interface UnaryMethod<Request, Response> {
  readonly path: string;
  readonly requestSerialize: (request: Request) => Buffer;
  readonly responseDeserialize: (message: Buffer) => Response;
}

/** A request encoded ahead of time as one length-prefixed gRPC message. */
export interface PreparedCall<Response> {
  readonly path: string;
  readonly frame: Buffer;
  readonly decode: (message: Buffer) => Response;
}

export function prepareCall<Request, Response>(
  method: UnaryMethod<Request, Response>,
  request: Request,
): PreparedCall<Response> {
  const message = method.requestSerialize(request);
  const frame = Buffer.allocUnsafe(5 + message.length);
  frame.writeUInt8(0, 0); // not compressed
  frame.writeUInt32BE(message.length, 1);
  message.copy(frame, 5);
  return { path: method.path, frame, decode: (m) => method.responseDeserialize(m) };
}

export interface Http2UnaryClient {
  call<Response>(prepared: PreparedCall<Response>, timeoutMs: number): Promise<Response>;
  close(): void;
}

export function connectHttp2Unary(address: string): Http2UnaryClient {
  const session: ClientHttp2Session = connect(`http://${address}`);
  session.on('error', () => undefined); // each call sees its stream's error
  return {
    call<Response>(prepared: PreparedCall<Response>, timeoutMs: number) {
      return new Promise<Response>((resolve, reject) => {
        const stream = session.request({
          ':method': 'POST',
          ':path': prepared.path,
          'content-type': 'application/grpc',
          te: 'trailers',
          'grpc-timeout': `${timeoutMs}m`,
        });
        const chunks: Buffer[] = [];
        let status: IncomingHttpHeaders = {};
        stream.on('response', (headers) => (status = headers)); // a trailers-only answer carries its status here
        stream.on('trailers', (trailers: IncomingHttpHeaders) => (status = trailers));
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('close', () => {
          if (status['grpc-status'] !== '0') {
            reject(
              new Error(
                `${prepared.path}: grpc-status ${String(status['grpc-status'])} ${String(status['grpc-message'] ?? '')}`,
              ),
            );
            return;
          }
          const body = Buffer.concat(chunks);
          if (body.length < 5 || body.readUInt8(0) !== 0) {
            reject(new Error(`${prepared.path}: not one uncompressed gRPC message`));
            return;
          }
          resolve(prepared.decode(body.subarray(5, 5 + body.readUInt32BE(1))));
        });
        stream.end(prepared.frame);
      });
    },
    close: () => session.close(),
  };
}
