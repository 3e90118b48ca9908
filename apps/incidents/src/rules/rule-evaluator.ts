import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '@vigil/runtime';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { claimDueRules, releaseQuietRules, type ClaimedRule, type QuietRule } from '../db/rule-evaluation-store.js';
import { retryDelayMs } from '../outbox/retry-delay.js';
import type { IngestStatistics } from '../snapshots/ingest-statistics.js';
import { evaluateRule } from './evaluate-rule.js';
import type { RuleEvaluationMetrics } from './rule-evaluation-metrics.js';
import { Slots } from './slots.js';

export interface RuleEvaluatorOptions {
  readonly orm: MikroORM;
  readonly ingest: IngestStatistics;
  /** Each enabled rule is evaluated once per interval. */
  readonly intervalMs: number;
  /** How often an idle evaluator looks for due rules. */
  readonly pollIntervalMs: number;
  /** Most rules one claim takes. */
  readonly batchSize: number;
  /** Most rules evaluated at once (ingest calls in flight). */
  readonly concurrency: number;
  /** A claimed rule not settled within this goes back to every replica. */
  readonly leaseMs: number;
  readonly maxBackoffMs: number;
  readonly now: () => Date;
  readonly newEventId: () => string;
  readonly subjectPrefix: string;
  /** Called after a transition commits, to wake the outbox relay at once. */
  readonly onStatusChanged: () => void;
  readonly metrics: RuleEvaluationMetrics;
  readonly logger: Logger;
}

export interface RuleEvaluator {
  /**
   * Finishes the rules already being evaluated, gives back the claimed ones
   * not started yet (their leases would otherwise delay them), then stops.
   */
  stop(): Promise<void>;
}

/**
 * Claims due rules and evaluates them, `concurrency` at a time, until none
 * is due (claiming the next batch while the last rules of the previous one
 * run); then waits a poll interval. Every replica runs one: claims never
 * overlap (SKIP LOCKED, leases), and a rule a crashed replica held is due
 * again once its lease runs out. While the database fails it retries with
 * backoff; a rule is never dropped, only delayed.
 */
export function startRuleEvaluator(options: RuleEvaluatorOptions): RuleEvaluator {
  const { orm, batchSize, pollIntervalMs, maxBackoffMs, now, metrics } = options;
  const log = options.logger.child({ component: 'rule-evaluator' });
  const stopping = new AbortController();

  const slots = new Slots(options.concurrency);
  const inFlight = new Set<Promise<void>>();

  /**
   * Claims a batch and starts its rules as slots free up; resolves once the
   * last one has started, so the next claim overlaps the batch's tail. Its
   * quiet rules are released together when all of them are done.
   */
  const claimAndStart = async (): Promise<number> => {
    const claimedAt = now();
    const leaseToken = randomUUID();
    const rules = await claimDueRules(orm.em.fork(), {
      now: claimedAt,
      limit: batchSize,
      leaseMs: options.leaseMs,
      leaseToken,
    });
    for (const rule of rules) metrics.lag(Math.max(0, claimedAt.getTime() - rule.dueAt.getTime()) / 1000);
    const quiet: QuietRule[] = [];
    // Released with the quiet ones but not counted as evaluated: skipped, or never started.
    const uncounted = new Set<string>();
    const evaluations: Promise<void>[] = [];
    for (const rule of rules) {
      if (stopping.signal.aborted) {
        // Stopping: a rule not started yet goes back, due at its slot, for another replica at once.
        quiet.push({ rule, nextEvaluationAt: rule.dueAt });
        uncounted.add(rule.id);
        continue;
      }
      await slots.acquire();
      evaluations.push(
        evaluateOne(options, rule, log)
          .then((outcome) => {
            if (outcome === null) return;
            quiet.push({ rule, nextEvaluationAt: outcome.quiet });
            if (outcome.skipped) uncounted.add(rule.id);
          })
          .finally(() => slots.release()),
      );
    }
    const batch = Promise.all(evaluations)
      .then(async () => {
        const release = await releaseQuietRules(orm.em.fork(), leaseToken, quiet);
        for (const [ruleId, result] of release) {
          if (!uncounted.has(ruleId)) metrics.evaluated(result === 'settled' ? 'unchanged' : result);
        }
      })
      // The quiet rules are then due again when their leases run out: a delay, nothing lost.
      .catch((error: unknown) =>
        log.warn({ err: error }, 'could not release evaluated rules; they wait for their leases'),
      )
      .finally(() => inFlight.delete(batch));
    inFlight.add(batch);
    return rules.length;
  };

  const run = async (): Promise<void> => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        const claimed = await claimAndStart();
        failures = 0;
        if (claimed === batchSize) continue; // a full batch: more may be due
        await sleep(pollIntervalMs, undefined, { signal: stopping.signal }).catch(() => undefined);
      } catch (error) {
        failures += 1;
        const delayMs = retryDelayMs(failures, maxBackoffMs);
        log.warn({ err: error, failures, retryInMs: delayMs }, 'could not claim due rules; retrying');
        await sleep(delayMs, undefined, { signal: stopping.signal }).catch(() => undefined);
      }
    }
    await Promise.all(inFlight);
  };

  const running = run();
  return {
    async stop() {
      stopping.abort();
      await running;
    },
  };
}

/** Evaluates one rule; settles it at once when its incident changes, else returns its next slot for the bulk release. */
async function evaluateOne(
  options: RuleEvaluatorOptions,
  rule: ClaimedRule,
  log: Logger,
): Promise<{ quiet: Date; skipped?: unknown } | null> {
  const context = {
    now: options.now(),
    intervalMs: options.intervalMs,
    newEventId: options.newEventId,
    subjectPrefix: options.subjectPrefix,
  };
  try {
    const outcome = await evaluateRule(options.orm.em.fork(), options.ingest, rule, context);
    if ('quiet' in outcome) {
      if (outcome.skipped) {
        options.metrics.skipped(outcome.skipped.reason);
        const { reason, error } = outcome.skipped;
        log.debug({ err: error, ruleId: rule.id, reason }, 'rule evaluation skipped');
      }
      return outcome;
    }
    options.metrics.evaluated(outcome.settled);
    if (outcome.settled !== 'unchanged' && outcome.settled !== 'lease_lost' && outcome.settled !== 'rule_changed') {
      log.info({ ruleId: rule.id, result: outcome.settled }, 'rule changed its incident');
      options.onStatusChanged();
    }
  } catch (error) {
    // The database failed while settling: nothing committed, and the rule
    // is due again when its lease runs out.
    options.metrics.skipped('failed');
    log.warn({ err: error, ruleId: rule.id }, 'rule evaluation failed; the rule is retried after its lease');
  }
  return null;
}
