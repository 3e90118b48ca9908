import type { Metadata } from '@grpc/grpc-js';
import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';

/** Reads `traceparent` / `tracestate` from incoming gRPC metadata. */
export const metadataGetter: TextMapGetter<Metadata> = {
  keys: (metadata) => Object.keys(metadata.getMap()),
  get(metadata, key) {
    const values = metadata.get(key).map(String);
    return values.length === 0 ? undefined : values;
  },
};

/** Writes them into outgoing gRPC metadata. */
export const metadataSetter: TextMapSetter<Metadata> = {
  set: (metadata, key, value) => metadata.set(key, value),
};
