import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { crossVariableIssues } from './variable-rules.js';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads the variables named by `schema`'s keys from `env` and validates them.
 * An empty variable counts as unset (so `FOO=` in a compose file means "use
 * the default"). Throws ConfigError naming every bad variable, its value and
 * what was expected, including variables that disagree with each other (a
 * TLS certificate without its key: see variable-rules.ts).
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Environment = process.env): z.output<S> {
  const raw: Record<string, string | undefined> = {};
  for (const variable of Object.keys(schema.shape)) {
    const value = env[variable];
    raw[variable] = value === '' ? undefined : value;
  }
  const result = schema.safeParse(raw);
  const issues = [
    ...(result.error?.issues ?? []).map((issue) => {
      const variable = String(issue.path[0] ?? '(config)');
      return { variable, value: raw[variable], expected: expectedFrom(issue) };
    }),
    ...crossVariableIssues(raw),
  ];
  if (result.success && issues.length === 0) return result.data;
  throw new ConfigError(issues);
}

// Our env schemas put the expectation in the message; zod's own issues (a
// required variable left unset, a plain z.enum) get a readable fallback.
function expectedFrom(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `a value (${issue.expected})`;
  return issue.message;
}
