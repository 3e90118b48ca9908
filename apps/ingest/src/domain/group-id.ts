import { createHash } from 'node:crypto';
import { parameterize } from './parameterize.js';

/** What grouping reads of a stack frame: where the code is and which function, never the line. */
export interface GroupingFrame {
  readonly module: string;
  readonly filename: string;
  readonly function: string;
  readonly inApp: boolean;
}

export interface GroupingInput {
  readonly fingerprint: readonly string[];
  /** The outermost exception's type and value (causes do not take part). */
  readonly exceptionType: string;
  readonly exceptionValue: string;
  /** The outermost exception's stack frames, outermost call first; absent = none. */
  readonly frames?: readonly GroupingFrame[];
  readonly message: string;
}

// `{{ default }}` in a fingerprint stands for the group the event would have without one (Sentry's spelling).
const DEFAULT_PLACEHOLDER = /^\{\{\s*default\s*\}\}$/;

/**
 * The group ("issue") an event belongs to within its project, decided by the
 * first of:
 * 1. its fingerprint, with each `{{ default }}` entry standing for rule 2–4;
 * 2. the exception type and the in-app frames of the outermost exception
 *    (module, else filename, and function: line numbers move with every edit);
 * 3. the exception type and its value with the variable parts replaced;
 * 4. the message with the variable parts replaced.
 * An exception with no type whose value begins the message is the one an SDK
 * attaches to a captured message: it is left out, so the message groups the
 * same with it or without it. The rule's kind is hashed too, so a fingerprint
 * ["x"] and a message "x" never share a group. 32 lowercase hex digits.
 */
export function groupIdOf(event: GroupingInput): string {
  const source =
    event.fingerprint.length > 0
      ? [
          'fingerprint',
          ...event.fingerprint.map((entry) => (DEFAULT_PLACEHOLDER.test(entry) ? defaultSource(event) : entry)),
        ]
      : defaultSource(event);
  // JSON keeps element boundaries: ["a b"] and ["a", "b"] hash differently,
  // and an expanded default (an array) never equals a fingerprint entry (a string).
  return createHash('sha256').update(JSON.stringify(source)).digest('hex').slice(0, 32);
}

type GroupingSource = readonly (string | readonly (string | readonly string[])[])[];

function defaultSource(event: GroupingInput): GroupingSource {
  if (!hasRealException(event)) return ['message', parameterize(event.message)];
  const inApp = (event.frames ?? []).filter((frame) => frame.inApp);
  if (inApp.length > 0) {
    return ['stacktrace', event.exceptionType, inApp.map((f) => [f.module !== '' ? f.module : f.filename, f.function])];
  }
  return ['exception', event.exceptionType, parameterize(event.exceptionValue)];
}

function hasRealException(event: GroupingInput): boolean {
  if (event.exceptionType !== '') return true;
  if (event.exceptionValue === '') return false;
  // The value may have been shortened to its own, smaller bound: compare the start.
  return !(event.message !== '' && event.message.startsWith(event.exceptionValue));
}

/** What people call the group: "type: value" of a real exception, else the message. */
export function groupTitleOf(event: GroupingInput): string {
  if (!hasRealException(event)) return event.message;
  if (event.exceptionType === '') return event.exceptionValue;
  if (event.exceptionValue === '') return event.exceptionType;
  return `${event.exceptionType}: ${event.exceptionValue}`;
}
