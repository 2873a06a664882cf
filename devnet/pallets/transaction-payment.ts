import { definePallet, defineStorage } from '../pallet.ts';

/** 1.0 in FixedU128. */
export const FEE_MULTIPLIER_ONE = 1_000_000_000_000_000_000n;

export const NextFeeMultiplier = defineStorage<[], bigint>('TransactionPayment', {
  name: 'NextFeeMultiplier',
  value: 'FixedU128',
  default: FEE_MULTIPLIER_ONE,
});
export const StorageVersion = defineStorage<[], string>('TransactionPayment', { name: 'StorageVersion', value: 'Releases' });

/**
 * Fees on the devnet are zero (payment_queryInfo still answers with weights),
 * so balances move only by what transactions transfer. `TransactionFeePaid` is
 * deposited for every signed extrinsic, as on the real chain.
 */
export const transactionPayment = definePallet({
  name: 'TransactionPayment',
  index: 6,
  types: {
    FixedU128: { path: ['sp_arithmetic', 'fixed_point', 'FixedU128'], newtype: 'u128' },
    Releases: {
      path: ['pallet_transaction_payment', 'Releases'],
      enum: [
        { name: 'V1Ancient', index: 0 },
        { name: 'V2', index: 1 },
      ],
    },
    RuntimeDispatchInfo: {
      path: ['pallet_transaction_payment', 'types', 'RuntimeDispatchInfo'],
      params: [
        { name: 'Balance', type: 'u64' },
        { name: 'Weight', type: 'Weight' },
      ],
      struct: { weight: 'Weight', class: 'DispatchClass', partial_fee: 'u64' },
    },
    InclusionFee: {
      path: ['pallet_transaction_payment', 'types', 'InclusionFee'],
      params: [{ name: 'Balance', type: 'u64' }],
      struct: { base_fee: 'u64', len_fee: 'u64', adjusted_weight_fee: 'u64' },
    },
    FeeDetails: {
      path: ['pallet_transaction_payment', 'types', 'FeeDetails'],
      params: [{ name: 'Balance', type: 'u64' }],
      struct: { inclusion_fee: 'Option<InclusionFee>', tip: 'u64' },
    },
  },
  storage: [NextFeeMultiplier, StorageVersion],
  events: [
    {
      index: 0,
      name: 'TransactionFeePaid',
      fields: [
        { name: 'who', type: 'AccountId32' },
        { name: 'actual_fee', type: 'u64' },
        { name: 'tip', type: 'u64' },
      ],
      docs: ['A transaction fee `actual_fee`, of which `tip` was added to the minimum inclusion fee, has been paid by `who`.'],
    },
  ],
  constants: [{ name: 'OperationalFeeMultiplier', type: 'u8', value: 5, docs: [' A fee multiplier for `Operational` extrinsics.'] }],
  genesis: {
    key: 'transactionPayment',
    build(ctx) {
      StorageVersion.set(ctx.state, 'V2');
      NextFeeMultiplier.set(ctx.state, FEE_MULTIPLIER_ONE);
    },
  },
});
