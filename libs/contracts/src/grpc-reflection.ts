// `@vigil/contracts/grpc-reflection`: gRPC's server reflection protocol, for
// the server side in @vigil/runtime. v1alpha is v1's predecessor with the same
// messages and field numbers; older tools still ask for it, so servers answer both.
export * from './gen/grpc/reflection/v1/reflection.js';
export {
  ServerReflectionClient as ServerReflectionV1alphaClient,
  ServerReflectionService as ServerReflectionV1alphaService,
} from './gen/grpc/reflection/v1alpha/reflection.js';
