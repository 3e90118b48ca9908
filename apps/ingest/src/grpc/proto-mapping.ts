// Stored rows → protobuf messages. Levels are stored as the protobuf
// numbers, so they map one to one.
import {
  DedupPolicy as ProtoDedupPolicy,
  NormalizationAction,
  StoreOutcome as ProtoStoreOutcome,
  type Exception,
  type Group,
  type Level,
  type Normalization as ProtoNormalization,
  type StoredEvent,
} from '@vigil/contracts/ingest';
import type { DedupPolicy, StoreOutcome } from '@vigil/dedup';
import type { InferEntity } from '@mikro-orm/core';
import type { EventGroupEntity, StoredEventEntity } from '../db/entities.js';
import type { Normalization } from '../domain/normalization.js';
import type { StoredException, StoredStacktrace } from '../domain/normalized-event.js';

type StoredEventRow = InferEntity<typeof StoredEventEntity>;
type EventGroupRow = InferEntity<typeof EventGroupEntity>;

export function storeOutcomeToProto(outcome: StoreOutcome): ProtoStoreOutcome {
  return {
    STORED: ProtoStoreOutcome.STORED,
    REPLACED: ProtoStoreOutcome.REPLACED,
    DUPLICATE: ProtoStoreOutcome.DUPLICATE,
  }[outcome];
}

export function dedupPolicyToProto(policy: DedupPolicy): ProtoDedupPolicy {
  return policy === 'LAST_WRITE_WINS' ? ProtoDedupPolicy.LAST_WRITE_WINS : ProtoDedupPolicy.FIRST_WRITE_WINS;
}

export function storedEventToProto(row: StoredEventRow): StoredEvent {
  return {
    event: {
      eventId: row.eventId.replaceAll('-', ''),
      projectId: row.projectId,
      timestamp: row.timestamp,
      level: row.level as Level,
      platform: row.platform,
      message: row.message,
      culprit: row.culprit,
      environment: row.environment,
      release: row.release,
      fingerprint: row.fingerprint,
      tags: row.tags,
      user: { id: row.userId, email: row.userEmail, username: row.userUsername, ipAddress: row.userIpAddress },
      exception: exceptionToProto({
        type: row.exceptionType,
        value: row.exceptionValue,
        stacktrace: row.exceptionStacktrace ?? null,
      }),
      causes: row.causes.map(exceptionToProto),
    },
    groupId: row.groupId,
    receivedAt: row.receivedAt,
    normalizations: normalizationsToProto(row.normalizations),
  };
}

function exceptionToProto(exception: StoredException): Exception {
  return {
    type: exception.type,
    value: exception.value,
    stacktrace: exception.stacktrace ? stacktraceToProto(exception.stacktrace) : undefined,
  };
}

function stacktraceToProto(stacktrace: StoredStacktrace): NonNullable<Exception['stacktrace']> {
  return { frames: stacktrace.frames.map((frame) => ({ ...frame })) };
}

export function normalizationsToProto(normalizations: readonly Normalization[]): ProtoNormalization[] {
  return normalizations.map(({ field, action, detail }) => ({ field, action: NormalizationAction[action], detail }));
}

export function groupToProto(row: EventGroupRow): Group {
  return {
    projectId: row.projectId,
    groupId: row.groupId,
    timesSeen: row.timesSeen,
    firstSeen: row.firstSeen,
    lastSeen: row.lastSeen,
    level: row.level,
    culprit: row.culprit,
    message: row.message,
    title: row.title,
  };
}
