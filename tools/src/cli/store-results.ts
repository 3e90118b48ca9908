// What `events send` prints: one line per event sent, then a count per outcome.
import { normalizationActionToJSON, StoreOutcome, type StoreEventsResult } from '@vigil/contracts/ingest';
import { outcomeName, policyName } from './names.js';
import { formatTable } from './table.js';

export function formatStoreResults(results: readonly StoreEventsResult[]): string {
  const table = formatTable(
    [
      { header: '#', align: 'right' },
      { header: 'outcome' },
      { header: 'event id' },
      { header: 'group id' },
      { header: 'note' },
    ],
    results.map((result) => [
      String(result.index),
      outcomeName(result.outcome),
      result.eventId,
      result.groupId,
      result.rejection ? `${result.rejection.field}: ${result.rejection.reason}` : changesNote(result),
    ]),
  );
  return `${table}\n\n${summarize(results)}`;
}

/** What ingest changed to store the event (GetEvent shows the details): `changed: tags[a b] dropped`. */
function changesNote(result: StoreEventsResult): string {
  if (result.normalizations.length === 0) return '';
  const actions = result.normalizations.map(
    (n) => `${n.field} ${normalizationActionToJSON(n.action).replace('NORMALIZATION_ACTION_', '').toLowerCase()}`,
  );
  return `changed: ${actions.join(', ')}`;
}

/** `3 stored, 1 replaced (policy LAST_WRITE_WINS)`: outcomes that happened, in a fixed order. */
function summarize(results: readonly StoreEventsResult[]): string {
  const order = [StoreOutcome.STORED, StoreOutcome.REPLACED, StoreOutcome.DUPLICATE, StoreOutcome.REJECTED];
  const counts = order
    .map((outcome) => [outcome, results.filter((result) => result.outcome === outcome).length] as const)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${count} ${outcomeName(outcome).toLowerCase()}`);
  const policies = [...new Set(results.filter((r) => r.rejection === undefined).map((r) => policyName(r.policy)))];
  const policy = policies.length > 0 ? ` (policy ${policies.join(', ')})` : '';
  return `${counts.join(', ') || 'nothing stored'}${policy}`;
}
