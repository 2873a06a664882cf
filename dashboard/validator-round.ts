import type { PromSample } from './prometheus.ts';

/** A validator's latest round as the dashboard shows it, read from its Prometheus metrics. */
export interface ValidatorRound {
  /** the metrics URL it was scraped from */
  url: string;
  ok: boolean;
  error?: string;
  /** wall-clock ms of the scrape */
  fetchedAt: number;
  /** per miner uid, from the gauges labelled `uid` */
  miners: { uid: number; latencyMs?: number; score?: number; ema?: number; status?: string }[];
  /** round-level figures (round count, duration, weights set, ...), name -> value */
  stats: Record<string, number>;
}

const HISTOGRAM_PARTS = /_(bucket|sum|count|created)$/;

/**
 * Turns a validator's metrics into its latest round. Per-miner gauges carry a
 * `uid` label: a name containing `latency` is the miner's last latency (seconds
 * when the name ends in `_seconds`), `ema` its moving-average score, `score`
 * its last round score; a `status` label, when present, tells how it answered.
 * Round-level figures are the unlabelled gauges and counters, plus histogram
 * means (`_sum / _count`).
 */
export function validatorRoundFromMetrics(url: string, samples: PromSample[], fetchedAt = Date.now()): ValidatorRound {
  const byUid = new Map<number, ValidatorRound['miners'][number]>();
  const stats: Record<string, number> = {};
  const sums = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const s of samples) {
    if (s.name.startsWith('process_') || s.name.startsWith('nodejs_')) continue;
    const uidLabel = s.labels.uid;
    if (uidLabel !== undefined && !HISTOGRAM_PARTS.test(s.name)) {
      const uid = Number(uidLabel);
      if (!Number.isInteger(uid) || uid < 0) continue;
      const row = byUid.get(uid) ?? { uid };
      if (/latency/.test(s.name)) row.latencyMs = s.name.endsWith('_seconds') ? s.value * 1000 : s.value;
      else if (/ema/.test(s.name)) row.ema = s.value;
      else if (/score/.test(s.name)) row.score = s.value;
      if (s.labels.status !== undefined) row.status = s.labels.status;
      byUid.set(uid, row);
      continue;
    }
    if (Object.keys(s.labels).length === 0) {
      if (s.name.endsWith('_sum')) sums.set(s.name.slice(0, -4), s.value);
      else if (s.name.endsWith('_count')) counts.set(s.name.slice(0, -6), s.value);
      else if (!HISTOGRAM_PARTS.test(s.name)) stats[s.name] = s.value;
    }
  }
  for (const [base, sum] of sums) {
    const count = counts.get(base);
    if (count) stats[`${base}_mean`] = sum / count;
  }
  const miners = [...byUid.values()].sort((a, b) => a.uid - b.uid);
  return { url, ok: true, fetchedAt, miners, stats };
}
