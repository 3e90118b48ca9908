// `vigil events send --file events.json`: one event object, or an array of
// them, in the Event JSON shape (proto field names in snake_case or
// lowerCamelCase, as protobuf's JSON mapping allows). Every problem in the
// file is reported at once with its path, e.g. `[3].project_id: …`.
import { Event, Level } from '@vigil/contracts/ingest';
import { z } from 'zod';
import { CliInputError } from './cli-input-error.js';
import { parseIsoInstant } from './instant.js';
import { levelFromText, notALevel } from './names.js';

/** What the file held: the events, and whether it was an array (sent with StoreEvents). */
interface EventsFile {
  readonly events: Event[];
  readonly isArray: boolean;
}

const MAX_PROBLEMS_SHOWN = 20;

const text = z.string({ error: 'expected a string' });
const snakeToCamel = (key: string): string => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
const camelToSnake = (key: string): string => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
/** Accepts `event_id` and `eventId` alike by renaming keys before checking them. */
const withCamelKeys = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).map(([key, v]) => [snakeToCamel(key), v]))
        : value,
    schema,
  );

const userSchema = z.strictObject({
  id: text.optional(),
  email: text.optional(),
  username: text.optional(),
  ipAddress: text.optional(),
});

const frameSchema = z.strictObject({
  module: text.optional(),
  filename: text.optional(),
  function: text.optional(),
  lineno: z
    .number({ error: 'expected a line number' })
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  inApp: z.boolean({ error: 'expected true or false' }).optional(),
});

const stacktraceSchema = z.strictObject({ frames: z.array(withCamelKeys(frameSchema)).optional() });

const exceptionSchema = z.strictObject({
  type: text.optional(),
  value: text.optional(),
  stacktrace: withCamelKeys(stacktraceSchema).optional(),
});
type ExceptionJson = z.output<typeof exceptionSchema>;

const eventSchema = z.strictObject({
  eventId: text.optional(),
  projectId: z.unknown().transform((value, ctx) => {
    const id = projectIdText(value);
    if (id === undefined)
      ctx.addIssue({ code: 'custom', message: 'expected a positive integer (a number or a decimal string)' });
    return id ?? z.NEVER;
  }),
  timestamp: text
    .transform((value, ctx) => {
      const instant = parseIsoInstant(value);
      if (instant === undefined)
        ctx.addIssue({ code: 'custom', message: 'expected a time with a zone, e.g. 2026-11-22T10:00:00Z' });
      return instant ?? z.NEVER;
    })
    .optional(),
  level: text
    .transform((value, ctx) => {
      const level = levelFromText(value);
      if (level === undefined) ctx.addIssue({ code: 'custom', message: notALevel(value) });
      return level ?? z.NEVER;
    })
    .optional(),
  platform: text.optional(),
  message: text.optional(),
  culprit: text.optional(),
  environment: text.optional(),
  release: text.optional(),
  fingerprint: z.array(text).optional(),
  tags: z.record(z.string(), text).optional(),
  user: withCamelKeys(userSchema).optional(),
  exception: withCamelKeys(exceptionSchema).optional(),
  causes: z.array(withCamelKeys(exceptionSchema)).optional(),
});

const fileEventSchema = withCamelKeys(eventSchema);
type EventJson = z.output<typeof eventSchema>;

/** Parses the file's text; `newEventId` fills a missing event_id. Throws CliInputError listing every problem. */
export function parseEventsFile(content: string, newEventId: () => string): EventsFile {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    throw new CliInputError(`the events file is not JSON: ${(error as Error).message}`);
  }
  const isArray = Array.isArray(json);
  const items: unknown[] = Array.isArray(json) ? json : [json];
  if (isArray && items.length === 0) throw new CliInputError('the events file holds an empty array: no events to send');
  if (!isArray && (json === null || typeof json !== 'object')) {
    throw new CliInputError('the events file must hold an event object or an array of events');
  }
  const problems: string[] = [];
  const events: Event[] = [];
  items.forEach((item, index) => {
    const parsed = fileEventSchema.safeParse(item);
    if (parsed.success) events.push(toEvent(parsed.data, newEventId));
    else for (const issue of parsed.error.issues) problems.push(...describeIssue(issue, isArray ? [index] : []));
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((problem) => `  ${problem}`);
    const more = problems.length > MAX_PROBLEMS_SHOWN ? [`  … and ${problems.length - MAX_PROBLEMS_SHOWN} more`] : [];
    throw new CliInputError([`the events file has ${problems.length} problem(s):`, ...shown, ...more].join('\n'));
  }
  return { events, isArray };
}

function describeIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): string[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => `${formatPath([...path, key])}: unknown field`);
  return [`${formatPath(path)}: ${issue.message}`];
}

/** `[3].user.ip_address`, in the proto's field names; a tag key stays as written. */
function formatPath(path: readonly PropertyKey[]): string {
  const formatted = path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (path[i - 1] === 'tags') return `[${JSON.stringify(String(segment))}]`;
      return `.${camelToSnake(String(segment))}`;
    })
    .join('');
  return formatted.startsWith('.') ? formatted.slice(1) : formatted || '(event)';
}

// protobuf's JSON mapping writes int64 as a string; people write numbers.
function projectIdText(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? String(value) : undefined;
  return typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value) ? value : undefined;
}

function toEvent(json: EventJson, newEventId: () => string): Event {
  return {
    ...Event.create(),
    eventId: json.eventId ?? newEventId(),
    projectId: json.projectId,
    timestamp: json.timestamp,
    // Absent stays unspecified: ingest stores that as error, the documented default.
    level: json.level ?? Level.UNSPECIFIED,
    platform: json.platform ?? '',
    message: json.message ?? '',
    culprit: json.culprit ?? '',
    environment: json.environment ?? '',
    release: json.release ?? '',
    fingerprint: json.fingerprint ?? [],
    tags: json.tags ?? {},
    user: json.user && { id: '', email: '', username: '', ipAddress: '', ...json.user },
    exception: json.exception && exceptionOf(json.exception),
    causes: (json.causes ?? []).map(exceptionOf),
  };
}

function exceptionOf(json: ExceptionJson): Event['causes'][number] {
  return {
    type: json.type ?? '',
    value: json.value ?? '',
    stacktrace: json.stacktrace && {
      frames: (json.stacktrace.frames ?? []).map((frame) => ({
        module: frame.module ?? '',
        filename: frame.filename ?? '',
        function: frame.function ?? '',
        lineno: frame.lineno ?? 0,
        inApp: frame.inApp ?? false,
      })),
    },
  };
}
