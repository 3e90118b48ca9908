import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MalformedEnvelopeError, parseEnvelope } from './parse-envelope.js';

const lines = (...parts: string[]) => Buffer.from(parts.join('\n'));
const EVENT = '{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","message":"hi"}';

describe('parseEnvelope', () => {
  it('reads items with a length header, payloads that hold newlines included', () => {
    const attachment = 'line one\nline two';
    const body = lines(
      '{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}',
      `{"type":"attachment","length":${Buffer.byteLength(attachment)}}`,
      attachment,
      `{"type":"event","length":${Buffer.byteLength(EVENT)}}`,
      EVENT,
    );
    const envelope = parseEnvelope(body);
    expect(envelope.header).toEqual({ event_id: '9ec79c33ec9942ab8353589fcb2e04dc' });
    expect(envelope.items.map((i) => [i.type, i.payload.toString()])).toEqual([
      ['attachment', attachment],
      ['event', EVENT],
    ]);
  });

  it('counts length in bytes, not characters', () => {
    const payload = '{"message":"€ ✓"}';
    const envelope = parseEnvelope(lines('{}', `{"type":"event","length":${Buffer.byteLength(payload)}}`, payload));
    expect(envelope.items[0]?.payload.toString()).toBe(payload);
  });

  it('reads items without a length header up to the next newline', () => {
    const envelope = parseEnvelope(lines('{}', '{"type":"event"}', EVENT, '{"type":"session"}', '{"sid":"x"}'));
    expect(envelope.items.map((i) => [i.type, i.payload.toString()])).toEqual([
      ['event', EVENT],
      ['session', '{"sid":"x"}'],
    ]);
  });

  it('takes a trailing newline, or none, and a header-only envelope', () => {
    const withNewline = parseEnvelope(lines('{}', '{"type":"event"}', EVENT, ''));
    const without = parseEnvelope(lines('{}', '{"type":"event"}', EVENT));
    expect(withNewline).toEqual(without);
    expect(parseEnvelope(Buffer.from('{"sent_at":"2026-11-28T00:00:00Z"}\n')).items).toEqual([]);
  });

  it('reads a gzipped envelope once decompressed (the relay decompresses first)', () => {
    const body = gzipSync(lines('{}', `{"type":"event","length":${Buffer.byteLength(EVENT)}}`, EVENT, ''));
    expect(parseEnvelope(gunzipSync(body)).items[0]?.payload.toString()).toBe(EVENT);
  });

  it('refuses what is no envelope, saying where', () => {
    expect(() => parseEnvelope(Buffer.from('not json'))).toThrow(
      new MalformedEnvelopeError('envelope header is not JSON'),
    );
    expect(() => parseEnvelope(lines('{}', '{"length":2}', '{}'))).toThrow('item 1 header has no "type"');
    expect(() => parseEnvelope(lines('{}', '{"type":"event","length":99}', EVENT))).toThrow(
      /item 1 says it is 99 bytes, but only \d+ follow/,
    );
    expect(() => parseEnvelope(lines('{}', '{"type":"event","length":-1}', EVENT))).toThrow('whole number of bytes');
    expect(() => parseEnvelope(lines('[]'))).toThrow('envelope header is not a JSON object');
  });
});
