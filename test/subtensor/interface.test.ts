import { u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import { adminUtils } from '../../devnet/pallets/admin-utils/index.ts';
import { subtensorModule } from '../../devnet/pallets/subtensor/index.ts';
import {
  ADMIN_UTILS_CALLS,
  ADMIN_UTILS_ERRORS,
  ADMIN_UTILS_EVENTS,
  SUBTENSOR_CALLS,
  SUBTENSOR_ERRORS,
  SUBTENSOR_EVENTS,
  SUBTENSOR_STORAGE,
} from '../../devnet/pallets/subtensor/spec381.ts';
import { PALLETS } from '../../devnet/runtime.ts';
import { buildRuntime } from '../../devnet/runtime/build.ts';

// Each item SubtensorModule and AdminUtils serve is compared with spec 381 (the generated tables in
// spec381.ts, rendered from devnet/interface/spec381.json), which both pallets serve exactly.

// Storage items encode their defaults with the types of the runtime their pallet is built into.
buildRuntime(PALLETS, []);

const norm = (t: string) =>
  t
    .replace(/<T as frame_system::Config>::AccountId/g, 'AccountId32')
    .replace(/T::AccountId/g, 'AccountId32')
    // an alias keeps its Rust name only as a whole field's type: inside a Vec it is the primitive
    .replace(/(Compact|Option)<NetUid>/g, '$1<u16>')
    .replace(/\s+/g, '');

describe('SubtensorModule and AdminUtils match the spec-381 interface', () => {
  it('pallet indices', () => {
    expect(subtensorModule.index).toBe(7);
    expect(adminUtils.index).toBe(19);
  });

  for (const [pallet, spec] of [
    [subtensorModule, SUBTENSOR_CALLS],
    [adminUtils, ADMIN_UTILS_CALLS],
  ] as const) {
    it(`${pallet.name} calls: index, argument names and types`, () => {
      for (const call of pallet.calls ?? []) {
        const real = spec.find((c) => c.name === call.name);
        expect(real, `${pallet.name}.${call.name} exists in spec 381`).toBeDefined();
        expect(call.index, `${call.name} index`).toBe(real!.index);
        expect(call.args.map((a) => [a.name, norm(a.type)])).toEqual(real!.args.map(([n, t]) => [n, norm(t)]));
      }
    });
  }

  it('storage: names, hashers, key and value types, modifiers and defaults', () => {
    for (const item of subtensorModule.storage ?? []) {
      const real = SUBTENSOR_STORAGE.find((s) => s.name === item.def.name);
      expect(real, `storage ${item.def.name} exists in the interface`).toBeDefined();
      expect(
        (item.def.keys ?? []).map((k) => k.hasher),
        `${item.def.name} hashers`,
      ).toEqual(real!.hashers);
      expect(
        (item.def.keys ?? []).map((k) => k.type),
        `${item.def.name} keys`,
      ).toEqual(real!.keys);
      expect(norm(item.def.value), `${item.def.name} value`).toBe(norm(real!.value));
      expect(item.def.modifier ?? 'Default', `${item.def.name} modifier`).toBe(real!.optional ? 'Optional' : 'Default');
      expect(u8aToHex(item.defaultBytes()), `${item.def.name} default`).toBe(real!.default);
    }
  });

  it('events and errors are the whole lists of spec 381, in order', () => {
    expect(subtensorModule.events).toBe(SUBTENSOR_EVENTS);
    expect(subtensorModule.errors).toBe(SUBTENSOR_ERRORS);
    expect(adminUtils.events).toBe(ADMIN_UTILS_EVENTS);
    expect(adminUtils.errors).toBe(ADMIN_UTILS_ERRORS);
    expect(SUBTENSOR_EVENTS.find((e) => e.name === 'TimelockedWeightsCommitted')?.index).toBe(105);
  });

  it('no longer serves the calls spec 381 removed', () => {
    const names = new Set([...(subtensorModule.calls ?? []), ...(adminUtils.calls ?? [])].map((c) => c.name));
    for (const c of ['commit_crv3_weights', 'sudo_set_max_weight_limit', 'sudo_set_network_max_stake']) expect(names.has(c), c).toBe(false);
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
      'bonds_reset_enabled',
      'toggle_transfer',
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
