import { normalizationActionToJSON, type Exception, type StoredEvent } from '@vigil/contracts/ingest';
import { formatInstant } from '../instant.js';
import { levelName } from '../names.js';

/** A stored event as `vigil events get` prints it: one field a line, empty ones left out. */
export function formatStoredEvent(stored: StoredEvent): string {
  const event = stored.event;
  const user = event?.user;
  const rows: [string, string | undefined][] = [
    ['event id', event?.eventId],
    ['project', event?.projectId],
    ['group', stored.groupId],
    ['timestamp', formatInstant(event?.timestamp)],
    ['received', formatInstant(stored.receivedAt)],
    ['level', event && levelName(event.level)],
    ['message', event?.message],
    ['culprit', event?.culprit],
    ['exception', event?.exception && `${event.exception.type}: ${event.exception.value}`],
    ...(event?.exception?.stacktrace?.frames ?? [])
      .filter((frame) => frame.inApp)
      .map((frame): [string, string] => [
        '  at',
        `${frame.function || '?'} (${frame.module || frame.filename}:${frame.lineno})`,
      ]),
    ...(event?.causes ?? []).map((cause): [string, string] => ['caused by', exceptionText(cause)]),
    ['platform', event?.platform],
    ['environment', event?.environment],
    ['release', event?.release],
    ['fingerprint', event?.fingerprint.join(' | ')],
    ['user', user && [user.id, user.email, user.username, user.ipAddress].filter(Boolean).join(', ')],
    ...Object.entries(event?.tags ?? {}).map(([key, value]): [string, string] => [`tag ${key}`, value]),
    // What ingest changed to store it: why a tag is missing or a text ends short.
    ...stored.normalizations.map((n): [string, string] => [
      `changed ${n.field}`,
      `${normalizationActionToJSON(n.action).replace('NORMALIZATION_ACTION_', '').toLowerCase()}: ${n.detail}`,
    ]),
  ];
  const shown = rows.filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '');
  const width = Math.max(...shown.map(([label]) => label.length));
  return shown.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

function exceptionText(exception: Exception): string {
  return [exception.type, exception.value].filter(Boolean).join(': ');
}
