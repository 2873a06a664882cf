import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { errorReport } from '../../cli/error-report.ts';
import { canSpin } from '../../cli/output.ts';
import { ChainDispatchError } from '../../chain/dispatch-error.ts';
import { SubnetError } from '../../core/errors.ts';
import type { SimulationReport } from '../../simulate/report.ts';
import { formatReportTable } from '../../simulate/table.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function listen(port: number): Promise<Server> {
  const server = createServer();
  servers.push(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('errorReport: what a failed command prints', () => {
  it('a port in use names the address and what to do, with a code', async () => {
    const first = await listen(0);
    const port = (first.address() as AddressInfo).port;
    const err = await listen(port).then(
      () => undefined,
      (e: unknown) => e,
    );
    const line = errorReport(err);
    expect(line).toBe(
      `cannot listen on 127.0.0.1:${port}: the port is already in use; stop what holds it or choose another port (0 picks a free one) [PORT_IN_USE]`,
    );
  });

  it('an unreachable local chain suggests starting a devnet; a remote one does not', () => {
    const err = new SubnetError('CHAIN_UNREACHABLE', 'cannot reach the chain at ws://127.0.0.1:9944 (connect ECONNREFUSED 127.0.0.1:9944)');
    for (const chain of ['local', 'ws://127.0.0.1:9944', 'ws://localhost:9955/']) {
      expect(errorReport(err, { chain })).toContain('[CHAIN_UNREACHABLE] — is a devnet running? Start one with `npx subnet devnet`');
    }
    expect(errorReport(err, { chain: 'finney' })).not.toContain('devnet');
    expect(errorReport(err, { chain: 'finney' })).toBe(`${err.message} [CHAIN_UNREACHABLE] — check the --chain URL and your network`);
  });

  it('chain errors a newcomer meets carry a hint; others print as they are', () => {
    const tooFast = new ChainDispatchError(
      'SubtensorModule',
      'SettingWeightsTooFast',
      'A transactor exceeded the rate limit for setting weights.',
      'set weights on subnet 1',
    );
    expect(errorReport(tooFast)).toMatch(
      /^set weights on subnet 1 failed: SubtensorModule\.SettingWeightsTooFast .*\[CHAIN_DISPATCH\] — .*weights_rate_limit.*retry$/,
    );
    const network = new ChainDispatchError('SubtensorModule', 'NetworkTxRateLimitExceeded', '', 'register network');
    expect(errorReport(network)).toContain('networkRateLimit to 0');
    // the fix that works on a real localnet too, where no genesis of ours applies
    expect(errorReport(network)).toContain('subnet sudo set --param network_rate_limit --value 0 --sudo');
    const other = new ChainDispatchError('Balances', 'InsufficientBalance', '', 'transfer');
    expect(errorReport(other)).toBe('transfer failed: Balances.InsufficientBalance [CHAIN_DISPATCH]');
    expect(errorReport(new Error('plain'))).toBe('plain');
    const wrong = new SubnetError('WALLET_WRONG_PASSWORD', 'wrong password for keyfile /w/coldkey');
    expect(errorReport(wrong)).toBe('wrong password for keyfile /w/coldkey [WALLET_WRONG_PASSWORD]');
    expect(errorReport(wrong, { passwordFromEnv: true })).toContain('[WALLET_WRONG_PASSWORD] — the password came from SUBNET_COLDKEY_PASSWORD');
  });
});

describe('terminal output', () => {
  it('no spinner on a terminal that reports 0 columns (ora would loop forever clearing lines)', () => {
    const saved = { isTTY: process.stderr.isTTY, columns: process.stderr.columns };
    try {
      Object.assign(process.stderr, { isTTY: true, columns: 0 });
      expect(canSpin({})).toBe(false);
      Object.assign(process.stderr, { columns: 80 });
      expect(canSpin({})).toBe(true);
      expect(canSpin({ json: true })).toBe(false);
    } finally {
      Object.assign(process.stderr, saved);
    }
  });

  it('the simulate table carries no colour codes', () => {
    const report: SimulationReport = {
      subnet: 's',
      seed: 'x',
      epochs: 1,
      stepsPerEpoch: 1,
      emissionPerEpochTao: 1,
      behaviours: [
        {
          behaviour: 'honest',
          role: 'miner',
          count: 1,
          uids: [1],
          meanScore: 1,
          meanReward: 1,
          incentiveShare: 1,
          emissionPerEpoch: 0.5,
          emissionPerEpochEach: 0.5,
        },
        { behaviour: 'honest', role: 'validator', count: 1, uids: [0], dividends: 1, validatorTrust: 1, emissionPerEpoch: 0.5, emissionPerEpochEach: 0.5 },
      ],
      uids: [],
      emissionByEpoch: [],
    };
    const text = formatReportTable(report);
    expect(text).toContain('honest');
    expect(text).not.toContain('\u001b[');
  });
});
