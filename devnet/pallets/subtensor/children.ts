import { ensureSigned, type AccountId, type CallDef, type DispatchContext, type RuntimeContext, type State, type StateReader } from '../../pallet.ts';
import { currentPrice } from '../swap/pool-state.ts';
import { u96, u96Add, u96Div, u96FromU64F64, u96Mul, u96PerU16, u96PerU64, u96Sub, u96ToU64, U96_ONE } from './fixed.ts';
import { rootSetter } from './root-setter.ts';
import { shouldRunEpoch } from './schedule.ts';
import { hotkeyStake, recycleSubnetAlpha } from './stake.ts';
import {
  ChildKeys,
  ChildkeyTake,
  CKBurn,
  MaxChildkeyTake,
  MinChildkeyTake,
  NetworksAdded,
  Owner,
  ParentKeys,
  PendingChildKeyCooldown,
  PendingChildKeys,
  ROOT_NETUID,
  StakeThreshold,
  SubnetOwnerHotkey,
  TaoWeight,
  Tempo,
  TransactionKeyLastBlock,
  TxChildkeyTakeRateLimit,
  type ChildLinks,
} from './storage.ts';

/**
 * Child hotkeys (spec 381's staking/set_children.rs): a parent hotkey lends a
 * proportion (of u64::MAX) of its stake on a subnet to up to five children.
 * `set_children` only schedules the new children; they apply at the first epoch
 * of the subnet after `PendingChildKeyCooldown` blocks. A child validates with
 * the inherited stake and shares its dividends with its parents, keeping its
 * `ChildkeyTake` of what it passes to parents of another coldkey.
 */

const U64_MAX = 0xffffffffffffffffn;
const MAX_CHILDREN = 5;
/** `TransactionType` as the u16 that keys `TransactionKeyLastBlock`. */
const TX_SET_CHILDREN = 0;
const TX_SET_CHILDKEY_TAKE = 1;
/** `TransactionType::SetChildren.rate_limit()`: a fixed 150 blocks (30 minutes), not a storage item. */
const SET_CHILDREN_RATE_LIMIT = 150n;

/** `check_passes_rate_limit`: the first action (last block 0) always passes. */
function passesRateLimit(limit: bigint, block: bigint, last: bigint): boolean {
  return last === 0n || (block > last ? block - last : 0n) >= limit;
}

function coldkeyOwnsHotkey(state: StateReader, coldkey: AccountId, hotkey: AccountId): boolean {
  return Owner.has(state, hotkey) && Owner.get(state, hotkey) === coldkey;
}

/**
 * A link list as the runtime's BTreeMap: later duplicates win, the pivot
 * itself left out when asked, ordered by account (hex ids order as their bytes).
 */
