import { SubnetError } from '../../core/errors.ts';

/** `sp_runtime::transaction_validity::InvalidTransaction` variants used by the devnet, with Substrate's texts. */
export const INVALID_TRANSACTION = {
  Call: 'Transaction call is not expected',
  Payment: 'Inability to pay some fees (e.g. account balance too low)',
  Future: 'Transaction will be valid in the future',
  Stale: 'Transaction is outdated',
  BadProof: 'Transaction has a bad signature',
  AncientBirthBlock: 'Transaction has an ancient birth block',
  ExhaustsResources: 'Transaction would exhaust the block limits',
  BadMandatory: 'A call was labelled as mandatory, but resulted in an Error.',
  MandatoryValidation: 'Transaction dispatch is mandatory; transactions must not be validated.',
  BadSigner: 'Invalid signing address',
} as const;

export type InvalidKind = keyof typeof INVALID_TRANSACTION;

/**
 * A transaction the pool or the block builder refuses (RPC error 1010). `Custom` carries a
 * pallet's own code (subtensor's `CustomTransactionError`), shown as Substrate shows it.
 */
export class InvalidTransaction extends SubnetError {
  readonly kind: InvalidKind | 'Custom';
  readonly custom: number | undefined;
  constructor(kind: InvalidKind);
  constructor(kind: 'Custom', code: number);
  constructor(kind: InvalidKind | 'Custom', code?: number) {
    super('DEVNET_INVALID_TRANSACTION', kind === 'Custom' ? `Custom error: ${code}` : INVALID_TRANSACTION[kind]);
    this.kind = kind;
    this.custom = code;
  }

  /** `TransactionValidityError::Invalid`'s payload as the runtime API encodes it. */
  get invalid(): InvalidKind | { Custom: number } {
    return this.kind === 'Custom' ? { Custom: this.custom! } : this.kind;
  }
}
