import { readFileSync } from 'node:fs';
import type { ConfigIssue } from './config-error.js';

type Environment = Readonly<Record<string, string | undefined>>;

/** What `readFileVariables` found: the values to validate, and which came from files. */
interface FileVariables {
  /** Every variable of the config: from the environment, or the content of its `_FILE`. */
  readonly values: Record<string, string | undefined>;
  /** The variables whose value was read from a file: their values are never shown. */
  readonly fromFile: ReadonlySet<string>;
  readonly issues: ConfigIssue[];
}

const FILE_SUFFIX = '_FILE';

/**
 * `NAME_FILE=/run/secrets/x` stands for `NAME=<that file's content>`, as the
 * official PostgreSQL image and Docker and Kubernetes secrets mounted as files
 * expect: a secret need not sit in the process environment (where `ps e`,
 * `docker inspect` and crash reports show it). Trailing line breaks are
 * dropped (`echo secret > file` adds one). Setting both `NAME` and
 * `NAME_FILE` is an issue rather than a silent preference, and so is a file
 * that cannot be read. Variables whose own name ends in `_FILE` (paths
 * already, e.g. GRPC_TLS_CERT_FILE) have no `_FILE` form. An empty variable
 * counts as unset, as everywhere in the config.
 */
export function readFileVariables(variables: readonly string[], env: Environment): FileVariables {
  const values: Record<string, string | undefined> = {};
  const fromFile = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const variable of variables) {
    const direct = nonEmpty(env[variable]);
    const fileVariable = `${variable}${FILE_SUFFIX}`;
    const path = variable.endsWith(FILE_SUFFIX) ? undefined : nonEmpty(env[fileVariable]);
    values[variable] = direct;
    if (path === undefined) continue;
    if (direct !== undefined) {
      issues.push({ variable: fileVariable, value: path, expected: `to be unset: ${variable} is set too (use one)` });
      continue;
    }
    try {
      values[variable] = readFileSync(path, 'utf8').replace(/(\r?\n)+$/, '');
      fromFile.add(variable);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      issues.push({ variable: fileVariable, value: path, expected: `a readable file (${reason})` });
    }
  }
  return { values, fromFile, issues };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}
