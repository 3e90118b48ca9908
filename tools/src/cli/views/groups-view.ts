import type { Group } from '@vigil/contracts/ingest';
import { formatInstant } from '../instant.js';
import { levelName } from '../names.js';
import { formatTable } from '../table.js';

export function formatGroups(groups: readonly Group[]): string {
  if (groups.length === 0) return 'no groups: this project has no events yet';
  return formatTable(
    [
      { header: 'group id' },
      { header: 'seen', align: 'right' },
      { header: 'first seen' },
      { header: 'last seen' },
      { header: 'level' },
      { header: 'title', maxWidth: 48 },
    ],
    groups.map((group) => [
      group.groupId,
      group.timesSeen,
      formatInstant(group.firstSeen),
      formatInstant(group.lastSeen),
      levelName(group.level),
      group.title || group.message || group.culprit,
    ]),
  );
}
