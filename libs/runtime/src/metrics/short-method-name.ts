/** `/vigil.ingest.v1.IngestService/StoreEvent` → `StoreEvent`: the `method` label of the gRPC metrics. */
export function shortMethodName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1) || path;
}
