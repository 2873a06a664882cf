import type { RoundResult } from './round.ts';

/**
 * The one-line summaries a validator logs (with `summary: true`, so a terminal
 * shows the line alone while JSON keeps the numbers as fields). Pure.
 */

/** `round 12  block 340  answered 5/6  best uid 3 0.98  1.2 s` */
export function roundSummary(result: Pick<RoundResult, 'round' | 'block' | 'responses' | 'durationMs'>): { line: string; fields: Record<string, unknown> } {
  const answered = result.responses.filter((r) => r.status === 'ok').length;
  const total = result.responses.length;
  const best = result.responses.reduce<RoundResult['responses'][number] | undefined>(
    (b, r) => (r.status === 'ok' && (!b || r.reward > b.reward) ? r : b),
    undefined,
  );
  const seconds = result.durationMs / 1000;
  const parts = [
    `round ${result.round}`,
    `block ${result.block}`,
    `answered ${answered}/${total}`,
    best ? `best uid ${best.uid} ${best.reward.toFixed(2)}` : 'no answer',
    `${seconds.toFixed(1)} s`,
  ];
  return {
    line: parts.join('  '),
    fields: {
      round: result.round,
      block: result.block,
      answered,
      sampled: total,
      bestUid: best?.uid ?? null,
      bestReward: best?.reward ?? null,
      durationMs: Math.round(result.durationMs),
      summary: true,
    },
  };
}

/** `weights set  block 344  6 uids` (or `weights committed`, `weights revealed`) */
export function weightsSummary(action: 'set' | 'commit' | 'reveal', block: number, uids: number): { line: string; fields: Record<string, unknown> } {
  const verb = action === 'set' ? 'set' : action === 'commit' ? 'committed' : 'revealed';
  return { line: `weights ${verb}  block ${block}  ${uids} uid${uids === 1 ? '' : 's'}`, fields: { mode: action, block, uids, summary: true } };
}

/** `epoch  block 360  incentive top uid 3 0.41  5 miners paid` */
export function epochSummary(block: number, incentive: ArrayLike<number>): { line: string; fields: Record<string, unknown> } {
  let top = -1;
  let paid = 0;
  for (let uid = 0; uid < incentive.length; uid++) {
    if (incentive[uid] > 0) paid++;
    if (top < 0 || incentive[uid] > incentive[top]) top = uid;
  }
  const best = top >= 0 && incentive[top] > 0 ? `incentive top uid ${top} ${incentive[top].toFixed(2)}` : 'no incentive yet';
  return {
    line: `epoch  block ${block}  ${best}  ${paid} uid${paid === 1 ? '' : 's'} paid`,
    fields: { block, topUid: top >= 0 ? top : null, paid, summary: true },
  };
}
