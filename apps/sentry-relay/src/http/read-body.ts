import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';

/** A body the relay will not read; `status` is the HTTP answer (400, 413, 415). */
export class BodyError extends Error {
  override readonly name = 'BodyError';
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

const DECODERS = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
} as const;

/**
 * The request's body, decompressed by its Content-Encoding, at most
 * `maxBytes` both as sent and as decompressed. Chunked bodies are read like
 * any other (Node's parser removes the chunking).
 */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decode = encoding === 'identity' || encoding === '' ? undefined : DECODERS[encoding as keyof typeof DECODERS];
  if (decode === undefined && encoding !== 'identity' && encoding !== '') {
    throw new BodyError(415, `Content-Encoding ${encoding} is not supported: send gzip, deflate, br or none`);
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new BodyError(413, `the body is ${declared} bytes; at most ${maxBytes} are accepted`);
  }
  const raw = await readAtMost(request, maxBytes);
  if (decode === undefined) return raw;
  try {
    // maxOutputLength stops a small body that inflates to gigabytes.
    return await decode(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BodyError(413, `the body decompresses to over ${maxBytes} bytes, the most accepted`);
    }
    throw new BodyError(400, `the body is not valid ${encoding} data`);
  }
}

// Events, not `for await`: leaving that loop early destroys the request, and
// with it the socket the 413 answer has to go out on.
function readAtMost(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      // Read no further; the answer says `connection: close`, which ends the upload.
      request.off('data', onData);
      request.pause();
      reject(new BodyError(413, `the body is over ${maxBytes} bytes, the most accepted`));
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}
