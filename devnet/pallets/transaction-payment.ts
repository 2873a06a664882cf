import type { AccountId, State } from '../pallet.ts';
import { definePallet, defineStorage } from '../pallet.ts';
import { EXISTENTIAL_DEPOSIT, TotalIssuance } from './balances.ts';
import { Account, type AccountInfo } from './system.ts';

/** 1.0 in FixedU128. */
export const FEE_MULTIPLIER_ONE = 1_000_000_000_000_000_000n;

export const NextFeeMultiplier = defineStorage<[], bigint>('TransactionPayment', {
  name: 'NextFeeMultiplier',
  value: 'FixedU128',
  default: FEE_MULTIPLIER_ONE,
});
export const StorageVersion = defineStorage<[], string>('TransactionPayment', { name: 'StorageVersion', value: 'Releases' });

/**
 * `frame_support::weights::constants::ExtrinsicBaseWeight` (115,480 ns): the base weight of every
 * extrinsic, the same for each class in subtensor's `BlockWeights::with_sensible_defaults`.
 */
export const EXTRINSIC_BASE_WEIGHT = 115_480_000n;

/**
 * The weight the runtime's transaction extensions declare for a signed extrinsic (spec 381:
 * `ExtensionsWeightInfo = frame_system::SubstrateExtensionsWeight`), added to the call's weight in
 * its `DispatchInfo` and so charged: CheckNonZeroSender 527,000; CheckSpecVersion 461,000;
 * CheckTxVersion 439,000; CheckGenesis 4,160,000 + 1 read; CheckEra (mortal) 6,523,000 + 1 read;
 * CheckWeight 4,747,000 + 1 read + 1 write; ChargeTransactionPayment (pallet_transaction_payment's
 * `charge_transaction_payment`) 51,786,000 + 4 reads + 1 write. Subtensor's CheckNonce, Sudo,
 * SubtensorTransactionExtension, DrandPriority and CheckMetadataHash declare zero. A read is
 * 25,000,000, a write 100,000,000 (`RocksDbWeight`).
 */
export const TRANSACTION_EXTENSIONS_WEIGHT =
  527_000n + 461_000n + 439_000n + (4_160_000n + 25_000_000n) + (6_523_000n + 25_000_000n) + (4_747_000n + 125_000_000n) + (51_786_000n + 200_000_000n);

/** `BlockWeights::max_block` ref time (4 s): `weight_to_fee` caps a weight there. */
export const MAX_BLOCK_REF_TIME = 4_000_000_000_000n;

/**
 * subtensor's `LinearWeightToFee`: one polynomial term of degree 1 with coefficient
 * `Perbill::from_parts(500_000)`, i.e. fee = ref_time / 2000, rounded as `Perbill * u64` rounds
 * (to the nearest, a half down).
 */
export function weightToFee(refTime: bigint): bigint {
  const w = refTime < MAX_BLOCK_REF_TIME ? refTime : MAX_BLOCK_REF_TIME;
  const q = w / 2000n;
  return w % 2000n > 1000n ? q + 1n : q;
}

/** `LengthToFee = IdentityFee<Balance>`: one RAO per encoded byte. */
export function lengthToFee(len: number): bigint {
  return BigInt(len);
}

export interface FeeDispatchInfo {
  /** ref time: the call's weight plus, for a signed extrinsic, the extensions' */
  weight: bigint;
  pays: 'Yes' | 'No';
}

/** pallet_transaction_payment's `FeeDetails`: the inclusion fee's parts (none when `Pays::No`) and the tip. */
export interface FeeDetails {
  inclusionFee: { baseFee: bigint; lenFee: bigint; adjustedWeightFee: bigint } | null;
  tip: bigint;
}

/**
 * `compute_fee_details`: base fee (the class's base extrinsic weight as a fee) + length fee +
 * weight fee times the fee multiplier. `FeeMultiplierUpdate` is `ConstFeeMultiplier(1)`, so the
 * multiplier is always one and the adjusted weight fee is the weight fee. `len` is the extrinsic's
 * encoded length, its length prefix included.
 */
export function feeDetails(info: FeeDispatchInfo, len: number, tip: bigint): FeeDetails {
  if (info.pays === 'No') return { inclusionFee: null, tip };
  return { inclusionFee: { baseFee: weightToFee(EXTRINSIC_BASE_WEIGHT), lenFee: lengthToFee(len), adjustedWeightFee: weightToFee(info.weight) }, tip };
}

/** The whole fee (`FeeDetails::final_fee`): inclusion fee plus tip. */
export function finalFee(d: FeeDetails): bigint {
  const i = d.inclusionFee;
  return i ? i.baseFee + i.lenFee + i.adjustedWeightFee + d.tip : d.tip;
}

/** `partial_fee` of `RuntimeDispatchInfo`: the fee without the tip. */
export function partialFee(info: FeeDispatchInfo, len: number): bigint {
  return finalFee(feeDetails(info, len, 0n));
}

/**
 * `can_withdraw_fee`: the signer must keep its existential deposit after paying
 * (`Preservation::Preserve`); otherwise the transaction is invalid (`Payment`).
 */
export function canPayFee(free: bigint, fee: bigint): boolean {
  return fee === 0n || free >= fee + EXISTENTIAL_DEPOSIT;
}

/**
 * ChargeTransactionPayment's `prepare`: takes the fee from the signer's `account` (which the
 * caller stores) and deposits `Balances.Withdraw`; nothing, and no event, for a zero fee.
 */
export function withdrawFee(account: AccountInfo, who: AccountId, fee: bigint, deposit: (pallet: string, event: string, fields: unknown[]) => void): void {
  if (fee === 0n) return;
  account.data.free -= fee;
  deposit('Balances', 'Withdraw', [who, fee]);
}

/**
 * Its `post_dispatch`: refunds what the call did not use (`Balances.Deposit`, deposited even when
 * zero, as the fungible `deposit` does; nothing for an account the call reaped), then deposits
 * `TransactionPayment.TransactionFeePaid` with the fee actually paid. Returns what is left to burn
 * (no block author to pay): the caller lowers `Balances.TotalIssuance` by it.
 */
export function settleFee(
  state: State,
  who: AccountId,
  withdrawn: bigint,
  actualFee: bigint,
  tip: bigint,
  deposit: (pallet: string, event: string, fields: unknown[]) => void,
): bigint {
  let burned = withdrawn;
  // the fee was taken keeping the account alive: it is gone only if the call reaped it
  if (withdrawn > 0n && Account.has(state, who)) {
    const refund = withdrawn > actualFee ? withdrawn - actualFee : 0n;
    if (refund > 0n) Account.mutate(state, who, (a) => ({ ...a, data: { ...a.data, free: a.data.free + refund } }));
    deposit('Balances', 'Deposit', [who, refund]);
    burned -= refund;
  }
  deposit('TransactionPayment', 'TransactionFeePaid', [who, actualFee, tip]);
  return burned;
}

/** Burns the block's fees: `Balances.TotalIssuance` drops by them. */
export function burnFees(state: State, burned: bigint): void {
  if (burned > 0n) TotalIssuance.mutate(state, (t) => t - burned);
}

/**
 * Fees as subtensor's runtime charges them (`ChargeTransactionPaymentWrapper` around
 * pallet_transaction_payment, `OnChargeTransaction = SubtensorTxFeeHandler`): withdrawn from the
 * signer before dispatch (keeping it alive), the part the call did not use refunded after, and the
 * rest handed to the block author; the devnet has no block author (no Aura digest), so it is burned
 * as the handler does then. `TransactionFeePaid` is deposited for every signed extrinsic.
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
