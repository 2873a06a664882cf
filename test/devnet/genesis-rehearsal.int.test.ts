import type { ApiPromise } from '@polkadot/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSubnetError } from '../../core/errors.ts';
import { connectApi, startInProcessDevnet, type InProcessDevnet } from '../helpers/devnet.ts';

// A rehearsal of three live subnets: prices 0.02, 0.05 and 0.3 τ/α, given by reserves or by price and depth.
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const CHARLIE = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y';
const TAO = 1_000_000_000n;

const genesis = {
  subtensorModule: {
    subnet: {
      name: 'apex',
      pool: { tao: '2000', alpha: '100000' },
      stakes: [{ coldkey: '//Bob', alpha: '30000' }],
      taoFlow: 1,
    },
    subnets: [
      {
        name: 'omron',
        owner: '//Bob',
        pool: { tao: '5000', price: '0.05' },
        alphaOut: '40000',
        stakes: [
          { coldkey: '//Alice', hotkey: '//Charlie', tao: '500' },
          { coldkey: '//Bob', alpha: '1234.5' },
        ],
        taoFlow: '2',
      },
      { name: 'deep', pool: { tao: '30000', price: '0.3' }, taoFlow: 5 },
    ],
  },
};

const big = (v: { toString(): string }) => BigInt(v.toString());

describe('a rehearsal genesis with several subnets', () => {
  let devnet: InProcessDevnet;
  let api: ApiPromise;
  beforeAll(async () => {
    devnet = await startInProcessDevnet({ mode: 'manual', genesis });
    api = await connectApi(devnet.url);
  }, 60_000);
  afterAll(async () => {
    await api?.disconnect();
    await devnet?.stop();
  });

  it('creates each pool with the reserves and the price it asks for, initialised as the Swap pallet would', async () => {
    const expected = [
      { netuid: 1, tao: 2000n * TAO, alpha: 100_000n * TAO, price: 20_000_000n },
      { netuid: 2, tao: 5000n * TAO, alpha: 100_000n * TAO, price: 50_000_000n },
      { netuid: 3, tao: 30_000n * TAO, alpha: 100_000n * TAO, price: 300_000_000n },
    ];
    for (const e of expected) {
      const q = api.query.subtensorModule;
      expect(big(await q.subnetTAO(e.netuid))).toBe(e.tao);
      expect(big(await q.subnetAlphaIn(e.netuid))).toBe(e.alpha);
      const price = big(await api.call.swapRuntimeApi.currentAlphaPrice(e.netuid));
      // the sqrt price is found by bisection to 1e-12, so the square may fall a RAO short
      expect(e.price - price).toBeGreaterThanOrEqual(0n);
      expect(e.price - price).toBeLessThanOrEqual(1n);
      expect((await api.query.swap.swapV3Initialized(e.netuid)).toJSON()).toBe(true);
      // the moving price (I96F32) starts at the price, as a subnet that has traded there
      const moving = big(((await q.subnetMovingPrice(e.netuid)).toJSON() as { bits: number | string }).bits);
      expect(moving).toBe((price << 32n) / TAO);
      // the protocol's full-range position holds liquidity sqrt(tao · alpha), all of it active
      const liquidity = big(await api.query.swap.currentLiquidity(e.netuid));
      expect(liquidity * liquidity).toBeLessThanOrEqual(e.tao * e.alpha);
      expect((liquidity + 1n) * (liquidity + 1n)).toBeGreaterThan(e.tao * e.alpha);
      const positions = await api.query.swap.positions.entries(e.netuid);
      expect(positions).toHaveLength(1);
      expect(big((positions[0][1].toJSON() as { liquidity: number | string }).liquidity)).toBe(liquidity);
    }
  });

  it('names the subnets and gives each stake its alpha, with SubnetAlphaOut their sum', async () => {
    const names = await Promise.all([1, 2, 3].map((n) => api.query.subtensorModule.subnetIdentitiesV3(n)));
    expect(names.map((n) => (n.toHuman() as { subnetName: string }).subnetName)).toEqual(['apex', 'omron', 'deep']);
    const q = api.query.subtensorModule;
    expect(big(await q.totalHotkeyAlpha(BOB, 1))).toBe(30_000n * TAO);
    expect(big(await q.subnetAlphaOut(1))).toBe(30_000n * TAO);
    // 500 τ at 0.05 τ/α is 10,000 α; the owner (//Bob) holds the rest of the 40,000 α outstanding
    expect(big(await q.totalHotkeyAlpha(CHARLIE, 2))).toBe(10_000n * TAO);
    expect((await q.owner(CHARLIE)).toString()).toBe(ALICE);
    expect((await q.stakingHotkeys(ALICE)).toJSON() as string[]).toContain(CHARLIE);
    expect(big(await q.totalHotkeyAlpha(BOB, 2))).toBe(30_000n * TAO);
    expect(big(await q.subnetAlphaOut(2))).toBe(40_000n * TAO);
    expect(big(await q.subnetAlphaOut(3))).toBe(0n);
    expect(big(await q.totalStake())).toBe(37_000n * TAO);
  });

  it("shares the next block's emission among the three subnets by their TAO flow", async () => {
    const q = api.query.subtensorModule;
    const netuids = [1, 2, 3];
    const poolTao = () => Promise.all(netuids.map(async (n) => big(await q.subnetTAO(n))));
    const [issuance, before] = [big(await q.totalIssuance()), await poolTao()];
    await devnet.newBlock();
    const [after, poolAfter] = [big(await q.totalIssuance()), await poolTao()];
    // one block emission (1 τ at this issuance), all of it into the pools up to rounding
    const minted = after - issuance;
    expect(minted).toBeGreaterThan(TAO - 10n);
    expect(minted).toBeLessThanOrEqual(TAO);
    // each pool gains its share: injected up to price × its alpha emission, the rest buys alpha
    const gained = poolAfter.map((t, i) => t - before[i]);
    expect(gained.reduce((a, b) => a + b, 0n)).toBe(minted);
    // flows 1 : 2 : 5 (after one EMA step, all decayed alike) share 1/8, 2/8 and 5/8 of the block
    const shares = [125_000_000n, 250_000_000n, 625_000_000n];
    gained.forEach((g, i) => expect(g > shares[i] ? g - shares[i] : shares[i] - g).toBeLessThanOrEqual(10n));
    // the injection proper is capped by the price: 0.3 τ/α × 1 α on the deepest subnet
    expect(big(await q.subnetTaoInEmission(3))).toBeLessThanOrEqual(300_000_000n);
  });
});

