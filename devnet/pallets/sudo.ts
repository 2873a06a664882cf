import { SubnetError } from '../../core/errors.ts';
import { lookupAccount } from '../account.ts';
import type { AccountId, DispatchContext, DispatchResult, PostDispatchInfo, RuntimeCall } from '../pallet.ts';
import { definePallet, defineStorage, ensureSigned } from '../pallet.ts';

export const Key = defineStorage<[], AccountId | undefined>('Sudo', {
  name: 'Key',
  value: 'AccountId32',
  modifier: 'Optional',
  docs: [' The `AccountId` of the sudo key.'],
});

function ensureSudo(ctx: DispatchContext): AccountId {
  const who = ensureSigned(ctx.origin);
  if (Key.get(ctx.state) !== who) ctx.fail('RequireSudo');
  return who;
}

const resultValue = (r: DispatchResult) => (r.ok ? { Ok: null } : { Err: r.error });

/** pallet_sudo's calls return `Ok(Pays::No.into())` once the sudo key is authenticated: the key pays no fee. */
const FEELESS: PostDispatchInfo = { pays: 'No' };

export const sudo = definePallet({
  name: 'Sudo',
  index: 12,
  calls: [
    {
      index: 0,
      name: 'sudo',
      args: [{ name: 'call', type: 'Box<Call>' }],
      class: 'Operational',
      docs: ['Authenticates the sudo key and dispatches a function call with `Root` origin.'],
      dispatch(ctx, { call }: { call: RuntimeCall }) {
        ensureSudo(ctx);
        ctx.deposit('Sudid', [resultValue(ctx.dispatch(call, { kind: 'root' }))]);
        return FEELESS;
      },
    },
    {
      index: 1,
      name: 'sudo_unchecked_weight',
      args: [
        { name: 'call', type: 'Box<Call>' },
        { name: 'weight', type: 'Weight' },
      ],
      class: 'Operational',
      docs: ['Authenticates the sudo key and dispatches a function call with `Root` origin, ignoring its weight.'],
      dispatch(ctx, { call }: { call: RuntimeCall }) {
        ensureSudo(ctx);
        ctx.deposit('Sudid', [resultValue(ctx.dispatch(call, { kind: 'root' }))]);
        return FEELESS;
      },
    },
    {
      index: 2,
      name: 'set_key',
      args: [{ name: 'new', type: 'MultiAddress' }],
      class: 'Operational',
      docs: ['Authenticates the current sudo key and sets the given AccountId (`new`) as the new sudo key.'],
      dispatch(ctx, { new: next }: { new: unknown }) {
        const old = ctx.origin.kind === 'root' ? Key.get(ctx.state) : ensureSudo(ctx);
        const account = lookupAccount(next);
        Key.set(ctx.state, account);
        ctx.deposit('KeyChanged', [old ?? null, account]);
        return FEELESS;
      },
    },
    {
      index: 3,
      name: 'sudo_as',
      args: [
        { name: 'who', type: 'MultiAddress' },
        { name: 'call', type: 'Box<Call>' },
      ],
      class: 'Operational',
      docs: ['Authenticates the sudo key and dispatches a function call with `Signed` origin from a given account.'],
      dispatch(ctx, { who, call }: { who: unknown; call: RuntimeCall }) {
        ensureSudo(ctx);
        const r = ctx.dispatch(call, { kind: 'signed', who: lookupAccount(who) });
        ctx.deposit('SudoAsDone', [resultValue(r)]);
        return FEELESS;
      },
    },
    {
      index: 4,
      name: 'remove_key',
      args: [],
      class: 'Operational',
      docs: ['Permanently removes the sudo key.'],
      dispatch(ctx) {
        ensureSudo(ctx);
        Key.remove(ctx.state);
        ctx.deposit('KeyRemoved', []);
        return FEELESS;
      },
    },
  ],
  storage: [Key],
  events: [
    { index: 0, name: 'Sudid', fields: [{ name: 'sudo_result', type: 'DispatchResult' }], docs: ['A sudo call just took place.'] },
    {
      index: 1,
      name: 'KeyChanged',
      fields: [
        { name: 'old', type: 'Option<AccountId32>' },
        { name: 'new', type: 'AccountId32' },
      ],
      docs: ['The sudo key has been updated.'],
    },
    { index: 2, name: 'KeyRemoved', fields: [], docs: ['The key was permanently removed.'] },
    { index: 3, name: 'SudoAsDone', fields: [{ name: 'sudo_result', type: 'DispatchResult' }], docs: ['A sudo_as call just took place.'] },
  ],
  errors: [{ index: 0, name: 'RequireSudo', docs: ['Sender must be the Sudo account.'] }],
  genesis: {
    key: 'sudo',
    build(ctx, config) {
      if (config === null) return;
      const key = config ?? ctx.devAccounts[0].address;
      if (typeof key !== 'string') throw new SubnetError('DEVNET_GENESIS', 'genesis.sudo must be an SS58 address, hex account id or null');
      Key.set(ctx.state, lookupAccount(key));
    },
  },
});
