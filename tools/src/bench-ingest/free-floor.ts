// (f0) The physical floor of (f): freeing a file as large as the dropped
// day's partitions on the filesystem that holds the database, in the same
// run. Written and fsynced first (its blocks allocated, as the day's are),
// then timed: truncate to 0 and fsync, as PostgreSQL frees a dropped
// table's segments (truncate) and then makes the next commit durable
// (fsync waits for the journal commit that releases — and, on a filesystem
// mounted with `discard`, trims — the freed blocks).
import { randomBytes } from 'node:crypto';
import { open, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BenchDatabase } from './bench-database.js';
import { trimsInline } from './online-discard.js';

const CHUNK_BYTES = 8 * 1024 * 1024;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '']);

/** A written, fsynced file of the day's size, to be freed (and removed) once. */
export interface FloorFile {
  readonly bytes: number;
  /** Whether its filesystem trims freed blocks inline (mounted with `discard`); undefined if unknown. */
  readonly onlineDiscard: boolean | undefined;
  /** Truncates the file to 0 and fsyncs; resolves with the seconds that took. Removes the file. */
  free(): Promise<number>;
}

/** The file, or why it cannot be written (a database on another machine, a data directory this process cannot reach). */
export async function writeFloorFile(db: BenchDatabase, bytes: number): Promise<FloorFile | string> {
  if (!LOCAL_HOSTS.has(new URL(db.url).hostname)) return 'not measured: database not on this machine';
  let dataDirectory: string;
  try {
    const { rows } = await db.pool.query<{ dir: string }>(`SELECT current_setting('data_directory') AS dir`);
    dataDirectory = rows[0]?.dir ?? '';
  } catch {
    return 'not measured: data_directory not readable by this role';
  }
  // Beside the data directory, not in it: the same filesystem, checked below.
  const directory = dirname(dataDirectory);
  const path = join(directory, `vigil-bench-free-floor-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    if ((await stat(directory)).dev !== (await stat(dataDirectory)).dev)
      return 'not measured: no directory beside the data on its filesystem';
    const file = await open(path, 'wx');
    try {
      const chunk = randomBytes(CHUNK_BYTES);
      for (let written = 0; written < bytes; written += CHUNK_BYTES)
        await file.write(chunk, 0, Math.min(CHUNK_BYTES, bytes - written));
      await file.sync();
    } catch (error) {
      await file.close();
      await unlink(path);
      throw error;
    }
    const onlineDiscard = await trimsInline(dataDirectory);
    return {
      bytes,
      onlineDiscard,
      async free() {
        try {
          const began = performance.now();
          await file.truncate(0);
          await file.sync();
          return (performance.now() - began) / 1000;
        } finally {
          await file.close();
          await unlink(path);
        }
      },
    };
  } catch (error) {
    return `not measured: ${error instanceof Error ? error.message : String(error)}`;
  }
}
