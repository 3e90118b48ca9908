import { readFileSync } from 'node:fs';
import { descriptorSetPath, serviceNames } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { readDescriptorFiles, type DescriptorFile } from './descriptor-files.js';
import { createReflectionCatalog } from './reflection-catalog.js';

const files = readDescriptorFiles(readFileSync(descriptorSetPath));
const nameOf = (bytes: Uint8Array): string =>
  (files.find((file) => Buffer.compare(file.bytes, bytes) === 0) as DescriptorFile).name;
const STANDARD = ['grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection'];

describe('readDescriptorFiles', () => {
  it('keeps each file byte for byte, in the set’s order', () => {
    const set = readFileSync(descriptorSetPath);
    // Re-framing every file as field 1 must give back the set exactly.
    const reframed = Buffer.concat(
      files.map(({ bytes }) => Buffer.concat([Buffer.from([0x0a]), varint(bytes.length), bytes])),
    );
    expect(reframed.equals(set)).toBe(true);
    expect(files.map((file) => file.name)).toContain('vigil/ingest/v1/ingest_service.proto');
  });
});

describe('createReflectionCatalog', () => {
  const incidents = createReflectionCatalog(files, [serviceNames.incidents, ...STANDARD]);

  it('lists exactly the services it was given, sorted', () => {
    expect(incidents.services).toEqual([...STANDARD, serviceNames.incidents].sort());
  });

  it('answers a service with its file first, then every import once, well-known types included', () => {
    const answer = (incidents.fileContainingSymbol(serviceNames.incidents) ?? []).map(nameOf);
    expect(answer[0]).toBe('vigil/incidents/v1/incidents_service.proto');
    expect(answer).toContain('google/protobuf/timestamp.proto');
    expect(answer).toContain('vigil/ingest/v1/stats.proto');
    expect(new Set(answer).size).toBe(answer.length);
  });

  it('finds methods, nested types, fields and enum values, with or without a leading dot', () => {
    for (const symbol of [
      `${serviceNames.incidents}.UpdateIncidentStatus`,
      '.vigil.incidents.v1.Incident',
      'vigil.incidents.v1.Incident.title',
      'vigil.incidents.v1.IncidentStatus',
    ]) {
      expect(incidents.fileContainingSymbol(symbol), symbol).toBeDefined();
    }
  });

  it('hides what another port serves, even from the same descriptor set', () => {
    expect(incidents.fileContainingSymbol(serviceNames.ingest)).toBeUndefined();
    expect(incidents.fileContainingSymbol(`${serviceNames.ingest}.StoreEvent`)).toBeUndefined();
    expect(incidents.fileByName('vigil/ingest/v1/ingest_service.proto')).toBeUndefined();
    // An import of a served file is served: incidents' messages use ingest's statistics types.
    expect(incidents.fileByName('vigil/ingest/v1/stats.proto')).toBeDefined();
  });

  it('reports extension numbers only for message types it serves', () => {
    expect(incidents.extensionNumbersOf('vigil.incidents.v1.Incident')).toEqual([]);
    expect(incidents.extensionNumbersOf('vigil.ingest.v1.StoreEventRequest')).toBeUndefined();
    expect(incidents.extensionNumbersOf('vigil.incidents.v1.IncidentStatus')).toBeUndefined();
  });

  it('refuses to describe a service or an import the set lacks', () => {
    expect(() => createReflectionCatalog(files, ['nope.v1.Nope'])).toThrow(
      /does not describe the service nope\.v1\.Nope/,
    );
    const withoutTimestamp = files.filter((file) => file.name !== 'google/protobuf/timestamp.proto');
    expect(() => createReflectionCatalog(withoutTimestamp, [serviceNames.incidents])).toThrow(
      /lacks google\/protobuf\/timestamp\.proto/,
    );
  });
});

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}
