import type { PromSample } from './prometheus.ts';

/** A validator's latest round as the dashboard shows it, read from its Prometheus metrics. */
export interface ValidatorRound {
  /** the metrics URL it was scraped from */
  url: string;
  ok: boolean;
  error?: string;
  /** the validator's hotkey, when its metrics carry a `hotkey` label */
  hotkey?: string;
  /** wall-clock ms of the scrape */
  fetchedAt: number;
  /** per miner uid, from the samples labelled `uid` */
  miners: { uid: number; latencyMs?: number; score?: number; ema?: number; status?: string }[];
  /** round-level figures (rounds, duration, responses by status, weights set, ...), name -> value */
  stats: Record<string, number>;
}

const HISTOGRAM_PARTS = /_(bucket|sum|count|created)$/;
/** labels every sample of a validator carries (prom-client default labels); they do not split a series */
const IDENTITY_LABELS = new Set(['netuid', 'hotkey']);
/** labels that split a round-level counter into readable parts */
const SPLIT_LABELS = new Set(['status', 'result', 'action']);

/**
 * Turns a validator's metrics (validator/validator-metrics.ts) into its latest
 * round. Per-miner samples carry a `uid` label: a name containing `latency` is
 * the miner's last latency (seconds when the name ends in `_seconds`), a name
 * containing `ema` or the validator's `validator_score` gauge is the moving
 * average, any other `score` the last round's score. Round-level figures are
 * the unlabelled gauges and counters, counters split by status/result, and
 * histogram means (`_sum / _count`).
 */
export function validatorRoundFromMetrics(url: string, samples: PromSample[], fetchedAt = Date.now()): ValidatorRound {
  const byUid = new Map<number, ValidatorRound['miners'][number]>();
  const stats: Record<string, number> = {};
  const sums = new Map<string, number>();
  const counts = new Map<string, number>();
  let hotkey: string | undefined;
  for (const s of samples) {
    if (s.name.startsWith('process_') || s.name.startsWith('nodejs_')) continue;
    hotkey ??= s.labels.hotkey;
    const own = Object.entries(s.labels).filter(([k]) => !IDENTITY_LABELS.has(k));
    const uidLabel = s.labels.uid;
    if (uidLabel !== undefined) {
      if (HISTOGRAM_PARTS.test(s.name)) continue;
      const uid = Number(uidLabel);
      if (!Number.isInteger(uid) || uid < 0) continue;
      const row = byUid.get(uid) ?? { uid };
      if (/latency/.test(s.name)) row.latencyMs = s.name.endsWith('_seconds') ? s.value * 1000 : s.value;
      else if (/ema/.test(s.name) || s.name === 'validator_score') row.ema = s.value;
      else if (/score/.test(s.name)) row.score = s.value;
      if (s.labels.status !== undefined) row.status = s.labels.status;
      byUid.set(uid, row);
      continue;
    }
    if (own.length === 0) {
      if (s.name.endsWith('_sum')) sums.set(s.name.slice(0, -4), s.value);
      else if (s.name.endsWith('_count')) counts.set(s.name.slice(0, -6), s.value);
      else if (!HISTOGRAM_PARTS.test(s.name)) stats[s.name] = s.value;
    } else if (own.every(([k]) => SPLIT_LABELS.has(k)) && !HISTOGRAM_PARTS.test(s.name)) {
      stats[`${s.name}{${own.map(([k, v]) => `${k}=${v}`).join(',')}}`] = s.value;
    }
  }
  for (const [base, sum] of sums) {
    const count = counts.get(base);
    if (count) stats[`${base}_mean`] = sum / count;
  }
  const miners = [...byUid.values()].sort((a, b) => a.uid - b.uid);
  return { url, ok: true, hotkey, fetchedAt, miners, stats };
}
