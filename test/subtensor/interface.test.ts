import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import type { RuntimeInterface } from '../../devnet/interface/from-metadata.ts';
import { adminUtils } from '../../devnet/pallets/admin-utils/index.ts';
import { subtensorModule } from '../../devnet/pallets/subtensor/index.ts';
import { ADMIN_UTILS_CALLS, SUBTENSOR_CALLS, SUBTENSOR_ERRORS, SUBTENSOR_EVENTS, SUBTENSOR_STORAGE } from '../../devnet/pallets/subtensor/spec293.ts';
import { SUBTENSOR_TYPES } from '../../devnet/pallets/subtensor/types.ts';
import { PALLETS } from '../../devnet/runtime.ts';
import { buildRuntime } from '../../devnet/runtime/build.ts';
import { REPO_ROOT } from '../helpers/cli-process.ts';

// Each item the devnet serves is compared with the newest recorded runtime that has it in the form
// the devnet serves: spec 293 (the tables in spec293.ts) for everything that runtime has, and
// spec 381 (devnet/interface/spec381.json) for what spec 293 lacks (commit-reveal v4, the coinbase of 381).
const spec381 = JSON.parse(readFileSync(join(REPO_ROOT, 'devnet', 'interface', 'spec381.json'), 'utf8')) as RuntimeInterface;
const subtensor381 = spec381.pallets.SubtensorModule;
// storage served as spec 381 has it: commit-reveal on by default (spec 293 had it off)
const SERVED_AS_381 = ['CommitRevealWeightsEnabled'];
const callsOf = (pallet: 'SubtensorModule' | 'AdminUtils') =>
  spec381.pallets[pallet].calls.map((c) => ({ index: c.index, name: c.name, args: c.fields.map((f) => [f.name ?? '', f.type] as [string, string]) }));
const calls381 = callsOf('SubtensorModule');
const storage381 = subtensor381.storage.map((s) => ({
  name: s.name,
  hashers: s.hashers,
  keys: s.keys,
  value: s.value,
  optional: s.modifier === 'Optional',
  default: s.default,
}));

// Storage items encode their defaults with the types of the runtime their pallet is built into.
buildRuntime(PALLETS, []);

const norm = (t: string) =>
  t
    .replace(/<T as frame_system::Config>::AccountId/g, 'AccountId32')
    .replace(/T::AccountId/g, 'AccountId32')
    .replace(/\s+/g, '');

function structOf(typeName: string): string {
  const def = SUBTENSOR_TYPES[typeName] as { struct?: Record<string, string> } | undefined;
  if (!def?.struct) return typeName;
  const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return JSON.stringify(Object.fromEntries(Object.entries(def.struct).map(([k, v]) => [camel(k), v])));
}

