import { Migration } from '@mikro-orm/migrations';

// Additive: rules get thresholds and a place on the evaluation schedule, and
// the incidents a rule opens by itself are marked, with the database's
// guarantee that a rule has at most one of them active at a time.
export class Migration0003RuleThresholdsEvaluation extends Migration {
  override async up(): Promise<void> {
    this.addSql(SQL);
  }
}

const SQL = `
-- Thresholds: all NULL on a rule that is only stored (every rule from before
-- this migration); comparison and critical come together.
ALTER TABLE alert_rule
  ADD COLUMN comparison         text CHECK (comparison IN ('ABOVE', 'BELOW')),
  ADD COLUMN critical_threshold double precision,
  ADD COLUMN warning_threshold  double precision,
  ADD COLUMN resolve_threshold  double precision,
  ADD COLUMN enabled            boolean     NOT NULL DEFAULT true,
  -- The rule's next slot on the schedule; a new rule is due at once.
  ADD COLUMN next_evaluation_at timestamptz NOT NULL DEFAULT now(),
  -- A replica that claimed the rule: its token, and until when the claim
  -- holds. Another replica takes the rule only after that (a crashed one's).
  ADD COLUMN lease_token        uuid,
  ADD COLUMN lease_expires_at   timestamptz,
  ADD CONSTRAINT alert_rule_thresholds_whole
    CHECK ((comparison IS NULL) = (critical_threshold IS NULL)
       AND (comparison IS NOT NULL OR (warning_threshold IS NULL AND resolve_threshold IS NULL)));

-- The evaluator's claim: due rules that can fire, oldest slot first.
CREATE INDEX alert_rule_due ON alert_rule (next_evaluation_at) WHERE enabled AND comparison IS NOT NULL;

-- Incidents the evaluator opened (not those a caller created with a rule id).
ALTER TABLE incident ADD COLUMN opened_by_rule boolean NOT NULL DEFAULT false;

-- At most one active incident per rule, whatever the interleaving of
-- replicas, retries and manual reopens: a second one cannot commit.
CREATE UNIQUE INDEX incident_active_per_rule ON incident (alert_rule_id)
  WHERE opened_by_rule AND status <> 'CLOSED';
`;
