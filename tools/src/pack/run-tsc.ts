import { execFile } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

/** `tsc -p <project> …` with the workspace's TypeScript; rejects with tsc's own report. */
export async function runTsc(workspaceRoot: string, project: string, args: readonly string[]): Promise<void> {
  const bin = join(workspaceRoot, 'node_modules/.bin');
  await promisify(execFile)(join(bin, 'tsc'), ['-p', project, ...args], {
    cwd: workspaceRoot,
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env['PATH'] ?? ''}` },
  }).catch((error: { stdout?: string; message: string }) => {
    throw new Error(`tsc -p ${project} failed:\n${error.stdout ?? error.message}`);
  });
}
