// `@vigil/contracts`: what a server needs besides the generated code, which is
// imported per package: `@vigil/contracts/ingest`, `/incidents`, `/scheduler`, `/events`.
export { descriptorSetPath } from './descriptor-set-path.js';
export { serviceNames } from './service-names.js';
