// The bridge from a commander action to a command: build the context from
// the global options, run, always close the gRPC clients (an open channel
// would keep the process alive), and pass an exit code on.
import type { Command } from 'commander';
import { createCliContext, type CliContext } from './cli-context.js';

interface GlobalOptions {
  ingestAddress: string;
  incidentsAddress: string;
  schedulerAddress: string;
  timeout: number;
}

const MAX_SPARKLINE_WIDTH = 120;

/** `run` may return an exit code (e.g. 1 when some events were rejected). */
export async function runInContext(command: Command, run: (ctx: CliContext) => Promise<number | void>): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const ctx = createCliContext({
    addresses: {
      ingest: globals.ingestAddress,
      incidents: globals.incidentsAddress,
      scheduler: globals.schedulerAddress,
    },
    timeoutMs: globals.timeout,
    print: (text) => process.stdout.write(`${text}\n`),
    width: Math.min(process.stdout.columns ?? 80, MAX_SPARKLINE_WIDTH),
  });
  try {
    const exitCode = await run(ctx);
    if (typeof exitCode === 'number' && exitCode !== 0) process.exitCode = exitCode;
  } finally {
    ctx.close();
  }
}

export function printJson(ctx: CliContext, value: unknown): void {
  ctx.print(JSON.stringify(value, null, 2));
}
