import type { SubtensorClient } from '../chain/client.ts';
import { createColdkey, createHotkey, loadColdkey, type WalletRef } from '../chain/wallet/wallet.ts';
import { cryptoReady, keyFromUri, toKeyringPair } from '../chain/wallet/keypair.ts';
import { fixedPassword } from '../chain/wallet/password.ts';
import type { CastMember, Player } from './cast.ts';

const RAO = 1_000_000_000n;
/** what each coldkey gets on top of its stake: the registration burn and fees */
const SPENDING_TAO = 100n;
const HOTKEY_FEES_TAO = 1n;

export interface SetupProgress {
  (step: string): void;
}

/**
 * Creates a wallet per cast member under `walletDir` (fresh mnemonics; coldkeys
 * unencrypted, since the directory is the demo's own temp dir), then, on chain
 * and with real extrinsics: //Alice funds every coldkey (and each hotkey, for fees), each coldkey burns to
 * register its hotkey, and the validators' coldkeys stake on their hotkeys.
 */
export async function setupPlayers(
  client: SubtensorClient,
  options: { walletDir: string; netuid: number; cast: readonly CastMember[]; progress: SetupProgress },
): Promise<Player[]> {
  const { walletDir, netuid, cast, progress } = options;
  await cryptoReady();
  const noPassword = fixedPassword('');
  progress(`creating ${cast.length} wallets`);
  const players: Player[] = [];
  for (const member of cast) {
    const ref: WalletRef = { dir: walletDir, name: member.name, hotkey: 'default' };
    const coldkey = await createColdkey(ref, { words: 12 }, { passwords: noPassword, encrypt: false });
    const hotkey = await createHotkey(ref, { words: 12 });
    players.push({ ...member, coldkey: coldkey.address, hotkey: hotkey.address });
  }

  progress('funding the coldkeys from //Alice');
  const alice = toKeyringPair(keyFromUri('//Alice'));
  const transfers = players.flatMap((p) => [
    client.api.tx.balances.transferKeepAlive(p.coldkey, (BigInt(Math.ceil(p.stake)) + SPENDING_TAO) * RAO),
    // hotkeys sign serve_axon and set_weights: a little for their fees
    client.api.tx.balances.transferKeepAlive(p.hotkey, HOTKEY_FEES_TAO * RAO),
  ]);
  await client.submit(alice, client.api.tx.utility.batchAll(transfers), 'fund the demo coldkeys');
  // The chain admits one registration per block by default; the demo registers seven at once.
  await client.setHyperparameter(alice, { netuid, name: 'max_regs_per_block', value: String(Math.max(8, cast.length)), sudo: true });

  progress(`registering ${players.length} hotkeys on subnet ${netuid}`);
  const coldkeys = await Promise.all(players.map((p) => loadColdkey({ dir: walletDir, name: p.name, hotkey: 'default' }, noPassword)));
  await Promise.all(players.map((p, i) => client.burnedRegister(coldkeys[i], netuid, p.hotkey)));

  const stakers = players.map((p, i) => [p, coldkeys[i]] as const).filter(([p]) => p.stake > 0);
  progress(`staking ${stakers.map(([p]) => `${p.stake} TAO on ${p.name}`).join(', ')}`);
  await Promise.all(stakers.map(([p, coldkey]) => client.addStake(coldkey, { hotkey: p.hotkey, netuid, amount: BigInt(Math.round(p.stake * 1e9)) })));
  return players;
}
