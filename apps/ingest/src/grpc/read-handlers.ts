import type { EntityManager } from '@mikro-orm/postgresql';
import type { IngestServiceServer } from '@vigil/contracts/ingest';
import { parseEventId, utcDay } from '@vigil/dedup';
import { guardDatabase, type HandlerMaker, InvalidArgumentError, NotFoundError } from '@vigil/runtime';
import { EventGroupEntity, StoredEventEntity } from '../db/entities.js';
import { decodePageToken, encodePageToken, pageSizeOf } from './page-token.js';
import { groupToProto, storedEventToProto } from './proto-mapping.js';
import { positiveId, timestampInRange } from '@vigil/runtime/validation';

const GROUP_ID = /^[0-9a-f]{32}$/;

const projectIdOf = (raw: string): string => positiveId(raw, 'project_id');

export function createReadHandlers(
  em: EntityManager,
  handle: HandlerMaker,
  databaseTimeoutMs: number,
): Pick<IngestServiceServer, 'getEvent' | 'getGroup' | 'listGroups'> {
  const db = <T>(work: (em: EntityManager) => Promise<T>) => guardDatabase(() => work(em.fork()), databaseTimeoutMs);

  return {
    getEvent: handle(async (request) => {
      const projectId = projectIdOf(request.projectId);
      const id = parseEventId(request.eventId);
      if (!id.ok) throw new InvalidArgumentError('event_id', id.reason);
      const timestamp = request.timestamp && timestampInRange(request.timestamp, 'timestamp');
      const where = { projectId, eventId: id.eventId, ...(timestamp && { day: utcDay(timestamp) }) };
      // Without a day: the most recently received event with that id.
      const row = await db((em) => em.findOne(StoredEventEntity, where, { orderBy: { receivedAt: 'desc' } }));
      if (!row)
        throw new NotFoundError(
          `project ${projectId} has no event ${id.eventId}${request.timestamp ? ` on ${where.day}` : ''}`,
        );
      return { event: storedEventToProto(row) };
    }),

    getGroup: handle(async (request) => {
      const projectId = projectIdOf(request.projectId);
      // Group ids are what ingest makes them (32 lowercase hex digits): anything else names no group.
      if (!GROUP_ID.test(request.groupId)) {
        throw new InvalidArgumentError(
          'group_id',
          `must be 32 lowercase hex digits, got ${JSON.stringify(request.groupId)}`,
        );
      }
      const row = await db((em) => em.findOne(EventGroupEntity, { projectId, groupId: request.groupId }));
      if (!row) throw new NotFoundError(`project ${projectId} has no group "${request.groupId}"`);
      return { group: groupToProto(row) };
    }),

    listGroups: handle(async (request) => {
      const projectId = projectIdOf(request.projectId);
      const pageSize = pageSizeOf(request.pageSize);
      const after = decodePageToken(request.pageToken, projectId);
      const rows = await db((em) =>
        em.find(
          EventGroupEntity,
          { projectId, ...(after !== null && { groupId: { $gt: after } }) },
          { orderBy: { groupId: 'asc' }, limit: pageSize + 1 },
        ),
      );
      const page = rows.slice(0, pageSize);
      const last = page.at(-1);
      return {
        groups: page.map(groupToProto),
        nextPageToken: rows.length > pageSize && last ? encodePageToken(projectId, last.groupId) : '',
      };
    }),
  };
}
