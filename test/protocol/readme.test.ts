import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { BodyCodec } from '../../protocol/ws/codec.ts';
import { FrameCodec } from '../../protocol/ws/envelope.ts';
import { signSessionRequest } from '../../protocol/ws/request-signing.ts';
import { sessionKeyFromSeed } from '../../protocol/ws/session-key.ts';
import { certMessage, sha256Hex } from '../../protocol/ws/signed-message.ts';

// The byte-level examples of protocol/README.md, rebuilt from scratch: if the
// format changes, this fails until the README is updated with it.
const REQUEST_FRAME_HEX = `
88a17601a474797065a3726571a2696401a773796e61707365a5456d626564aa
74696d656f75745f6d73cd2ee0a27473cf0000018bcfe5687ba4626f6479c41d
82a474657874a26869a9656d62656464696e67d7010000803f000000c0a46175
746883a6736368656d65a773657373696f6ea56e6f6e636501a3736967c4404a
ea866f69fb5f1870692912e3acd4e5ee0141b55cfbc725b9244fdabc6cc8dc19
ae5898c3f18f2477d8a164507616b12e44526a6c2684894a5dc7a8eeac0704`.replace(/\s/g, '');

describe('protocol/README.md examples', () => {
  it('reproduces the body, certificate message, request hash and request frame bytes', async () => {
    await cryptoWaitReady();
    const kr = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const miner = kr.addFromUri('//Alice');
    const validator = kr.addFromUri('//Bob');
    const conn = new Uint8Array(Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'));
    const { privateKey: sessionKey, raw } = sessionKeyFromSeed(new Uint8Array(32).fill(0x42));
    const pub = Buffer.from(raw);
    expect(pub.toString('hex')).toBe('2152f8d19b791d24453242e15f2eab6cb7cffa7b6a5ed30097960e069881db12');

    const body = new BodyCodec().encode({ text: 'hi', embedding: new Float32Array([1, -2]) });
    expect(Buffer.from(body).toString('hex')).toBe('82a474657874a26869a9656d62656464696e67d7010000803f000000c0');
    expect(sha256Hex(body)).toBe('68a5cc3b972d2a5309df1c0768a52c250ffb5cd0b0c26e6038a8387e2892e4e1');
    expect(
      certMessage({ role: 'dendrite', hotkey: validator.address, peer: miner.address, conn, key: pub, issued: 1700000000000, expires: 1700003600000 }),
    ).toBe(
      'subnetkit.1.cert.dendrite.5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty.5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY.000102030405060708090a0b0c0d0e0f.2152f8d19b791d24453242e15f2eab6cb7cffa7b6a5ed30097960e069881db12.1700000000000.1700003600000',
    );
    const signed = signSessionRequest({
      sessionKey,
      sender: validator.address,
      receiver: miner.address,
      conn,
      nonce: 1,
      id: 1,
      ts: 1700000000123,
      synapse: 'Embed',
      timeoutMs: 12000,
      body,
    });
    expect(signed.requestHash).toBe('dcb3c046bdca70a8dd2202a3603ee0d9a6c6b6cb71b3076a859550c628fca1a6');
    expect(Buffer.from(new FrameCodec(1 << 20).encode(signed.frame)).toString('hex')).toBe(REQUEST_FRAME_HEX);
  });
});
