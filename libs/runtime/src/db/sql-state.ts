// A SQLSTATE's class is two digits or one of PostgreSQL's own (F0, HV, P0, XX);
// the test keeps Node's network codes (EPIPE has five letters too) out.
const SQLSTATE = /^([0-5][0-9A-Z]|F0|HV|P0|XX)[0-9A-Z]{3}$/;

/** The SQLSTATE PostgreSQL answered with, found on the error or what caused it; undefined when none. */
export function sqlStateOf(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error) || depth > 5) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && SQLSTATE.test(code)) return code;
  return sqlStateOf(error.cause, depth + 1);
}
