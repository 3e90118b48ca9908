import { request } from 'node:http';
import { randomUUID } from 'node:crypto';

export interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Record<string, unknown>;
}

/**
 * POSTs `body` to the relay. `chunks` sends it in that many pieces with
 * chunked transfer (no Content-Length), as a streaming client does.
 */
export function post(
  url: string,
  body: Buffer | string,
  { headers = {}, chunks = 1 }: { headers?: Record<string, string>; chunks?: number } = {},
): Promise<HttpReply> {
  const bytes = Buffer.from(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        headers:
          chunks > 1 ? { ...headers, 'transfer-encoding': 'chunked' } : { ...headers, 'content-length': bytes.length },
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? JSON.parse(text) : {} });
        });
        response.on('error', reject);
      },
    );
    // A refused body is not read: the relay answers and closes mid-upload.
    outgoing.on('error', reject);
    const size = Math.ceil(bytes.length / chunks);
    for (let start = 0; start < bytes.length; start += size) outgoing.write(bytes.subarray(start, start + size));
    outgoing.end();
  });
}

/** A new event id, 32 hex digits as SDKs send it. */
export const newEventId = () => randomUUID().replaceAll('-', '');

/** An envelope of `items` ([item header, payload]); `withLength` gives each item a length header. */
export function envelope(
  header: Record<string, unknown>,
  items: readonly [Record<string, unknown>, string][],
  withLength = true,
): string {
  const lines = [JSON.stringify(header)];
  for (const [itemHeader, payload] of items) {
    lines.push(JSON.stringify(withLength ? { ...itemHeader, length: Buffer.byteLength(payload) } : itemHeader));
    lines.push(payload);
  }
  return `${lines.join('\n')}\n`;
}
