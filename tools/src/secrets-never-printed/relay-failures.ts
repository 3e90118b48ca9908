// How sentry-relay's own variables can be wrong, its key list above all, for
// the secrets test: each run starts with a secret key in SENTRY_PROJECT_KEYS.
import { join } from 'node:path';
import type { App, Failure } from './failure-case.js';

const RELAY: readonly App[] = ['sentry-relay'];
/** The project of the test's valid keys; 13 is the other project's. */
const PROJECT = '12';

/** What the cases use, known only once the test's beforeAll has run. */
interface RelayCaseInputs {
  /** A secret key of project 12. */
  readonly key: string;
  /** Files: one of valid keys, one holding a bare key. */
  readonly files: { readonly relayKeys: string; readonly relayBareKey: string };
  /** A folder of the test's, where a missing file is named. */
  readonly root: string;
  /** A port another program listens on. */
  readonly heldPort: number;
}

export function relayFailures(inputs: () => RelayCaseInputs): Record<string, Failure> {
  const key = () => inputs().key;
  const files = () => inputs().files;
  return {
    'SENTRY_PROJECT_KEYS giving one key to two projects': {
      apps: RELAY,
      env: () => ({ SENTRY_PROJECT_KEYS: `${PROJECT}=${key()},13=${key()}` }),
      shows: /SENTRY_PROJECT_KEYS.*a key of project 13 is also project 12's/,
    },
    'SENTRY_PROJECT_KEYS that is a bare key, its project forgotten': {
      apps: RELAY,
      env: () => ({ SENTRY_PROJECT_KEYS: key() }),
      shows: /SENTRY_PROJECT_KEYS.*entry 1 is not project=key/,
    },
    'SENTRY_PROJECT_KEYS written key=project': {
      apps: RELAY,
      env: () => ({ SENTRY_PROJECT_KEYS: `${key()}=${PROJECT}` }),
      shows: /SENTRY_PROJECT_KEYS.*entry 1 is not project=key/,
    },
    'SENTRY_PROJECT_KEYS with a key holding a character keys cannot have': {
      apps: RELAY,
      env: () => ({ SENTRY_PROJECT_KEYS: `${PROJECT}=${key()}!` }),
      shows: /SENTRY_PROJECT_KEYS.*not 16-128 letters/,
    },
    'SENTRY_PROJECT_KEYS unset': {
      apps: RELAY,
      env: () => ({ SENTRY_PROJECT_KEYS: undefined }),
      shows: /no project has a key/,
    },
    'SENTRY_PROJECT_KEYS_FILE holding a bare key': {
      apps: RELAY,
      env: () => ({ SENTRY_PROJECT_KEYS: undefined, SENTRY_PROJECT_KEYS_FILE: files().relayBareKey }),
      shows: /SENTRY_PROJECT_KEYS.*entry 1 is not project=key/,
    },
    'SENTRY_PROJECT_KEYS_FILE naming a missing file': {
      apps: RELAY,
      env: () => ({ SENTRY_PROJECT_KEYS: undefined, SENTRY_PROJECT_KEYS_FILE: join(inputs().root, 'missing-keys') }),
      shows: /SENTRY_PROJECT_KEYS_FILE/,
    },
    'SENTRY_PROJECT_KEYS and SENTRY_PROJECT_KEYS_FILE both set': {
      apps: RELAY,
      env: () => ({ SENTRY_PROJECT_KEYS_FILE: files().relayKeys }),
      shows: /SENTRY_PROJECT_KEYS_FILE/,
    },
    'HTTP_PORT over 65535': { apps: RELAY, env: () => ({ HTTP_PORT: '99999' }), shows: /HTTP_PORT/ },
    'HTTP_PORT that another program holds': {
      apps: RELAY,
      env: () => ({ HTTP_PORT: String(inputs().heldPort) }),
      shows: /could not listen.*EADDRINUSE/,
    },
    'INGEST_GRPC_ADDRESS that is no host:port': {
      apps: RELAY,
      env: () => ({ INGEST_GRPC_ADDRESS: 'http://127.0.0.1:50051' }),
      shows: /INGEST_GRPC_ADDRESS/,
    },
    'BATCH_MAX_EVENTS of 0': { apps: RELAY, env: () => ({ BATCH_MAX_EVENTS: '0' }), shows: /BATCH_MAX_EVENTS/ },
  };
}