describe('a bad rehearsal genesis', () => {
  it('names every bad field on its own line', async () => {
    const err = await startInProcessDevnet({
      mode: 'manual',
      genesis: {
        subtensorModule: {
          subnets: [
            { pool: { tao: '100', alpha: '10', price: '0.1' }, taoFlow: 1e-10 },
            { pool: { tao: 'lots', price: '1' }, stakes: [{ coldkey: '//Bob' }, { coldkey: '//Bob', alpha: -5 }] },
          ],
        },
      },
    }).then(
      async (d) => {
        await d.stop();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(isSubnetError(err, 'DEVNET_GENESIS')).toBe(true);
    const lines = (err as Error).message.split('\n');
    expect(lines[0]).toMatch(/^genesis file .*genesis.*\.json: /);
    expect(lines.find((l) => l.includes('genesis.subtensorModule.subnets.0.pool:'))).toMatch(/either `alpha`.*or `price`/);
    expect(lines.find((l) => l.includes('genesis.subtensorModule.subnets.1.pool.tao:'))).toMatch(/'lots' is not an amount/);
    expect(lines.find((l) => l.includes('genesis.subtensorModule.subnets.1.stakes.0:'))).toMatch(/either `alpha` or `tao`/);
    expect(lines.find((l) => l.includes('genesis.subtensorModule.subnets.0.taoFlow:'))).toMatch(/'1e-10' is not an amount/);
    expect(lines.find((l) => l.includes('genesis.subtensorModule.subnets.1.stakes.1.alpha:'))).toMatch(/must not be negative/);
  });

  it('a subnet given only stakes keeps the new subnet pool (price 1) and holds them as its alpha outstanding', async () => {
    const d = await startInProcessDevnet({ mode: 'manual', genesis: { subtensorModule: { subnet: { stakes: [{ coldkey: '//Bob', tao: '10' }] } } } });
    const api = await connectApi(d.url);
    try {
      const q = api.query.subtensorModule;
      expect(big(await q.subnetTAO(1))).toBe(1000n * TAO);
      expect(big(await q.subnetAlphaOut(1))).toBe(10n * TAO);
      expect(big(await q.totalHotkeyAlpha(BOB, 1))).toBe(10n * TAO);
      expect(big(await api.call.swapRuntimeApi.currentAlphaPrice(1))).toBe(TAO);
    } finally {
      await api.disconnect();
      await d.stop();
    }
  });
});
