import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { readFileVariables } from './file-variables.js';
import { crossVariableIssues } from './variable-rules.js';
import { withoutPasswords } from './url-problem.js';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads the variables named by `schema`'s keys from `env` and validates them.
 * An empty variable counts as unset (so `FOO=` in a compose file means "use
 * the default"); `FOO_FILE=/path` reads FOO from a file (see
 * file-variables.ts). Throws ConfigError naming every bad variable, its value
 * (never one read from a file) and what was expected, including variables that
 * disagree with each other (a TLS certificate without its key: see
 * variable-rules.ts).
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Environment = process.env): z.output<S> {
  const { values: raw, fromFile, issues: fileIssues } = readFileVariables(Object.keys(schema.shape), env);
  const result = schema.safeParse(raw);
  const issues = [
    ...fileIssues,
    ...(result.error?.issues ?? []).map((issue) => {
      const variable = String(issue.path[0] ?? '(config)');
      const value = fromFile.has(variable) ? `(read from ${variable}_FILE)` : shownValue(variable, raw[variable]);
      return { variable, value, expected: expectedFrom(issue) };
    }),
    ...crossVariableIssues(raw),
  ];
  if (result.success && issues.length === 0) return result.data;
  throw new ConfigError(issues);
}

// What an error may show of a value: never a secret. Variables named for one
// show only that they are set; a URL shows its user but not its password.
function shownValue(variable: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // `…_KEYS`: sentry-relay's SENTRY_PROJECT_KEYS, the keys that open projects.
  if (/PASSWORD|TOKEN|SECRET|_KEYS$/.test(variable)) return '(set)';
  // A URL variable that is no scheme://… URL cannot be cut at its password: show none of it.
  if (variable.endsWith('_URL') && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) return '(not shown: not a URL)';
  return withoutPasswords(value);
}

// Our env schemas put the expectation in the message; zod's own issues (a
// required variable left unset, a plain z.enum) get a readable fallback.
function expectedFrom(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `a value (${issue.expected})`;
  return issue.message;
}
