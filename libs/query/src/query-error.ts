/**
 * The only error the query parser throws. `position` is a 0-based offset
 * (UTF-16 code units) into the query text and `term` the text of the term at
 * fault, so a caller can answer INVALID_ARGUMENT pointing at it.
 */
export class QueryError extends Error {
  override readonly name = 'QueryError';

  constructor(
    problem: string,
    readonly position: number,
    readonly term: string,
    hint?: string,
  ) {
    super(`${problem} at position ${position}${hint === undefined ? '' : `: ${hint}`}`);
  }
}
