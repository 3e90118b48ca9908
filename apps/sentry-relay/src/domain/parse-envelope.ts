// Sentry's envelope format (https://develop.sentry.dev/sdk/data-model/envelopes/):
// a JSON header line, then items, each a JSON item header line and a payload.
// A payload whose header gives `length` is exactly that many bytes (it may
// hold newlines: attachments are binary); without `length` it runs to the
// next newline or the end. The newline after a payload and after the last
// item is optional. Bytes, not characters: `length` counts UTF-8 bytes.

/** One item of an envelope: its header (`type` and the rest) and its payload bytes. */
export interface EnvelopeItem {
  readonly type: string;
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Buffer;
}

export interface Envelope {
  readonly header: Readonly<Record<string, unknown>>;
  readonly items: readonly EnvelopeItem[];
}

/** The body is no envelope; `message` says where and why, for the 400 answer. */
export class MalformedEnvelopeError extends Error {
  override readonly name = 'MalformedEnvelopeError';
}

const NEWLINE = 0x0a;

export function parseEnvelope(body: Buffer): Envelope {
  const first = readLine(body, 0);
  const header = jsonObject(first.line, 'envelope header');
  const items: EnvelopeItem[] = [];
  let offset = first.next;
  while (offset < body.length) {
    const headerLine = readLine(body, offset);
    // Blank lines between items (an SDK's trailing newline, doubled) carry nothing.
    if (headerLine.line.toString('utf8').trim() === '') {
      offset = headerLine.next;
      continue;
    }
    const where = `item ${items.length + 1}`;
    const itemHeader = jsonObject(headerLine.line, `${where} header`);
    const type = itemHeader['type'];
    if (typeof type !== 'string' || type === '') throw new MalformedEnvelopeError(`${where} header has no "type"`);
    const { payload, next } = readPayload(body, headerLine.next, itemHeader['length'], where);
    items.push({ type, header: itemHeader, payload });
    offset = next;
  }
  return { header, items };
}

function readPayload(body: Buffer, start: number, length: unknown, where: string): { payload: Buffer; next: number } {
  if (length === undefined || length === null) {
    const { line, next } = readLine(body, start);
    return { payload: line, next };
  }
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
    throw new MalformedEnvelopeError(`${where} header has a "length" that is not a whole number of bytes`);
  }
  const end = start + length;
  if (end > body.length) {
    throw new MalformedEnvelopeError(`${where} says it is ${length} bytes, but only ${body.length - start} follow`);
  }
  const next = body[end] === NEWLINE ? end + 1 : end;
  return { payload: body.subarray(start, end), next };
}

function readLine(body: Buffer, start: number): { line: Buffer; next: number } {
  const end = body.indexOf(NEWLINE, start);
  if (end === -1) return { line: body.subarray(start), next: body.length };
  // A `\r\n` line end (a hand-made envelope) is read as `\n`.
  const lineEnd = end > start && body[end - 1] === 0x0d ? end - 1 : end;
  return { line: body.subarray(start, lineEnd), next: end + 1 };
}

function jsonObject(bytes: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new MalformedEnvelopeError(`${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedEnvelopeError(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
