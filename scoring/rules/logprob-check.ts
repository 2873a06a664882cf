import { z } from 'zod';
import { SubnetError } from '../../core/errors.ts';
import { SeededRng } from '../challenge.ts';
import { fieldPathOption, readChallengePath, readPath } from '../field-path.ts';
import { defineRule } from '../rule-definition.ts';
import type { RuleContext, ScoringItem, ScoringRule } from '../rule.ts';
import { ramp } from '../similarity.ts';

const LogprobCheckOptions = z.object({
  model: z.string().describe('a causal-lm model name'),
  prompt: fieldPathOption('the prompt in the challenge', 'request.prompt'),
  field: fieldPathOption('the completion text in the response body', 'text'),
  logprobs: fieldPathOption('the reported log-probs in the response body: [{ position, top: [[token, logprob], ...] }]', 'logprobs'),
  positions: z.number().int().min(1).max(1024).default(4).describe('positions sampled per response (seeded by the challenge)'),
  top_k: z.number().int().min(1).max(64).default(5).describe('reported alternatives compared per position'),
  tolerance: z.number().positive().default(0.05).describe('mean absolute log-prob error (nats) still scored 1; 0 at 4x tolerance'),
});
type LogprobCheckOptions = z.infer<typeof LogprobCheckOptions>;

/** What a miner reports per completion position: the top-k next tokens and their log-probs. */
export interface ReportedLogprobs {
  position: number;
  top: [token: number, logprob: number][];
}

/**
 * Checks a miner's claim that its completion came from the reference model:
 * at positions sampled from the challenge seed, the miner's reported top-k
 * log-probs must match the reference model's (teacher-forced on prompt +
 * completion, one run for the batch) within `tolerance` nats on average.
 * Missing positions count as a full miss.
 */
export function logprobCheck(o: LogprobCheckOptions, name = 'logprob-check'): ScoringRule {
  return {
    name,
    async score(items: readonly ScoringItem[], ctx: RuleContext) {
      if (!ctx.runtime) throw new SubnetError('SCORING_NO_RUNTIME', `rule ${name} needs the model ${o.model}, but no scoring runtime was given`);
      const lm = ctx.runtime.languageModel(o.model);
      const seqs = items.map((it) => {
        const prompt = readChallengePath(it.challenge, o.prompt);
        const text = readPath(it.response.body, o.field);
        return typeof prompt === 'string' && typeof text === 'string' ? lm.sequence(prompt, text) : undefined;
      });
      const idx = items.map((_, i) => i).filter((i) => seqs[i] && seqs[i]!.ids.length > seqs[i]!.completionStart && seqs[i]!.completionStart > 0);
      const rows = await lm.logprobs(idx.map((i) => seqs[i]!.ids));
      const out = items.map(() => 0);
      idx.forEach((i, k) => {
        const { ids, completionStart } = seqs[i]!;
        const completionLength = ids.length - completionStart;
        const reported = readPath(items[i].response.body, o.logprobs);
        if (!Array.isArray(reported)) return;
        const byPosition = new Map<number, ReportedLogprobs>();
        for (const r of reported as ReportedLogprobs[]) if (r && Number.isInteger(r.position) && Array.isArray(r.top)) byPosition.set(r.position, r);
        const rng = new SeededRng(`${items[i].challenge.seed}:${items[i].response.uid}:logprob`);
        const sampled = new Set<number>();
        while (sampled.size < Math.min(o.positions, completionLength)) sampled.add(rng.int(completionLength));
        let err = 0;
        let n = 0;
        for (const pos of sampled) {
          const r = byPosition.get(pos);
          const top = r?.top.slice(0, o.top_k) ?? [];
          if (top.length < Math.min(o.top_k, 1)) {
            err += 4 * o.tolerance;
            n++;
            continue;
          }
          // row (completionStart + pos - 1) predicts completion token `pos`
          const row = completionStart + pos - 1;
          for (const [token, lp] of top) {
            const ref = Number.isInteger(token) && token >= 0 && token < rows[k].vocab ? rows[k].at(row, token) : -Infinity;
            err += Math.min(4 * o.tolerance, Math.abs(ref - lp));
            n++;
          }
        }
        out[i] = n === 0 ? 0 : ramp(err / n, 4 * o.tolerance, o.tolerance);
      });
      return out;
    },
  };
}

export const logprobCheckDefinition = defineRule({ type: 'logprob-check', options: LogprobCheckOptions, create: logprobCheck });
