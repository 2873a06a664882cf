import { u8aToHex } from '@polkadot/util';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { Keyring } from '@polkadot/keyring';
import type { AccountId } from './pallet.ts';
import { DispatchFailure } from './pallet.ts';
import { CHAIN } from './spec.ts';

/** SS58 (any prefix) or 0x hex → AccountId; throws `DispatchFailure('CannotLookup')` otherwise. */
export function toAccountId(value: unknown): AccountId {
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
 * Resolves a `MultiAddress` JS value (`{ Id: accountId }`, `{ Address32: bytes }`)
 * or a plain address, as the runtime's `AccountIdLookup` does.
 */
export function lookupAccount(address: unknown): AccountId {
  if (address && typeof address === 'object' && !(address instanceof Uint8Array)) {
    const o = address as Record<string, unknown>;
    if ('Id' in o) return toAccountId(o.Id);
    if ('Address32' in o) return toAccountId(o.Address32);
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

export const DEV_ACCOUNT_NAMES = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'];

let devAccounts: DevAccount[] | undefined;

/** //Alice..//Ferdie (sr25519). Needs `cryptoWaitReady()` first. */
export function getDevAccounts(): DevAccount[] {
  if (devAccounts) return devAccounts;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: CHAIN.ss58Format });
  devAccounts = DEV_ACCOUNT_NAMES.map((name) => {
    const pair = keyring.addFromUri(`//${name}`);
    return { name, address: pair.address, accountId: u8aToHex(pair.publicKey) as AccountId };
  });
  return devAccounts;
}
