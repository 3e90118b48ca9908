import type { EntityManager } from '@mikro-orm/postgresql';
import type { IngestServiceServer } from '@vigil/contracts/ingest';
import { parseEventId, utcDay } from '@vigil/dedup';
import { guardDatabase, type HandlerMaker, InvalidArgumentError, NotFoundError } from '@vigil/runtime';
import { EventGroupEntity, StoredEventEntity } from '../db/entities.js';
import { decodePageToken, encodePageToken, pageSizeOf } from './page-token.js';
import { groupToProto, storedEventToProto } from './proto-mapping.js';
import { isPositiveInt64 } from '@vigil/contracts/int64';

function projectIdOf(raw: string): string {
  if (!isPositiveInt64(raw)) throw new InvalidArgumentError('project_id', `must be a positive integer, got ${raw}`);
  return raw;
}

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
      const where = { projectId, eventId: id.eventId, ...(request.timestamp && { day: utcDay(request.timestamp) }) };
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
