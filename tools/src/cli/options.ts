// Parsers for commander options: ids, counts and repeatable values are
// checked as they are read, so a typo fails before any call is made.
import { CliInputError } from './cli-input-error.js';
import { parsePositiveId } from './positive-id.js';

/** A repeatable option: `--tag a=1 --tag b=2` → ["a=1", "b=2"]. */
export function repeatable(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A repeatable id list that also takes commas: `--project 1,2 --project 3` → ["1", "2", "3"]. */
export function idList(option: string) {
  return (value: string, previous: string[] | undefined): string[] => [
    ...(previous ?? []),
    ...value.split(',').map((id) => parsePositiveId(id, option)),
  ];
}

export function id(option: string) {
  return (value: string): string => parsePositiveId(value, option);
}

export function positiveInteger(option: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isSafeInteger(number) || number < 1)
      throw new CliInputError(`${option}: "${value}" is not a positive integer`);
    return number;
  };
}
