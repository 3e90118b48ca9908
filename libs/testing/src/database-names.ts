import { createHash } from 'node:crypto';

// PostgreSQL truncates identifiers to 63 bytes; longer names would collide silently.
const MAX_IDENTIFIER_LENGTH = 63;
const TEMPLATE_PREFIX = 'vigil_tpl_';
const KEY_HASH_LENGTH = 12;

/** The name of one test file's database, e.g. `vigil_test_3f9a0c12b7de`. */
export function testDatabaseName(suffix: string): string {
  return `vigil_test_${suffix}`;
}

/**
 * The template database for a key (e.g. a hash of the migrations): readable
 * when the key is, always ending in a hash of the whole key so two keys that
 * read the same after cleaning, or are long, still get distinct templates.
 */
export function templateDatabaseName(key: string): string {
  const keyHash = createHash('sha256').update(key).digest('hex').slice(0, KEY_HASH_LENGTH);
  const room = MAX_IDENTIFIER_LENGTH - TEMPLATE_PREFIX.length - keyHash.length - 1;
  const readable = key
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, room)
    .replace(/_+$/, '');
  return readable === '' ? `${TEMPLATE_PREFIX}${keyHash}` : `${TEMPLATE_PREFIX}${readable}_${keyHash}`;
}

/** The admin URL pointed at another database on the same server, keeping credentials and options. */
export function databaseUrl(adminUrl: string, databaseName: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(databaseName)}`;
  return url.toString();
}
