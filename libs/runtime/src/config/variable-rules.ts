import type { ConfigIssue } from './config-error.js';
import { ConfigError } from './config-error.js';

type Values = Readonly<Record<string, string | undefined>>;

interface VariableRule {
  /** The rule applies only where every one of these is part of the config. */
  variables: readonly string[];
  check(values: Values): ConfigIssue[];
}

/** Both or neither: a certificate is useless without its key, a user without a password. */
function together(first: string, second: string): VariableRule {
  return {
    variables: [first, second],
    check(values) {
      const [set, unset] = values[first] === undefined ? [second, first] : [first, second];
      if (values[set] === undefined || values[unset] !== undefined) return [];
      return [{ variable: unset, value: undefined, expected: `to be set together with ${set} (set both or neither)` }];
    },
  };
}

/** `dependent` means nothing without `required`. */
function requires(dependent: string, required: string, why: string): VariableRule {
  return {
    variables: [dependent, required],
    check: (values) =>
      values[dependent] !== undefined && values[required] === undefined
        ? [{ variable: required, value: undefined, expected: `to be set because ${dependent} is set (${why})` }]
        : [],
  };
}

/** Alternatives: at most one of them may be set. */
function atMostOne(...variables: string[]): VariableRule {
  return {
    variables,
    check(values) {
      const set = variables.filter((variable) => values[variable] !== undefined);
      return set.slice(1).map((variable) => ({
        variable,
        value: '(set)',
        expected: `to be unset: use only one of ${variables.join(', ')} (${set[0]} is set too)`,
      }));
    },
  };
}

// The rules between the variables of `commonServiceConfig`. Secrets are
// never echoed: an issue about a set password shows `(set)`, not its value.
const RULES: readonly VariableRule[] = [
  together('GRPC_TLS_CERT_FILE', 'GRPC_TLS_KEY_FILE'),
  requires('GRPC_TLS_CA_FILE', 'GRPC_TLS_CERT_FILE', "mutual TLS needs the server's own certificate"),
  together('GRPC_CLIENT_TLS_CERT_FILE', 'GRPC_CLIENT_TLS_KEY_FILE'),
  together('NATS_USER', 'NATS_PASSWORD'),
  atMostOne('NATS_USER', 'NATS_TOKEN', 'NATS_CREDS_FILE'),
];

/**
 * Issues between variables that each look fine alone. A rule is checked only
 * when all its variables are keys of `values` (part of the service's config).
 */
export function crossVariableIssues(values: Values): ConfigIssue[] {
  return RULES.filter((rule) => rule.variables.every((variable) => variable in values)).flatMap((rule) =>
    rule.check(values),
  );
}

/** Throws a ConfigError for whatever `crossVariableIssues` finds in `values`. */
export function assertVariablesAgree(values: Values): void {
  const issues = crossVariableIssues(values);
  if (issues.length > 0) throw new ConfigError(issues);
}
