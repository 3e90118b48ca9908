// When a rule is evaluated next. Pure: the clock is passed in.

/**
 * The first slot of the rule's schedule (`due` + k·interval, k ≥ 1) after
 * `now`. A rule keeps its rhythm, and slots missed while nobody could
 * evaluate it (every replica down, or too busy) are skipped rather than
 * evaluated back to back: the window always ends at the evaluation's now,
 * so a catch-up run would only repeat the same question.
 */
export function nextEvaluationAt(due: Date, now: Date, intervalMs: number): Date {
  const behind = now.getTime() - due.getTime();
  const steps = behind < 0 ? 1 : Math.floor(behind / intervalMs) + 1;
  return new Date(due.getTime() + steps * intervalMs);
}
