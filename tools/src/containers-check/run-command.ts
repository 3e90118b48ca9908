import { spawn } from 'node:child_process';

type Environment = Readonly<Record<string, string | undefined>>;

interface CommandOptions {
  readonly env?: Environment;
  readonly cwd?: string;
  /** Fed to the command's standard input (e.g. a tar stream is piped instead: see `pipeInto`). */
  readonly input?: NodeJS.ReadableStream;
  /** Keep the output to return it rather than printing it. */
  readonly quiet?: boolean;
}

/**
 * Runs a command, printing its output as it comes (indented) unless quiet,
 * and resolves with its standard output; rejects naming the command and its
 * exit code when it fails.
 */
export function runCommand(command: string, args: readonly string[], options: CommandOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    if (options.input && child.stdin) options.input.pipe(child.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!options.quiet) process.stdout.write(indent(chunk.toString()));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!options.quiet) process.stdout.write(indent(chunk.toString()));
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${options.quiet ? stderr : ''}`));
    });
  });
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '    ');
}
