import { IncidentStatusChanged } from '@vigil/contracts/events';
import { InvalidStatusEventError, statusChangeOf, type StatusChange } from '../domain/status-change.js';

/** Decodes a NATS payload into the change it asks for; InvalidStatusEventError when it cannot be. */
export function readStatusChange(payload: Uint8Array): StatusChange {
  let event: IncidentStatusChanged;
  try {
    event = IncidentStatusChanged.decode(payload);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidStatusEventError(`not an IncidentStatusChanged: ${reason}`);
  }
  return statusChangeOf(event);
}
