import { SubnetError } from '../core/errors.ts';
import { gate, product, weightedSum } from './compose.ts';
import type { RuleDefinition } from './rule-definition.ts';
import { RULE_TYPES, type CustomRuleConfig, type RuleConfig } from './rule-tree.ts';
import type { Challenge, RuleContext, ScoringItem, ScoringRule } from './rule.ts';
import { BUILTIN_RULES } from './rules/index.ts';
import { shapeRewards, type RewardStep } from './shaping.ts';
import { clampScore } from './similarity.ts';

const BUILTIN_BY_TYPE: ReadonlyMap<string, RuleDefinition> = new Map(BUILTIN_RULES.map((r) => [r.type, r]));

/** Turns a rule tree from the definition into a ScoringRule; `custom` resolves `type: custom` leaves (already loaded modules). */
export function buildRule(cfg: RuleConfig, custom: (cfg: CustomRuleConfig) => ScoringRule = noCustom): ScoringRule {
  const name = cfg.name ?? cfg.type;
  switch (cfg.type) {
    case 'custom':
      return custom(cfg);
    case 'weighted-sum':
      return weightedSum(
        cfg.rules.map((p) => ({ weight: p.weight, rule: buildRule(p.rule, custom) })),
        name,
      );
    case 'product':
      return product(
        cfg.rules.map((r) => buildRule(r, custom)),
        name,
      );
    case 'gate':
      return gate(buildRule(cfg.gate, custom), cfg.min, buildRule(cfg.then, custom), name);
    default: {
      const builtin = BUILTIN_BY_TYPE.get(cfg.type);
      if (!builtin) throw new SubnetError('SCORING_UNKNOWN_RULE', `unknown rule type ${String(cfg.type)}; expected one of: ${RULE_TYPES.join(', ')}`);
      return builtin.create(cfg, name);
    }
  }
}

function noCustom(cfg: CustomRuleConfig): ScoringRule {
  throw new SubnetError('SCORING_CUSTOM_RULE', `custom rule ${cfg.module} was not loaded; load the definition with loadSubnet()`);
}

interface ScoredBatch {
  /** the rule tree's score per item, in [0, 1] (0 for timeouts and errors) */
  scores: number[];
  /** after reward shaping: what the validator folds into its moving average */
  rewards: number[];
}

/**
 * The full scoring path of a validator step: responses that did not arrive
 * score 0 without touching the rules; the rest go through the rule tree as one
 * batch (one inference run per model), then through reward shaping.
 */
export class ScoringPipeline {
  constructor(
    readonly rule: ScoringRule,
    readonly rewardSteps: readonly RewardStep[],
    readonly context: RuleContext,
  ) {}

  /**
   * Starts the challenge-only part of scoring (reference inference) right
   * away, so a validator can overlap it with the queries; `score` awaits it.
   * Optional: scores are the same with or without it.
   */
  prepare(challenges: readonly Challenge[]): void {
    this.rule.prepare?.(challenges, this.context);
  }

  async score(items: readonly ScoringItem[]): Promise<ScoredBatch> {
    const live = items.map((_, i) => i).filter((i) => items[i].response.status === 'ok' && items[i].response.body !== undefined);
    const scores = items.map(() => 0);
    if (live.length > 0) {
      const raw = await this.rule.score(
        live.map((i) => items[i]),
        this.context,
      );
      live.forEach((i, k) => (scores[i] = clampScore(raw[k])));
    }
    return { scores, rewards: shapeRewards(scores, items, this.rewardSteps).map(clampScore) };
  }
}
