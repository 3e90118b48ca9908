import { createHash } from 'node:crypto';

export interface GroupingInput {
  readonly fingerprint: readonly string[];
  readonly exceptionType: string;
  readonly exceptionValue: string;
  readonly message: string;
}

/**
 * The group ("issue") an event belongs to within its project: a hash of its
 * fingerprint when one is given, else of its exception type and value, else
 * of its message. The source kind is hashed too, so a fingerprint ["x"]
 * and a message "x" never share a group. 32 lowercase hex digits.
 */
export function groupIdOf(event: GroupingInput): string {
  const source =
    event.fingerprint.length > 0
      ? ['fingerprint', ...event.fingerprint]
      : event.exceptionType !== '' || event.exceptionValue !== ''
        ? ['exception', event.exceptionType, event.exceptionValue]
        : ['message', event.message];
  // JSON keeps element boundaries: ["a b"] and ["a", "b"] hash differently.
  return createHash('sha256').update(JSON.stringify(source)).digest('hex').slice(0, 32);
}
