// The incidents replica's own count of its evaluations, from /metrics.

export interface EvaluationCounts {
  /** Evaluations settled, whatever their result. */
  readonly settled: number;
  readonly skipped: number;
  /** Settled evaluations by result, e.g. `unchanged 9000, opened 1000`. */
  readonly byResult: string;
}

export async function evaluationsSoFar(metricsUrl: string): Promise<EvaluationCounts> {
  const text = await (await fetch(metricsUrl)).text();
  const sum = (name: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`))
      .reduce((total, line) => total + Number(line.split(' ').at(-1)), 0);
  const byResult = [...text.matchAll(/^vigil_incidents_rule_evaluations_total\{result="(\w+)"\} (\S+)$/gm)]
    .map(([, result, value]) => `${result} ${value}`)
    .join(', ');
  return {
    byResult,
    settled: sum('vigil_incidents_rule_evaluations_total'),
    skipped: sum('vigil_incidents_rule_evaluations_skipped_total'),
  };
}
