/** What a service's main.js can be asked to do: `node main.js` serves, `node main.js migrate` migrates. */
interface ServiceCommands {
  serve(): Promise<void>;
  migrate(): Promise<void>;
}

/**
 * Runs the command named by `args` (`process.argv.slice(2)`): none serves,
 * `migrate` applies the migrations and exits; anything else prints the usage
 * and exits 2, rather than starting a service that was asked for something else.
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
  host.error(
    `unknown command: ${args.join(' ')}\nusage: node main.js          serve\n       node main.js migrate  apply the database migrations, then exit`,
  );
  host.exit(2);
}
