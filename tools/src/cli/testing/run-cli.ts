// For the CLI's integration tests: `vigil …` run as people run it, through
// tools/bin/vigil.mjs in a child process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const vigil = join(import.meta.dirname, '../../../bin/vigil.mjs');

export function runCli(args: readonly string[], env: Record<string, string>, stdin?: string): Promise<CliRun> {
  const child = spawn(process.execPath, [vigil, ...args], {
    env: { ...process.env, ...env },
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (stdin !== undefined) child.stdin?.end(stdin);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
