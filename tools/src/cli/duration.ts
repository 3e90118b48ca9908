// Durations on the command line, as the services' variables take them:
// `500ms`, `5s`, `2m`, `1h`, `1d`. A bare number keeps the unit the option
// always had (milliseconds for --timeout, seconds for --rollup, minutes for
// --window), so old scripts keep working.
import { CliInputError } from './cli-input-error.js';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;
const DURATION = /^(\d+)(ms|s|m|h|d)?$/;

/** A commander argParser for a duration option, in milliseconds; `whole` = the value must be a multiple of that unit. */
export function duration(option: string, bareUnit: Unit, whole: Unit = 'ms') {
  return (text: string): number => {
    const match = DURATION.exec(text.trim());
    const ms = match ? Number(match[1]) * UNIT_MS[(match[2] as Unit | undefined) ?? bareUnit] : NaN;
    if (!Number.isSafeInteger(ms) || ms <= 0)
      throw new CliInputError(
        `${option}: "${text}" is not a duration; use e.g. 500ms, 5s, 2m, 1h or 1d (a bare number is ${UNIT_NAMES[bareUnit]})`,
      );
    if (ms % UNIT_MS[whole] !== 0)
      throw new CliInputError(`${option}: "${text}" is not a whole number of ${UNIT_NAMES[whole]}`);
    return ms;
  };
}

const UNIT_NAMES: Record<Unit, string> = { ms: 'milliseconds', s: 'seconds', m: 'minutes', h: 'hours', d: 'days' };
