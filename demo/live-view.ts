import type { Metagraph } from '../chain/metagraph.ts';
import type { WeightRow } from '../dashboard/source.ts';
import type { Behaviour, Player } from './cast.ts';

export interface LiveFrame {
  metagraph: Metagraph;
  /** the subnet owner's hotkey, shown as role `owner` */
  ownerHotkey?: string;
  weights: WeightRow[];
  tempo: number;
  blocksUntilEpoch: number;
  epochsDone: number;
  epochsTotal: number | undefined;
  dashboardUrl: string;
  /** the last one-line explanations, newest last */
  notes: string[];
}

const COLUMNS: [string, number][] = [
  ['uid', 4],
  ['role', 10],
  ['behaviour', 10],
  ['stake α', 12],
  ['incentive', 10],
  ['dividends', 10],
  ['emission α', 12],
  ['trust', 8],
];

/** One screen of the live view: header, per-uid table, recent explanations. Pure text. */
export function renderLiveFrame(players: readonly Player[], f: LiveFrame): string {
  const m = f.metagraph;
  const byHotkey = new Map(players.map((p) => [p.hotkey, p]));
  const epochs = f.epochsTotal === undefined ? `${f.epochsDone} (until Ctrl-C)` : `${f.epochsDone}/${f.epochsTotal}`;
  const lines = [
    `subnetkit demo · netuid ${m.netuid} · block ${m.block} · next epoch in ${f.blocksUntilEpoch} block${f.blocksUntilEpoch === 1 ? '' : 's'} (tempo ${f.tempo}) · epochs ${epochs}`,
    `dashboard ${f.dashboardUrl}`,
    '',
    COLUMNS.map(([name, w], i) => (i < 3 ? name.padEnd(w) : name.padStart(w))).join(' '),
  ];
  for (let uid = 0; uid < m.n; uid++) {
    const p = byHotkey.get(m.hotkeys[uid]);
    const cells = [
      String(uid),
      p?.role ?? (m.hotkeys[uid] === f.ownerHotkey ? 'owner' : 'other'),
      p?.behaviour ?? '',
      m.stake[uid].toFixed(3),
      m.incentive[uid].toFixed(4),
      m.dividends[uid].toFixed(4),
      m.emission[uid].toFixed(6),
      m.trust[uid].toFixed(4),
    ];
    lines.push(cells.map((c, i) => (i < 3 ? c.padEnd(COLUMNS[i][1]) : c.padStart(COLUMNS[i][1]))).join(' '));
  }
  lines.push('');
  for (const note of f.notes.slice(-3)) lines.push(note);
  return lines.join('\n');
}

/**
 * The one line shown a moment before an epoch: how the validators currently
 * split their weight across behaviours, which is what Yuma is about to pay,
 * and whether the validators that set weights hold enough stake (kappa) for
 * their weights to reach consensus at all.
 */
export function explainEpoch(players: readonly Player[], m: Metagraph, weights: WeightRow[], blocksUntilEpoch: number, kappa = 0.5): string {
  const behaviourOfUid = new Map<number, Behaviour>();
  for (const p of players) {
    const uid = m.hotkeys.indexOf(p.hotkey);
    if (uid >= 0) behaviourOfUid.set(uid, p.behaviour);
  }
  const share = new Map<Behaviour, number>();
  let validators = 0;
  let weightingStake = 0;
  let permittedStake = 0;
  for (let uid = 0; uid < m.n; uid++) {
    if (m.validatorPermit[uid]) permittedStake += m.stake[uid];
    const row = weights[uid] ?? [];
    const total = row.reduce((a, [, w]) => a + w, 0);
    if (total <= 0) continue;
    validators++;
    if (m.validatorPermit[uid]) weightingStake += m.stake[uid];
    for (const [target, w] of row) {
      const b = behaviourOfUid.get(target);
      if (b) share.set(b, (share.get(b) ?? 0) + w / total);
    }
  }
  const when = `Epoch in ${blocksUntilEpoch} block${blocksUntilEpoch === 1 ? '' : 's'}:`;
  if (validators === 0) return `${when} no validator has set weights yet, so this epoch pays miners nothing; emission follows stake.`;
  const parts = (['honest', 'noisy', 'random', 'offline'] as Behaviour[])
    .filter((b) => players.some((p) => p.behaviour === b))
    .map((b) => `${b} ${(((share.get(b) ?? 0) / validators) * 100).toFixed(0)}%`);
  const stakeShare = permittedStake > 0 ? weightingStake / permittedStake : 0;
  const verdict =
    stakeShare > kappa
      ? 'Yuma clips each weight to the stake-weighted consensus and pays miners by it.'
      : `they hold only ${(stakeShare * 100).toFixed(0)}% of validator stake, not more than kappa (${(kappa * 100).toFixed(0)}%), so consensus clips every weight to 0 this time.`;
  return `${when} ${validators} validator${validators === 1 ? '' : 's'} weight ${parts.join(', ')}; ${verdict}`;
}

/** What the chain did with the validators' timelocked commits (commit-reveal v4), for the epoch lines. */
export function timelockedNote(commits: readonly { status: 'pending' | 'revealed' | 'dropped' }[] | undefined): string {
  if (!commits) return '';
  const count = (status: string) => commits.filter((c) => c.status === status).length;
  const dropped = count('dropped');
  return `; timelocked weights: ${count('revealed')} revealed by the chain, ${count('pending')} pending${dropped > 0 ? `, ${dropped} dropped` : ''}`;
}