describe('SubtensorModule and AdminUtils match the spec-293 interface', () => {
  it('pallet indices', () => {
    expect(subtensorModule.index).toBe(7);
    expect(adminUtils.index).toBe(19);
  });

  for (const [pallet, spec, newer] of [
    [subtensorModule, SUBTENSOR_CALLS, calls381],
    [adminUtils, ADMIN_UTILS_CALLS, callsOf('AdminUtils')],
  ] as const) {
    it(`${pallet.name} calls: index, argument names and types`, () => {
      for (const call of pallet.calls ?? []) {
        const real = spec.find((c) => c.name === call.name) ?? newer.find((c) => c.name === call.name);
        expect(real, `${pallet.name}.${call.name} exists in the interface`).toBeDefined();
        expect(call.index, `${call.name} index`).toBe(real!.index);
        expect(call.args.map((a) => [a.name, norm(a.type)])).toEqual(real!.args.map(([n, t]) => [n, norm(t)]));
      }
    });
  }

  it('storage: names, hashers, key and value types, modifiers and defaults', () => {
    for (const item of subtensorModule.storage ?? []) {
      const real = SERVED_AS_381.includes(item.def.name)
        ? storage381.find((s) => s.name === item.def.name)
        : (SUBTENSOR_STORAGE.find((s) => s.name === item.def.name) ?? storage381.find((s) => s.name === item.def.name));
      expect(real, `storage ${item.def.name} exists in the interface`).toBeDefined();
      expect(
        (item.def.keys ?? []).map((k) => k.hasher),
        `${item.def.name} hashers`,
      ).toEqual(real!.hashers);
      expect(
        (item.def.keys ?? []).map((k) => k.type),
        `${item.def.name} keys`,
      ).toEqual(real!.keys);
      // spec 293's table spells fixed-point structs out; spec 381's names them (U64F64, I96F32)
      const served = storage381.includes(real as (typeof storage381)[number]) ? item.def.value : structOf(item.def.value);
      expect(norm(served), `${item.def.name} value`).toBe(norm(real!.value));
      expect(item.def.modifier ?? 'Default', `${item.def.name} modifier`).toBe(real!.optional ? 'Optional' : 'Default');
      expect(u8aToHex(item.defaultBytes()), `${item.def.name} default`).toBe(real!.default);
    }
  });

  it('events and errors spec 293 lacks are those of spec 381 (index, name, field types)', () => {
    const events293 = new Set(SUBTENSOR_EVENTS.map((e) => e.name));
    const newer = (subtensorModule.events ?? []).filter((e) => !events293.has(e.name));
    expect(newer.map((e) => e.name)).toEqual(['TimelockedWeightsCommitted', 'TimelockedWeightsRevealed']);
    for (const e of newer) {
      const real = subtensor381.events.find((x) => x.name === e.name)!;
      expect(e.index, e.name).toBe(real.index);
      expect(
        e.fields.map((f) => f.type),
        e.name,
      ).toEqual(real.fields.map((f) => f.type));
    }
    const errors293 = new Set(SUBTENSOR_ERRORS.map((e) => e.name));
    for (const e of (subtensorModule.errors ?? []).filter((x) => !errors293.has(x.name))) {
      expect(e.index, e.name).toBe(subtensor381.errors.find((x) => x.name === e.name)?.index);
    }
  });

  it('implements the participant calls (subnets, registration, serving, staking, weights, commit-reveal v2) and the AdminUtils setters', () => {
    const names = new Set((subtensorModule.calls ?? []).map((c) => c.name));
    for (const c of [
      'register_network',
      'start_call',
      'burned_register',
      'register',
      'serve_axon',
      'serve_prometheus',
      'set_weights',
      'commit_weights',
      'reveal_weights',
      'batch_set_weights',
      'batch_commit_weights',
      'batch_reveal_weights',
      'add_stake',
      'remove_stake',
      'increase_take',
      'decrease_take',
      'commit_timelocked_weights',
    ]) {
      expect(names.has(c), c).toBe(true);
    }
    const admin = new Set((adminUtils.calls ?? []).map((c) => c.name));
    for (const p of [
      'tempo',
      'kappa',
      'immunity_period',
      'min_allowed_weights',
      'max_weight_limit',
      'max_allowed_uids',
      'max_allowed_validators',
      'weights_set_rate_limit',
      'weights_version_key',
      'activity_cutoff',
      'serving_rate_limit',
      'min_burn',
      'max_burn',
      'bonds_moving_average',
      'bonds_penalty',
      'commit_reveal_weights_enabled',
      'commit_reveal_weights_interval',
      'liquid_alpha_enabled',
      'alpha_values',
      'yuma3_enabled',
      'network_rate_limit',
      'target_registrations_per_interval',
      'network_registration_allowed',
      'stake_threshold',
    ]) {
      expect(admin.has(`sudo_set_${p}`), p).toBe(true);
    }
  });
});

describe('subtensorModule genesis section', () => {
  const ctx = { state: { get: () => undefined, keys: () => [], set() {}, delete() {} }, devAccounts: [] };
  it('rejects bad values and unknown keys with the field named', () => {
    expect(() => subtensorModule.genesis!.build(ctx, { subnet: { tempo: -1 } })).toThrow(/genesis\.subtensorModule\.subnet\.tempo/);
    expect(() => subtensorModule.genesis!.build(ctx, { allowLoopbackAxon: true })).toThrow(/genesis\.subtensorModule: .*allowLoopbackAxon/);
    expect(() => subtensorModule.genesis!.build(ctx, { subnet: { alphaValues: [1, 2, 3] } })).toThrow(/alphaValues/);
  });
});
