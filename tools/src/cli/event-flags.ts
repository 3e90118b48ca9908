// `vigil events send --project 1 --message boom --tag env=prod …` → one Event.
import { Event, Level } from '@vigil/contracts/ingest';
import { CliInputError } from './cli-input-error.js';
import { parseInstant } from './instant.js';
import { parseLevel } from './names.js';
import { parsePositiveId } from './positive-id.js';

/** The options of `events send` that describe one event (as commander hands them over). */
export interface EventFlags {
  readonly project?: string;
  readonly message?: string;
  readonly level?: string;
  readonly id?: string;
  readonly timestamp?: string;
  readonly tag?: readonly string[];
  readonly userId?: string;
  readonly fingerprint?: readonly string[];
  readonly environment?: string;
  readonly release?: string;
  readonly platform?: string;
  readonly culprit?: string;
  readonly exceptionType?: string;
  readonly exceptionValue?: string;
}

interface EventDefaults {
  /** The event id when `--id` is not given (a random UUID in the CLI). */
  readonly newEventId: () => string;
  /** Resolves `--timestamp now` and offsets such as `-5m`. */
  readonly now: Date;
}

/**
 * Builds the event; the id and the timestamp are checked here only as far
 * as the CLI must (ingest is the judge of the rest and names the field).
 */
export function eventFromFlags(flags: EventFlags, defaults: EventDefaults): Event {
  if (flags.project === undefined) throw new CliInputError('--project is required (or give --file)');
  const exception =
    flags.exceptionType !== undefined || flags.exceptionValue !== undefined
      ? { type: flags.exceptionType ?? '', value: flags.exceptionValue ?? '' }
      : undefined;
  return {
    ...Event.create(),
    eventId: flags.id ?? defaults.newEventId(),
    projectId: parsePositiveId(flags.project, '--project'),
    timestamp: flags.timestamp === undefined ? undefined : parseInstant(flags.timestamp, '--timestamp', defaults.now),
    level: flags.level === undefined ? Level.ERROR : parseLevel(flags.level, '--level'),
    message: flags.message ?? '',
    platform: flags.platform ?? '',
    culprit: flags.culprit ?? '',
    environment: flags.environment ?? '',
    release: flags.release ?? '',
    fingerprint: [...(flags.fingerprint ?? [])],
    tags: parseTags(flags.tag ?? []),
    user: flags.userId === undefined ? undefined : { id: flags.userId, email: '', username: '', ipAddress: '' },
    exception,
  };
}

/** `["env=prod", "url=/a?b=c"]` → `{ env: "prod", url: "/a?b=c" }`: split at the first `=`. */
export function parseTags(pairs: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = at < 0 ? '' : pair.slice(0, at).trim();
    if (key === '') throw new CliInputError(`--tag: "${pair}" is not key=value`);
    if (Object.hasOwn(tags, key)) throw new CliInputError(`--tag: key "${key}" is given twice`);
    tags[key] = pair.slice(at + 1);
  }
  return tags;
}
