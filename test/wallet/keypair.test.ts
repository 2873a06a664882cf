import { beforeAll, describe, expect, it } from 'vitest';
import { u8aToHex } from '@polkadot/util';
import { signatureVerify } from '@polkadot/util-crypto';
import {
  cryptoReady,
  keyFromMnemonic,
  keyFromPrivateKey,
  keyFromSeed,
  keyFromUri,
  ss58Of,
  toCanonicalSecret,
  toExpandedSecret,
  toKeyringPair,
} from '../../chain/wallet/keypair.ts';

// Vectors from opentensor/btwallet tests/test_keyfile.py.
const MNEMONIC = 'old leopard transfer rib spatial phone calm indicate online fire caution review';
const PUBLIC = '0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446';
const PRIVATE = '0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e';
const SEED = '0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143';

beforeAll(async () => {
  await cryptoReady();
});

describe('sr25519 keys, as btwallet derives them', () => {
  it('mnemonic → ss58 (prefix 42), public key, mini secret', () => {
    const key = keyFromMnemonic(MNEMONIC);
    expect(ss58Of(key.publicKey)).toBe('5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX');
    expect(u8aToHex(key.publicKey)).toBe(PUBLIC);
    expect(u8aToHex(key.seed!)).toBe(SEED);
    expect(u8aToHex(toCanonicalSecret(key.secretKey!))).toBe(PRIVATE);
  });

  it('btwallet privateKey (canonical schnorrkel bytes) → the same public key', () => {
    const key = keyFromPrivateKey(PRIVATE);
    expect(u8aToHex(key.publicKey)).toBe(PUBLIC);
    expect(u8aToHex(toExpandedSecret(toCanonicalSecret(key.secretKey!)))).toBe(u8aToHex(key.secretKey!));
  });

  it('secretSeed → the same key', () => {
    expect(u8aToHex(keyFromSeed(SEED).publicKey)).toBe(PUBLIC);
  });

  it.each([
    [`${MNEMONIC}//Alice`, '5FEiH8iuDUw271xbqWTWuB6WrDjv5dnCeDX1CyHubAniXDNN'],
    [`${MNEMONIC}/Alice`, '5GNXbA46ma5dg19GXdiKi5JH3mnkZ8Yea3bBtZAvj7t99P9i'],
    ['//Alice', '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'],
    ['//Bob/test', '5CJGwWiKXSE16WJaxBdPZhWqUYkotgenLUALv7ZvqQ4TXeqf'],
    ['/Bob//test', '5Cwc8tShrshDJUp1P1M21dKUTcYQpV9GcfSa4hUBNmMdV3Cx'],
    ['//PathNameLongerThan32BytesWhichShouldBeHashed', '5GR5pfZeNs1uQiSWVxZaQiZou3wdZiX894eqgvfNfHbEh7W2'],
  ])('URI %s → %s', (uri, address) => {
    expect(ss58Of(keyFromUri(uri).publicKey)).toBe(address);
  });

  it('a 0x URI with a non-hex digit is a bad hex seed, not a bad mnemonic, and the secret is not echoed', () => {
    const uri = `0x${'ab'.repeat(31)}zz//x`;
    let caught: unknown;
    try {
      keyFromUri(uri);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: 'WALLET_BAD_SEED' });
    expect((caught as Error).message).toMatch(/bad hex seed: character 65 is not a hex digit/);
    expect((caught as Error).message).not.toContain('abab');
  });

  it('a 0x URI of the wrong length says how many hex digits it had', () => {
    expect(() => keyFromUri('0x1234//x')).toThrow(/bad hex seed: 4 hex digits after 0x/);
  });

  it('a keyring pair built from the material signs verifiably', () => {
    const pair = toKeyringPair(keyFromPrivateKey(PRIVATE));
    const sig = pair.sign(new TextEncoder().encode('Test1231223123123'));
    expect(signatureVerify('Test1231223123123', sig, pair.address).isValid).toBe(true);
    expect(pair.address).toBe('5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX');
  });

  it('rejects a bad mnemonic without echoing it', () => {
    const bad = 'old leopard transfer rib spatial phone calm indicate online fire caution wrongword';
    expect(() => keyFromMnemonic(bad)).toThrowError(/not a valid BIP39/);
    try {
      keyFromMnemonic(bad);
    } catch (err) {
      expect((err as Error).message).not.toContain('leopard');
    }
  });
});
