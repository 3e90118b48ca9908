// Whether the filesystem holding PostgreSQL's data trims freed blocks inline
// (ext4/xfs mounted with `discard`). It decides (f): on this machine's
// discard-mounted root, freeing a dropped day's files took about three times
// as long as with the same filesystem remounted without it (README), so a
// figure of (f) means little without it.
import { readFile, realpath } from 'node:fs/promises';

/**
 * The mount options of the mount that holds `path`, from /proc/self/mounts
 * text: the longest mount point that is `path` or one of its parents.
 */
export function mountOptionsOf(mountsText: string, path: string): readonly string[] | undefined {
  let best: { point: string; options: readonly string[] } | undefined;
  for (const line of mountsText.split('\n')) {
    const [, rawPoint, , options] = line.split(' ');
    if (rawPoint === undefined || options === undefined) continue;
    // /proc/mounts writes a space in a path as \040.
    const point = rawPoint.replaceAll('\\040', ' ');
    const holds = point === '/' || path === point || path.startsWith(`${point}/`);
    if (holds && (best === undefined || point.length > best.point.length))
      best = { point, options: options.split(',') };
  }
  return best?.options;
}

/** True or false for a readable local mount table; undefined where there is none (not Linux, no access). */
export async function trimsInline(dataDirectory: string): Promise<boolean | undefined> {
  try {
    const options = mountOptionsOf(await readFile('/proc/self/mounts', 'utf8'), await realpath(dataDirectory));
    return options?.includes('discard');
  } catch {
    return undefined;
  }
}
