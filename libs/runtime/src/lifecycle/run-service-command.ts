/** A command of a service's own beyond serve and migrate, e.g. ingest's `retention [--dry-run]`. */
interface ExtraCommand {
  /** The arguments after the command's name, as the usage shows them (e.g. `[--dry-run]`). */
  readonly usage: string;
  /** What the command does, one line for the usage text. */
  readonly summary: string;
  /** The flags it accepts; anything else is a usage mistake. */
  readonly flags: readonly string[];
  run(flags: readonly string[]): Promise<void>;
}

/** What a service's main.js can be asked to do: `node main.js` serves, `node main.js migrate` migrates. */
interface ServiceCommands {
  serve(): Promise<void>;
  migrate(): Promise<void>;
  /** Further commands by name. */
  readonly extra?: Readonly<Record<string, ExtraCommand>>;
}

/**
 * Runs the command named by `args` (`process.argv.slice(2)`): none serves,
 * `migrate` applies the migrations and exits, a command of `extra` runs with
 * its flags; anything else prints the usage and exits 2, rather than starting
 * a service that was asked for something else.
 */
export async function runServiceCommand(
  args: readonly string[],
  commands: ServiceCommands,
  host: { exit(code: number): void; error(text: string): void } = {
    exit: (code) => process.exit(code),
    error: (text) => console.error(text),
  },
): Promise<void> {
  const [command, ...rest] = args;
  if (command === undefined) return commands.serve();
  if (command === 'migrate' && rest.length === 0) return commands.migrate();
  const extra = command === 'migrate' ? undefined : commands.extra?.[command];
  if (extra && rest.every((flag) => extra.flags.includes(flag))) return extra.run(rest);
  const extraUsage = Object.entries(commands.extra ?? {}).map(
    ([name, c]) => `\n       node main.js ${name} ${c.usage}  ${c.summary}`,
  );
  host.error(
    `unknown command: ${args.join(' ')}\nusage: node main.js          serve\n       node main.js migrate  apply the database migrations, then exit${extraUsage.join('')}`,
  );
  host.exit(2);
}
