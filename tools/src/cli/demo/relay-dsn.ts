import { CliInputError } from '../cli-input-error.js';
import { parsePositiveId } from '../positive-id.js';

/** A Sentry DSN pointing at sentry-relay: `http://<key>@<host:port>/<project>`. */
export interface RelayDsn {
  /** As given: what the SDK is initialised with. */
  readonly dsn: string;
  /** `http://host:port`: where the relay's HTTP API answers. */
  readonly origin: string;
  readonly key: string;
  readonly projectId: string;
  /** The DSN with its key left out, for printing: the key opens the project. */
  readonly shown: string;
}

/** Reads `--relay-dsn`; a mistake is a CliInputError naming what is wrong, never echoing the key. */
export function parseRelayDsn(text: string): RelayDsn {
  const url = URL.parse(text.trim());
  const problem = (what: string) =>
    new CliInputError(`--relay-dsn: ${what}; expected a DSN such as http://<key>@127.0.0.1:9000/1`);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw problem('not an http:// or https:// URL');
  }
  if (url.username === '') throw problem('no key before the @');
  // The SDKs' own DSN check (@sentry/core's) takes only these; any other key
  // makes them print the whole DSN as invalid and send nothing.
  if (!/^\w+$/.test(url.username)) throw problem('its key has characters a Sentry SDK refuses (only A-Z, a-z, 0-9, _)');
  const project = /^\/([^/]+)\/?$/.exec(url.pathname)?.[1];
  if (project === undefined) throw problem(`the path ${url.pathname} is not /<project id>`);
  const projectId = parsePositiveId(project, '--relay-dsn project');
  return {
    dsn: text.trim(),
    origin: url.origin,
    key: decodeURIComponent(url.username),
    projectId,
    shown: `${url.protocol}//…@${url.host}/${projectId}`,
  };
}
