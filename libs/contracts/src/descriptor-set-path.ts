import { join } from 'node:path';

// The FileDescriptorSet of every contract with its imports (`buf build`), which
// gRPC server reflection needs: the generated TS code carries no descriptors.
// Regenerated with the code by `npx nx run contracts:generate`. A bundled
// service (tools/src/build) carries the file beside its main.js and replaces
// this module with one pointing there: keep this export's name.
export const descriptorSetPath = join(import.meta.dirname, '..', 'descriptor-set.binpb');
