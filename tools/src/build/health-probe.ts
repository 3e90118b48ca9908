// `node health-probe.js <host:port>`, bundled beside every service's main.js
// for container healthchecks: exits 0 when grpc.health.v1 Check answers
// SERVING for the whole server, 1 otherwise (not serving, refused, too slow).
// It reads the service's own GRPC_TLS_* variables, so it speaks TLS and
// mutual TLS when the service does (see probe-credentials.ts).
import { grpcServingStatus } from './grpc-serving-status.js';
import { probeCredentials } from './probe-credentials.js';

// The answer's deadline, counted once Node has loaded the probe. Below the
// images' HEALTHCHECK timeout (15 s) so the probe reports instead of being
// killed, and far above a quiet machine's few milliseconds: on a 2-core machine
// at load 20, starting Node and grpc-js alone took 9 s (2026-11-28), and a
// healthcheck that only a quiet machine passes marks a working service unhealthy.
const TIMEOUT_MS = 8_000;

const address = process.argv[2];
if (address === undefined || !/:\d+$/.test(address)) {
  console.error('usage: node health-probe.js <host:port>');
  process.exit(1);
}
try {
  const status = await grpcServingStatus(address, TIMEOUT_MS, '', probeCredentials(process.env));
  console.log(`${address}: ${status}`);
  process.exitCode = status === 'SERVING' ? 0 : 1;
} catch (error) {
  console.error(`${address}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
