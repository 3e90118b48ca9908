interface ClaimPipelineOptions<Row, Outcome> {
  /** Claims the next batch (at most the configured size, oldest first); empty when nothing is due. */
  readonly claim: () => Promise<readonly Row[]>;
  /** Handles one claimed row; expected to settle every row itself (not throw). */
  readonly process: (row: Row) => Promise<Outcome>;
  /** Rows handled at once. */
  readonly concurrency: number;
  /** Checked before each claim: true stops claiming (rows already claimed are still handled). */
  readonly shouldStop: () => boolean;
}

/**
 * Handles claimed rows `concurrency` at a time, claiming the next batch as
 * soon as fewer than `concurrency` claimed rows are waiting, so no lane sits
 * idle while the slowest call of a batch finishes (waiting for whole batches
 * left a 50-row batch on 8 lanes at best 89% busy). One claim runs at a
 * time; rows start in claim order. Ends when a claim comes back empty (or
 * stopping) and every claimed row is handled. Returns the outcomes per
 * claimed batch, in claim order. A failed claim ends the run after the rows
 * already claimed are handled, then rejects with its error.
 */
export async function runClaimPipeline<Row, Outcome>(
  options: ClaimPipelineOptions<Row, Outcome>,
): Promise<Outcome[][]> {
  const batches: Outcome[][] = [];
  const waiting: { row: Row; batch: number; index: number }[] = [];
  let exhausted = false;
  let claimFailure: { error: unknown } | undefined;
  let claiming: Promise<void> | undefined;

  const canClaim = () => !exhausted && !options.shouldStop();
  const claimMore = (): Promise<void> => {
    claiming ??= options
      .claim()
      .then(
        (rows) => {
          if (rows.length === 0) {
            exhausted = true;
            return;
          }
          const batch = batches.push(new Array<Outcome>(rows.length)) - 1;
          rows.forEach((row, index) => waiting.push({ row, batch, index }));
        },
        (error: unknown) => {
          claimFailure ??= { error };
          exhausted = true;
        },
      )
      .finally(() => {
        claiming = undefined;
      });
    return claiming;
  };

  const lane = async (): Promise<void> => {
    for (;;) {
      if (waiting.length < options.concurrency && canClaim()) void claimMore();
      const next = waiting.shift();
      if (next) {
        (batches[next.batch] as Outcome[])[next.index] = await options.process(next.row);
      } else if (claiming) {
        await claiming;
      } else if (canClaim()) {
        await claimMore();
      } else {
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  if (claimFailure) throw claimFailure.error;
  return batches;
}
