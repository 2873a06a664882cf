import { defineStorage, ensureSigned, type CallDef, type DispatchContext } from '../../pallet.ts';
import { NetworksAdded, SubnetOwner } from './storage.ts';

/**
 * A subnet's identity (utils/identity.rs): its name, repository, contact and
 * links, set by the owner with `set_subnet_identity` or at registration with
 * `register_network_with_identity`; `subnets list` shows the name.
 */
export interface SubnetIdentityV3 {
  subnet_name: Uint8Array;
  github_repo: Uint8Array;
  subnet_contact: Uint8Array;
  subnet_url: Uint8Array;
  discord: Uint8Array;
  description: Uint8Array;
  logo_url: Uint8Array;
  additional: Uint8Array;
}

/** Each field's limit in bytes, as `is_valid_subnet_identity` checks them. */
const LIMITS: Record<keyof SubnetIdentityV3, number> = {
  subnet_name: 256,
  github_repo: 1024,
  subnet_contact: 1024,
  subnet_url: 1024,
  discord: 256,
  description: 1024,
  logo_url: 1024,
  additional: 1024,
};
const FIELDS = Object.keys(LIMITS) as (keyof SubnetIdentityV3)[];

export const SubnetIdentitiesV3 = defineStorage<[number], SubnetIdentityV3 | undefined>('SubtensorModule', {
  name: 'SubnetIdentitiesV3',
  keys: [{ hasher: 'Blake2_128Concat', type: 'u16' }],
  value: 'SubnetIdentityV3',
  modifier: 'Optional',
});

function valid(identity: SubnetIdentityV3): boolean {
  return FIELDS.every((f) => identity[f].length <= LIMITS[f]);
}

/** Validates and stores `identity` for `netuid`, with `SubnetIdentitySet`. */
function setIdentity(ctx: DispatchContext, netuid: number, identity: SubnetIdentityV3): void {
  if (!valid(identity)) ctx.fail('InvalidIdentity');
  SubnetIdentitiesV3.set(ctx.state, netuid, identity);
  ctx.deposit('SubnetIdentitySet', [netuid]);
}

const IDENTITY_ARGS = FIELDS.map((name) => ({ name, type: 'Vec<u8>' }));

/**
 * The identity calls. `register_network_with_identity` is `register_network`
 * (given here, so registration stays one implementation) followed by the
 * identity of the subnet it added.
 */
export function identityCalls(registerNetwork: CallDef): CallDef[] {
  return [
    {
      index: 78,
      name: 'set_subnet_identity',
      args: [{ name: 'netuid', type: 'NetUid' }, ...IDENTITY_ARGS],
      dispatch(ctx, a: SubnetIdentityV3 & { netuid: number }) {
        const coldkey = ensureSigned(ctx.origin);
        if (!SubnetOwner.has(ctx.state, a.netuid) || SubnetOwner.get(ctx.state, a.netuid) !== coldkey) ctx.fail('NotSubnetOwner');
        setIdentity(ctx, a.netuid, Object.fromEntries(FIELDS.map((f) => [f, a[f]])) as unknown as SubnetIdentityV3);
      },
    },
    {
      index: 79,
      name: 'register_network_with_identity',
      args: [
        { name: 'hotkey', type: 'AccountId32' },
        { name: 'identity', type: 'Option<SubnetIdentityV3>' },
      ],
      dispatch(ctx, a: { hotkey: string; identity: SubnetIdentityV3 | null }) {
        const before = new Set(
          NetworksAdded.entries(ctx.state)
            .filter(([, added]) => added)
            .map(([[n]]) => n),
        );
        registerNetwork.dispatch(ctx, { hotkey: a.hotkey });
        if (a.identity === null) return;
        const added = NetworksAdded.entries(ctx.state).find(([[n], on]) => on && !before.has(n));
        if (added) setIdentity(ctx, added[0][0], a.identity);
      },
    },
  ];
}
