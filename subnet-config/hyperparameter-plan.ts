import { HYPERPARAMETER_ALIASES, hyperparameterSpec } from '../chain/hyperparameters.ts';
import type { SubnetDefinition } from './load-definition.ts';
import { HYPERPARAMETERS, type Hyperparameters } from './schema/hyperparameters.ts';

export interface HyperparameterChange {
  /** btcli's name, as in subnet.yaml and `subnet sudo get|set --param`, e.g. weights_rate_limit */
  name: string;
  /** AdminUtils call, e.g. `sudo_set_tempo` */
  call: string;
  /** call arguments without the leading `netuid` */
  args: Record<string, number | bigint | boolean>;
  current: unknown;
  desired: unknown;
  /** who may make the call: the subnet owner, or only root (sudo) */
  origin: 'owner' | 'root';
}

type Current = Record<string, unknown>;

/**
 * The changes that bring the chain to the definition's hyperparameters, in a
 * stable order. `currentOnChain` is keyed by btcli names (as the chain client
 * reads them), their aliases, or the SubnetHyperparams runtime-API names; a
 * parameter the chain did not report counts as different (it is set).
 */
export function planHyperparameterChanges(
  definition: SubnetDefinition | { config: { hyperparameters: Hyperparameters } },
  currentOnChain: Current,
): HyperparameterChange[] {
  const want = definition.config.hyperparameters;
  const changes: HyperparameterChange[] = [];
  for (const [name, meta] of Object.entries(HYPERPARAMETERS)) {
    const desired = want[name as keyof typeof HYPERPARAMETERS];
    if (desired === undefined) continue;
    const current = lookup(currentOnChain, name);
    // a new mechanism count resets the chain's split to even, so a split follows every count change
    const countChanges = name === 'mechanism_emission_split' && changes.some((c) => c.name === 'mechanism_count');
    if (current !== undefined && same(current, desired) && !countChanges) continue;
    changes.push({ name, call: meta.call, args: { [meta.arg]: desired as number | bigint | boolean }, current, desired, origin: originOf(name, meta.origin) });
  }
  if (want.alpha_values) {
    const pair = currentOnChain.alpha_values ?? currentOnChain.alphaValues;
    const low = Array.isArray(pair) ? pair[0] : lookup(currentOnChain, 'alpha_low');
    const high = Array.isArray(pair) ? pair[1] : lookup(currentOnChain, 'alpha_high');
    if (!(low !== undefined && high !== undefined && same(low, want.alpha_values.low) && same(high, want.alpha_values.high))) {
      changes.push({
        name: 'alpha_values',
        call: 'sudo_set_alpha_values',
        args: { alpha_low: want.alpha_values.low, alpha_high: want.alpha_values.high },
        current: low === undefined && high === undefined ? undefined : { low, high },
        desired: want.alpha_values,
        origin: originOf('alpha_values', 'owner'),
      });
    }
  }
  return changes;
}

/** The chain client's table (chain/hyperparameters.ts) is the authority on who may call a setter. */
function originOf(name: string, fallback: 'owner' | 'root'): 'owner' | 'root' {
  const spec = hyperparameterSpec(name);
  return spec ? (spec.owner ? 'owner' : 'root') : fallback;
}

function lookup(current: Current, name: string): unknown {
  const names = [name, ...Object.keys(HYPERPARAMETER_ALIASES).filter((alias) => HYPERPARAMETER_ALIASES[alias] === name)];
  const v = names.flatMap((n) => [current[n], current[camel(n)]]).find((x) => x !== undefined);
  return v === null ? undefined : v;
}

function camel(s: string): string {
  return s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') return BigInt(Math.trunc(v)).toString();
    if (typeof v === 'string' && /^[0-9]+$/.test(v)) return BigInt(v).toString();
    if (v !== null && typeof v === 'object' && 'toString' in v && typeof (v as { toBigInt?: unknown }).toBigInt === 'function') return String(v);
    return JSON.stringify(v);
  };
  return norm(a) === norm(b);
}

/** The plan as a readable diff, one line per change. */
export function formatHyperparameterPlan(changes: readonly HyperparameterChange[]): string {
  if (changes.length === 0) return 'hyperparameters already match the definition';
  const show = (v: unknown) =>
    v === undefined ? '(unknown)' : typeof v === 'bigint' ? v.toString() : JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x));
  const w = Math.max(...changes.map((c) => c.name.length));
  return changes
    .map((c) => `  ${c.name.padEnd(w)}  ${show(c.current)} -> ${show(c.desired)}  (${c.call}${c.origin === 'root' ? ', needs root' : ''})`)
    .join('\n');
}
