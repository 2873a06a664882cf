import { u8aToHex } from '@polkadot/util';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import type { AccountId } from './pallet.ts';
import { DispatchFailure } from './pallet.ts';
import { CHAIN } from './spec.ts';

const ACCOUNT_HEX = /^0x[0-9a-f]{64}$/;

/** SS58 (any prefix) or 0x hex → AccountId; throws `DispatchFailure('CannotLookup')` otherwise. */
export function toAccountId(value: unknown): AccountId {
  // decoded AccountId32 values are already lowercase hex (every transfer's destination)
  if (typeof value === 'string' && value.length === 66 && ACCOUNT_HEX.test(value)) return value as AccountId;
  if (typeof value === 'string') {
    try {
      const bytes = decodeAddress(value);
      if (bytes.length === 32) return u8aToHex(bytes) as AccountId;
    } catch {
      // fall through
    }
  }
  if (value instanceof Uint8Array && value.length === 32) return u8aToHex(value) as AccountId;
  throw new DispatchFailure('CannotLookup', `not a 32-byte account: ${String(value).slice(0, 80)}`);
}

/**
 * Resolves a `MultiAddress` JS value (`{ Id: accountId }`)
 * or a plain address, as the runtime's `AccountIdLookup` does.
 */
export function lookupAccount(address: unknown): AccountId {
  if (address && typeof address === 'object' && !(address instanceof Uint8Array)) {
    const o = address as Record<string, unknown>;
    // subtensor's lookup is AccountIdLookup<AccountId, ()>: only `Id` resolves; Index,
    // Raw, Address32 and Address20 fail with CannotLookup, for signers and arguments alike
    if ('Id' in o) return toAccountId(o.Id);
    throw new DispatchFailure('CannotLookup', `unsupported MultiAddress variant ${Object.keys(o)[0]}`);
  }
  return toAccountId(address);
}

/** SS58 with the chain's prefix (42). */
export function toSs58(account: AccountId): string {
  return encodeAddress(account, CHAIN.ss58Format);
}

export interface DevAccount {
  name: string;
  address: string;
  accountId: AccountId;
}

/**
 * Public keys of //Alice..//Ferdie (sr25519, from the well-known dev phrase),
 * fixed so that start-up needs no key derivation; test/devnet/scale.test.ts
 * checks them against @polkadot/keyring.
 */
export const DEV_ACCOUNT_KEYS: [string, AccountId][] = [
  ['Alice', '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d'],
  ['Bob', '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48'],
  ['Charlie', '0x90b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22'],
  ['Dave', '0x306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc20'],
  ['Eve', '0xe659a7a1628cdd93febc04a4e0646ea20e9f5f0ce097d9a05290d4a9e054df4e'],
  ['Ferdie', '0x1cbd2d43530a44705ad088af313e18f80b53ef16b36177cd4b77b846f2a5f07c'],
];

export const DEV_ACCOUNT_NAMES = DEV_ACCOUNT_KEYS.map(([name]) => name);

/** //Alice..//Ferdie (sr25519) with SS58 (prefix 42) addresses. */
export function getDevAccounts(): DevAccount[] {
  return DEV_ACCOUNT_KEYS.map(([name, accountId]) => ({ name, accountId, address: toSs58(accountId) }));
}
