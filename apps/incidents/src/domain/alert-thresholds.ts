// A rule's thresholds: which values are a problem, how bad, and when it is
// over. Pure; the evaluator and the request checks both use these.
import { InvalidArgumentError } from '@vigil/runtime';
import type { AlertThresholds } from './incident.js';

/** How bad a value is: the highest trigger threshold it crosses, or null. */
export type TriggeredLevel = 'WARNING' | 'CRITICAL' | null;

/** Beyond this a double no longer holds every whole count exactly. */
const MAX_THRESHOLD = Number.MAX_SAFE_INTEGER;

/**
 * `value` crosses `threshold` on the problem side: strictly above it for
 * ABOVE, strictly below it for BELOW (a threshold of 10 above fires at 11).
 */
function crosses(thresholds: AlertThresholds, value: number, threshold: number): boolean {
  return thresholds.comparison === 'ABOVE' ? value > threshold : value < threshold;
}

export function triggeredLevel(thresholds: AlertThresholds, value: number): TriggeredLevel {
  if (crosses(thresholds, value, thresholds.critical)) return 'CRITICAL';
  if (thresholds.warning !== null && crosses(thresholds, value, thresholds.warning)) return 'WARNING';
  return null;
}

/**
 * The resolve threshold as given, else the trigger threshold nearest the
 * healthy side (ABOVE: the lowest, BELOW: the highest), so that by default
 * every value either triggers or resolves.
 */
export function resolveThresholdInEffect(thresholds: AlertThresholds): number {
  if (thresholds.resolve !== null) return thresholds.resolve;
  return thresholds.warning ?? thresholds.critical;
}

/** At or under the resolve threshold (ABOVE), at or over it (BELOW): the incident closes. */
export function isResolved(thresholds: AlertThresholds, value: number): boolean {
  const resolve = resolveThresholdInEffect(thresholds);
  return thresholds.comparison === 'ABOVE' ? value <= resolve : value >= resolve;
}

/**
 * Refuses thresholds that are not ordered consistently with the comparison
 * (ABOVE: resolve ≤ warning < critical; BELOW: resolve ≥ warning > critical),
 * naming the field under `field` (e.g. `thresholds.warning`).
 */
export function checkThresholds(thresholds: AlertThresholds, field = 'thresholds'): AlertThresholds {
  const { comparison, critical, warning, resolve } = thresholds;
  checkValue(critical, `${field}.critical`);
  if (warning !== null) checkValue(warning, `${field}.warning`);
  if (resolve !== null) checkValue(resolve, `${field}.resolve`);
  const above = comparison === 'ABOVE';
  // "Healthier than": lower for ABOVE, higher for BELOW.
  const healthier = (a: number, b: number) => (above ? a < b : a > b);
  const side = above ? 'below' : 'above';
  if (warning !== null && !healthier(warning, critical)) {
    throw new InvalidArgumentError(
      `${field}.warning`,
      `must be ${side} ${field}.critical (${critical}) when the comparison is ${comparison}, got ${warning}`,
    );
  }
  const lowestTrigger = warning ?? critical;
  if (resolve !== null && healthier(lowestTrigger, resolve)) {
    const name = warning === null ? `${field}.critical` : `${field}.warning`;
    throw new InvalidArgumentError(
      `${field}.resolve`,
      `must not be ${above ? 'above' : 'below'} ${name} (${lowestTrigger}) when the comparison is ${comparison}, got ${resolve}`,
    );
  }
  return thresholds;
}

function checkValue(value: number, field: string): void {
  if (!Number.isFinite(value) || value < 0 || value > MAX_THRESHOLD) {
    throw new InvalidArgumentError(field, `must be a finite number from 0 to ${MAX_THRESHOLD}, got ${value}`);
  }
}
