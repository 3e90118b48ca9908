/** One environment variable that failed validation. */
export interface ConfigIssue {
  variable: string;
  /** The raw value as read from the environment, or undefined when unset. */
  value: string | undefined;
  /** What the variable must hold, in words an operator can act on. */
  expected: string;
}

/**
 * Thrown by `loadConfig` when one or more variables are invalid. The message
 * lists every bad variable, so one restart fixes them all.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`Invalid configuration: ${issues.map(describeIssue).join('; ')}`);
  }
}

function describeIssue({ variable, value, expected }: ConfigIssue): string {
  const shown = value === undefined ? 'unset' : JSON.stringify(value);
  return `${variable}=${shown} (expected ${expected})`;
}
