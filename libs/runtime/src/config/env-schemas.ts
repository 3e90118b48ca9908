// Zod schemas for single environment variables. Each takes the raw string
// and yields a typed value; an unset (or empty) variable takes the default.
// Each failure message says what is expected, because `loadConfig` puts it
// straight into the ConfigError an operator reads.
import { accessSync, constants, statSync } from 'node:fs';
import { z } from 'zod';
import { urlProblem } from './url-problem.js';

type EnvSchema<T> = z.ZodType<T, string | undefined>;

function envValue<T extends string | number>(
  expected: string,
  parse: (raw: string) => T | undefined,
  fallback?: T,
): EnvSchema<T> {
  return z
    .string()
    .optional()
    .transform<T>((raw, ctx) => {
      const value = raw === undefined ? fallback : parse(raw.trim());
      if (value === undefined) {
        ctx.addIssue({ code: 'custom', message: expected });
        return z.NEVER;
      }
      return value;
    });
}

function parseInteger(raw: string): number | undefined {
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** A TCP port, 0–65535 (0 lets the OS pick one, useful in tests). */
export function envPort(fallback?: number): EnvSchema<number> {
  return envValue(
    'a port number 0-65535',
    (raw) => {
      const port = parseInteger(raw);
      return port !== undefined && port <= 65_535 ? port : undefined;
    },
    fallback,
  );
}

/** An integer ≥ 1 (pool sizes, batch sizes, limits). */
export function envPositiveInt(fallback?: number): EnvSchema<number> {
  return envValue(
    'a whole number >= 1',
    (raw) => {
      const value = parseInteger(raw);
      return value !== undefined && value >= 1 && Number.isSafeInteger(value) ? value : undefined;
    },
    fallback,
  );
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Replicas of a JetStream stream: 1 to 5 (JetStream's limit). Default 1. */
export function envStreamReplicas(fallback = 1): EnvSchema<number> {
  return envValue(
    'a number of replicas from 1 to 5',
    (raw) => {
      const value = parseInteger(raw);
      return value !== undefined && value >= 1 && value <= 5 ? value : undefined;
    },
    fallback,
  );
}

/** A duration in milliseconds: `5000` (ms), or `500ms`, `10s`, `2m`, `1h`. */
export function envDurationMs(fallback?: number): EnvSchema<number> {
  return envValue(
    'a duration such as 5000 (milliseconds), 500ms, 10s, 2m or 1h',
    (raw) => {
      const match = /^(\d+)(ms|s|m|h)?$/.exec(raw);
      if (!match?.[1]) return undefined;
      const value = Number(match[1]) * (DURATION_UNITS_MS[match[2] ?? 'ms'] ?? 1);
      return Number.isSafeInteger(value) ? value : undefined;
    },
    fallback,
  );
}

/** A URL whose scheme is one of `protocols`, e.g. `['postgres', 'postgresql']`; the message says what is wrong. */
export function envUrl(protocols: readonly string[], fallback?: string): EnvSchema<string> {
  return envUrls(protocols, fallback, (raw) => [raw]);
}

/**
 * One URL, or several separated by commas (the servers of a cluster, e.g.
 * `nats://nats-1:4222,nats://nats-2:4222`), each with a scheme from `protocols`.
 * Yields the list as given, without spaces.
 */
export function envUrlList(protocols: readonly string[], fallback?: string): EnvSchema<string> {
  return envUrls(protocols, fallback, (raw) => raw.split(',').map((part) => part.trim()));
}

function envUrls(
  protocols: readonly string[],
  fallback: string | undefined,
  split: (raw: string) => string[],
): EnvSchema<string> {
  return z
    .string()
    .optional()
    .transform<string>((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') {
        if (fallback !== undefined) return fallback;
        ctx.addIssue({
          code: 'custom',
          message: `a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
        });
        return z.NEVER;
      }
      const urls = split(raw.trim());
      const problem = urls.map((url) => urlProblem(url, protocols)).find((found) => found !== undefined);
      if (problem !== undefined) {
        ctx.addIssue({ code: 'custom', message: urls.length > 1 ? `each URL to be ${problem}` : problem });
        return z.NEVER;
      }
      return urls.join(',');
    });
}

/** One of a fixed list of words, matched exactly. */
export function envEnum<const T extends string>(values: readonly T[], fallback?: T): EnvSchema<T> {
  return envValue(`one of ${values.join(', ')}`, (raw) => values.find((v) => v === raw), fallback);
}

/** A host name or IP address to bind or connect to (`0.0.0.0`, `::`, `localhost`). */
export function envHost(fallback?: string): EnvSchema<string> {
  return envValue(
    'a host name or IP address such as 127.0.0.1 or 0.0.0.0',
    (raw) => (/^[A-Za-z0-9.:-]+$/.test(raw) ? raw : undefined),
    fallback,
  );
}

/**
 * A path to a file this process can read (certificates, keys, credentials).
 * Checked when the config is loaded, so a typo fails at start naming the
 * variable and the path, not at the first TLS handshake.
 */
export function envReadableFile(): EnvSchema<string> {
  return z
    .string()
    .optional()
    .transform<string>((raw, ctx) => {
      const path = raw?.trim() ?? '';
      const problem = path === '' ? 'unset' : unreadableReason(path);
      if (problem !== undefined) {
        ctx.addIssue({ code: 'custom', message: `a readable file (${problem})` });
        return z.NEVER;
      }
      return path;
    });
}

function unreadableReason(path: string): string | undefined {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile() ? undefined : 'not a regular file';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}
