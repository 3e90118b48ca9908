// The standard gRPC error model (google.rpc): `Status`, the payload of the
// `grpc-status-details-bin` trailer, and the detail messages packed in it.
export * from './gen/google/rpc/status.js';
export * from './gen/google/rpc/error_details.js';
export * from './gen/google/protobuf/any.js';
