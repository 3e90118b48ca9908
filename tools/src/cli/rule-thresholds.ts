// A rule's thresholds as `vigil rules` flags take and show them:
// --critical 50 --warning 20 [--resolve 10] [--below].
import { ThresholdComparison, type AlertRule, type AlertThresholds } from '@vigil/contracts/incidents';
import { CliInputError } from './cli-input-error.js';

export interface ThresholdFlags {
  readonly critical?: number;
  readonly warning?: number;
  readonly resolve?: number;
  readonly below?: boolean;
}

/** A threshold flag's value: a number from 0 (the service checks the order). */
export function thresholdValue(option: string) {
  return (value: string): number => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number < 0)
      throw new CliInputError(`${option}: "${value}" is not a number from 0`);
    return number;
  };
}

/** The thresholds the flags give, or undefined when none is given; --warning etc. need --critical. */
export function thresholdsFromFlags(flags: ThresholdFlags): AlertThresholds | undefined {
  if (flags.critical === undefined) {
    if (flags.warning !== undefined || flags.resolve !== undefined || flags.below)
      throw new CliInputError('--warning, --resolve and --below need --critical');
    return undefined;
  }
  return {
    comparison: flags.below ? ThresholdComparison.BELOW : ThresholdComparison.ABOVE,
    critical: flags.critical,
    warning: flags.warning,
    resolve: flags.resolve,
  };
}

/** e.g. `critical above 50, warning above 20; resolves at or under 20`, or why it is not evaluated. */
export function describeThresholds(rule: AlertRule): string {
  const thresholds = rule.thresholds;
  if (thresholds === undefined) return 'none (stored only: never evaluated)';
  const above = thresholds.comparison === ThresholdComparison.ABOVE;
  const side = above ? 'above' : 'below';
  const levels = [`critical ${side} ${thresholds.critical}`];
  if (thresholds.warning !== undefined) levels.push(`warning ${side} ${thresholds.warning}`);
  const resolve = `resolves at or ${above ? 'under' : 'over'} ${rule.resolveThresholdInEffect}`;
  return `${levels.join(', ')}; ${resolve}${rule.enabled ? '' : ' (disabled: not evaluated)'}`;
}