function linkMap(links: ChildLinks, leaveOut?: AccountId): Map<AccountId, bigint> {
  const m = new Map<AccountId, bigint>();
  for (const [prop, who] of links) if (who !== leaveOut) m.set(who, prop);
  return new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const toLinks = (m: Map<AccountId, bigint>): ChildLinks => [...m].map(([who, prop]) => [prop, who]);

/** The `PCRelations` checks; each returns the runtime's error name or null. */
function totalProportionsError(children: Map<AccountId, bigint>): string | null {
  let total = 0n;
  for (const p of children.values()) total += p;
  return total <= U64_MAX ? null : 'ProportionOverflow';
}
function bipartiteError(children: Map<AccountId, bigint>, parents: Map<AccountId, bigint>): string | null {
  for (const c of children.keys()) if (parents.has(c)) return 'ChildParentInconsistency';
  return null;
}

/** `load_child_parent_relations` + `ensure_pending_consistency` for a new children list. */
function pendingConsistencyError(state: StateReader, hotkey: AccountId, netuid: number, requested: ChildLinks): string | null {
  const current = linkMap(ChildKeys.get(state, hotkey, netuid), hotkey);
  const parents = linkMap(ParentKeys.get(state, hotkey, netuid), hotkey);
  const stored = totalProportionsError(current) ?? bipartiteError(current, parents);
  if (stored) return stored;
  const next = linkMap(requested);
  if (next.has(hotkey)) return 'InvalidChild';
  if (next.size > MAX_CHILDREN) return 'TooManyChildren';
  return totalProportionsError(next) ?? bipartiteError(next, parents);
}

/** `get_total_stake_for_hotkey`: the hotkey's alpha on every subnet valued at the pool price, in RAO. */
function totalStakeForHotkey(state: StateReader, hotkey: AccountId): bigint {
  let total = 0n;
  for (const [[netuid], added] of NetworksAdded.entries(state)) {
    if (!added) continue;
    total = u96Add(total, u96Mul(u96(hotkeyStake(state, hotkey, netuid)), u96FromU64F64(currentPrice(state, netuid))));
  }
  return u96ToU64(total);
}

/** `do_schedule_children`: the checks in the runtime's order, then the children wait in `PendingChildKeys`. */
function scheduleChildren(ctx: DispatchContext, hotkey: AccountId, netuid: number, children: ChildLinks): void {
  const s = ctx.state;
  const coldkey = ensureSigned(ctx.origin);
  const block = BigInt(ctx.blockNumber);
  if (!passesRateLimit(SET_CHILDREN_RATE_LIMIT, block, TransactionKeyLastBlock.get(s, hotkey, netuid, TX_SET_CHILDREN))) ctx.fail('TxRateLimitExceeded');
  if (netuid === ROOT_NETUID) ctx.fail('RegistrationNotPermittedOnRootSubnet');
  if (!NetworksAdded.get(s, netuid)) ctx.fail('SubnetNotExists');
  if (!coldkeyOwnsHotkey(s, coldkey, hotkey)) ctx.fail('NonAssociatedColdKey');
  const seen = new Set<AccountId>();
  for (const [, child] of children) {
    if (seen.has(child)) ctx.fail('DuplicateChild');
    seen.add(child);
  }
  const inconsistent = pendingConsistencyError(s, hotkey, netuid, children);
  if (inconsistent) ctx.fail(inconsistent);
  // the parent's own stake (not what it inherits) must reach StakeThreshold, unless it is the subnet owner's hotkey
  const ownerHotkey = SubnetOwnerHotkey.has(s, netuid) && SubnetOwnerHotkey.get(s, netuid) === hotkey;
  if (children.length > 0 && !ownerHotkey && totalStakeForHotkey(s, hotkey) < StakeThreshold.get(s)) ctx.fail('NotEnoughStakeToSetChildkeys');
  TransactionKeyLastBlock.set(s, hotkey, netuid, TX_SET_CHILDREN, block);
  const cooldownBlock = block + PendingChildKeyCooldown.get(s);
  PendingChildKeys.set(s, netuid, hotkey, [children, cooldownBlock]);
  ctx.deposit('SetChildrenScheduled', [hotkey, netuid, cooldownBlock, children]);
}

function setChildkeys(state: State, parent: AccountId, netuid: number, links: ChildLinks): void {
  if (links.length === 0) ChildKeys.remove(state, parent, netuid);
  else ChildKeys.set(state, parent, netuid, links);
}
function setParentkeys(state: State, child: AccountId, netuid: number, links: ChildLinks): void {
  if (links.length === 0) ParentKeys.remove(state, child, netuid);
  else ParentKeys.set(state, child, netuid, links);
}
/** `upsert_edge`: a changed proportion stays in its place, a new link goes last. */
function upsertEdge(links: ChildLinks, prop: bigint, who: AccountId): ChildLinks {
  return links.some(([, w]) => w === who) ? links.map(([p, w]) => [w === who ? prop : p, w]) : [...links, [prop, who]];
}
const removeEdge = (links: ChildLinks, who: AccountId): ChildLinks => links.filter(([, w]) => w !== who);

/**
 * `persist_child_parent_relations`: the pivot's children and parents written
 * in account order, and the reverse link of every child and parent kept in step.
 */
function persistRelations(state: State, pivot: AccountId, netuid: number, children: Map<AccountId, bigint>, parents: Map<AccountId, bigint>): void {
  const prevChildren = new Set(ChildKeys.get(state, pivot, netuid).map(([, c]) => c));
  setChildkeys(state, pivot, netuid, toLinks(children));
  for (const [child, prop] of children) setParentkeys(state, child, netuid, upsertEdge(ParentKeys.get(state, child, netuid), prop, pivot));
  for (const gone of [...prevChildren].filter((c) => !children.has(c)).sort()) {
    setParentkeys(state, gone, netuid, removeEdge(ParentKeys.get(state, gone, netuid), pivot));
  }
  const prevParents = new Set(ParentKeys.get(state, pivot, netuid).map(([, p]) => p));
  setParentkeys(state, pivot, netuid, toLinks(parents));
  for (const [parent, prop] of parents) setChildkeys(state, parent, netuid, upsertEdge(ChildKeys.get(state, parent, netuid), prop, pivot));
  for (const gone of [...prevParents].filter((p) => !parents.has(p)).sort()) {
    setChildkeys(state, gone, netuid, removeEdge(ChildKeys.get(state, gone, netuid), pivot));
  }
}

/**
 * `parent_child_swap_hotkey` and the pending lists of `perform_hotkey_swap_on_one_subnet`:
 * the new hotkey takes the old one's children, parents and scheduled children
 * on `netuid`, and replaces it in other hotkeys' scheduled children. Returns
 * the runtime's error when the links would become inconsistent, else null.
 */
export function swapChildLinks(state: State, from: AccountId, to: AccountId, netuid: number): string | null {
  const children = linkMap(ChildKeys.get(state, from, netuid), from);
  const parents = linkMap(ParentKeys.get(state, from, netuid), from);
  const stored = totalProportionsError(children) ?? bipartiteError(children, parents);
  if (stored) return stored;
  for (const child of children.keys()) setParentkeys(state, child, netuid, removeEdge(ParentKeys.get(state, child, netuid), from));
  // the runtime writes these back even when empty (`insert`, not `set_childkeys`)
  for (const parent of parents.keys()) ChildKeys.set(state, parent, netuid, removeEdge(ChildKeys.get(state, parent, netuid), from));
  ChildKeys.set(state, from, netuid, []);
  setParentkeys(state, from, netuid, []);
  if (children.has(to) || parents.has(to)) return 'InvalidChild';
  if (PendingChildKeys.has(state, netuid, from)) {
    const [pending, cooldownBlock] = PendingChildKeys.get(state, netuid, from);
    const next = linkMap(pending);
    const inconsistent = next.has(to)
      ? 'InvalidChild'
      : next.size > MAX_CHILDREN
        ? 'TooManyChildren'
        : (totalProportionsError(next) ?? bipartiteError(next, parents));
    if (inconsistent) return inconsistent;
    PendingChildKeys.remove(state, netuid, from);
    PendingChildKeys.set(state, netuid, to, [pending, cooldownBlock]);
  }
  persistRelations(state, to, netuid, children, parents);
  for (const [[, hotkey], [pending, cooldownBlock]] of PendingChildKeys.entries(state, netuid)) {
    const at = pending.findIndex(([, child]) => child === from);
    if (at < 0) continue;
    const moved: ChildLinks = [...pending.slice(0, at), ...pending.slice(at + 1), [pending[at][0], to]];
    PendingChildKeys.set(state, netuid, hotkey, [moved, cooldownBlock]);
  }
  return null;
}

/**
 * `do_set_pending_children`: children whose cooldown has passed apply (a list
 * that has become inconsistent is dropped silently) and leave the queue.
 */
function setPendingChildren(ctx: RuntimeContext, netuid: number, block: bigint): void {
  const s = ctx.state;
  for (const [[, hotkey], [children, cooldownBlock]] of PendingChildKeys.entries(s, netuid)) {
    if (cooldownBlock >= block) continue;
    const next = linkMap(children, hotkey);
    const parents = linkMap(ParentKeys.get(s, hotkey, netuid), hotkey);
    if (!totalProportionsError(next) && !bipartiteError(next, parents)) {
      persistRelations(s, hotkey, netuid, next, parents);
      ctx.deposit('SetChildren', [hotkey, netuid, children]);
    }
    PendingChildKeys.remove(s, netuid, hotkey);
  }
}

/** `try_set_pending_children`: after the coinbase, on every subnet at its epoch block. */
export function trySetPendingChildren(ctx: RuntimeContext, netuids: number[], block: bigint): void {
  for (const netuid of netuids) if (shouldRunEpoch(netuid, Tempo.get(ctx.state, netuid), block)) setPendingChildren(ctx, netuid, block);
}

/**
 * The stake a hotkey holds on `stakeNetuid` less what it lends its children on
 * `netuid` plus what its parents there lend it, each part `stake · p / u64::MAX`
 * in U96F32. Without links this is the hotkey's own stake exactly.
 */
function withLinks(state: StateReader, hotkey: AccountId, netuid: number, stakeNetuid: number): bigint {
  const own = hotkeyStake(state, hotkey, stakeNetuid);
  const children = ChildKeys.get(state, hotkey, netuid);
  const parents = ParentKeys.get(state, hotkey, netuid);
  if (children.length === 0 && parents.length === 0) return own;
  const initial = u96(own);
  let toChildren = 0n;
  for (const [prop] of children) toChildren = u96Add(toChildren, u96Mul(initial, u96PerU64(prop)));
  let fromParents = 0n;
  for (const [prop, parent] of parents) fromParents = u96Add(fromParents, u96Mul(u96(hotkeyStake(state, parent, stakeNetuid)), u96PerU64(prop)));
  return u96ToU64(u96Add(u96Sub(initial, toChildren), fromParents));
}

/** `get_inherited_for_hotkey_on_subnet`: the alpha a hotkey validates with on `netuid` (its own on root). */
export function inheritedStake(state: StateReader, hotkey: AccountId, netuid: number): bigint {
  return netuid === ROOT_NETUID ? hotkeyStake(state, hotkey, netuid) : withLinks(state, hotkey, netuid, netuid);
}

/** `get_tao_inherited_for_hotkey_on_subnet`: the root TAO a hotkey counts on `netuid`, moved along that subnet's links. */
export function inheritedTaoStake(state: StateReader, hotkey: AccountId, netuid: number): bigint {
  return withLinks(state, hotkey, netuid, ROOT_NETUID);
}

/** `get_self_contribution`: the share of the hotkey's alpha and weighted root stake it keeps from its children. */
function selfContribution(state: StateReader, hotkey: AccountId, netuid: number, taoWeight: bigint): bigint {
  let remaining = U96_ONE;
  for (const [prop] of ChildKeys.get(state, hotkey, netuid)) remaining = u96Sub(remaining, u96PerU64(prop));
  const alpha = u96Mul(u96(hotkeyStake(state, hotkey, netuid)), remaining);
  const root = u96Mul(u96Mul(u96(hotkeyStake(state, hotkey, ROOT_NETUID)), remaining), taoWeight);
  return u96ToU64(u96Add(alpha, root));
}

/** One parent's part in a child's dividends: its contribution (U96F32 bits) and whether its coldkey is another than the child's. */
export interface ParentContribution {
  contribution: bigint;
  otherColdkey: boolean;
}

export interface DividendSplit {
  /** alpha each parent gets, in the parents' order */
  toParents: bigint[];
  /** alpha the child keeps: what is not the parents', with its takes */
  toHotkey: bigint;
  /** alpha recycled per parent (`CKBurn` of what parents of another coldkey get) */
  burned: bigint[];
}

/**
 * The arithmetic of `get_parent_child_dividends_distribution` (U96F32): each
 * parent gets `dividend · contribution / (self + Σ contributions)`; of a parent
 * of another coldkey `burn` and `take` (fractions of one, U96F32 bits) are
 * taken off, the burn recycled and the take left to the child.
 */
export function splitDividend(dividend: bigint, self: bigint, parents: ParentContribution[], take: bigint, burn: bigint): DividendSplit {
  const validating = u96(dividend);
  const total = parents.reduce((t, p) => u96Add(t, p.contribution), self);
  let remaining = validating;
  let childTakes = 0n;
  const toParents: bigint[] = [];
  const burned: bigint[] = [];
  for (const parent of parents) {
    let emission = u96Mul(validating, u96Div(parent.contribution, total));
    remaining = u96Sub(remaining, emission);
    let burnt = 0n;
    if (parent.otherColdkey) {
      const burnPart = u96Mul(burn, emission);
      const takePart = u96Mul(take, emission);
      emission = u96Sub(u96Sub(emission, burnPart), takePart);
      childTakes = u96Add(childTakes, takePart);
      burnt = u96ToU64(burnPart);
    }
    toParents.push(u96ToU64(emission));
    burned.push(burnt);
  }
  return { toParents, toHotkey: u96ToU64(u96Add(remaining, childTakes)), burned };
}

/**
 * `get_parent_child_dividends_distribution` on the state: a validator's
 * dividends shared with its parents by contribution (each parent's
 * `p · (alpha + root · TaoWeight)` against the sum with the hotkey's own
 * `get_self_contribution`), as `splitDividend`. Without parents the hotkey
 * gets `U96F32(dividend)` back.
 */
export function parentChildDividends(state: State, hotkey: AccountId, netuid: number, dividend: bigint): [AccountId, bigint][] {
  const parents = ParentKeys.get(state, hotkey, netuid);
  if (parents.length === 0) return [[hotkey, u96ToU64(u96(dividend))]];
  const taoWeight = u96PerU64(TaoWeight.get(state));
  const childOwner = Owner.get(state, hotkey);
  const contributions = parents.map(([prop, parent]): ParentContribution => {
    const p = u96PerU64(prop);
    const alpha = u96Mul(u96(hotkeyStake(state, parent, netuid)), p);
    const root = u96Mul(u96Mul(u96(hotkeyStake(state, parent, ROOT_NETUID)), p), taoWeight);
    return { contribution: u96Add(alpha, root), otherColdkey: Owner.get(state, parent) !== childOwner };
  });
  const self = u96(selfContribution(state, hotkey, netuid, taoWeight));
  const split = splitDividend(dividend, self, contributions, u96PerU16(ChildkeyTake.get(state, hotkey, netuid)), u96PerU64(CKBurn.get(state)));
  const out: [AccountId, bigint][] = parents.map(([, parent], i) => [parent, split.toParents[i]]);
  for (const burned of split.burned) if (burned > 0n) recycleSubnetAlpha(state, netuid, burned);
  out.push([hotkey, split.toHotkey]);
  return out;
}

/** `do_set_childkey_take`: up to `MaxChildkeyTake`; a raise waits `TxChildkeyTakeRateLimit` blocks after the last change. */
function setChildkeyTake(ctx: DispatchContext, hotkey: AccountId, netuid: number, take: number): void {
  const s = ctx.state;
  const coldkey = ensureSigned(ctx.origin);
  if (!coldkeyOwnsHotkey(s, coldkey, hotkey)) ctx.fail('NonAssociatedColdKey');
  if (take > MaxChildkeyTake.get(s)) ctx.fail('InvalidChildkeyTake');
  const block = BigInt(ctx.blockNumber);
  if (take > ChildkeyTake.get(s, hotkey, netuid)) {
    const last = TransactionKeyLastBlock.get(s, hotkey, netuid, TX_SET_CHILDKEY_TAKE);
    if (!passesRateLimit(TxChildkeyTakeRateLimit.get(s), block, last)) ctx.fail('TxChildkeyTakeRateLimitExceeded');
  }
  TransactionKeyLastBlock.set(s, hotkey, netuid, TX_SET_CHILDKEY_TAKE, block);
  ChildkeyTake.set(s, hotkey, netuid, take);
  ctx.deposit('ChildKeyTakeSet', [hotkey, take]);
}

export const childrenCalls: CallDef[] = [
  {
    index: 67,
    name: 'set_children',
    args: [
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'netuid', type: 'NetUid' },
      { name: 'children', type: 'Vec<(u64, AccountId32)>' },
    ],
    dispatch(ctx, a: { hotkey: AccountId; netuid: number; children: ChildLinks }) {
      scheduleChildren(ctx, a.hotkey, a.netuid, a.children);
    },
  },
  {
    index: 75,
    name: 'set_childkey_take',
    args: [
      { name: 'hotkey', type: 'AccountId32' },
      { name: 'netuid', type: 'NetUid' },
      { name: 'take', type: 'u16' },
    ],
    dispatch(ctx, a: { hotkey: AccountId; netuid: number; take: number }) {
      setChildkeyTake(ctx, a.hotkey, a.netuid, a.take);
    },
  },
  rootSetter(69, 'sudo_set_tx_childkey_take_rate_limit', 'tx_rate_limit', 'u64', TxChildkeyTakeRateLimit, 'TxChildKeyTakeRateLimitSet'),
  rootSetter(76, 'sudo_set_min_childkey_take', 'take', 'u16', MinChildkeyTake, 'MinChildKeyTakeSet'),
  rootSetter(77, 'sudo_set_max_childkey_take', 'take', 'u16', MaxChildkeyTake, 'MaxChildKeyTakeSet'),
  rootSetter(109, 'set_pending_childkey_cooldown', 'cooldown', 'u64', PendingChildKeyCooldown),
];
