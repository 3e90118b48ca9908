import { execFile } from 'node:child_process';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * `npm pack` of a staged package folder into `destination`, renamed to
 * `<file>` (no version in the name, so a caller's `file:` dependency keeps
 * pointing at the newest). Returns the tarball's path.
 */
export async function npmPack(stagedDir: string, destination: string, file: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
    { cwd: stagedDir },
  );
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error(`npm pack in ${stagedDir} reported nothing`);
  const tarball = join(destination, file);
  await rename(join(destination, packed.filename), tarball);
  return tarball;
}
