import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SubnetError } from '../../core/errors.ts';
import { action } from '../action.ts';

interface QueryOptions {
  netuid: string;
  uid: string;
  synapse: string;
  body: string;
  timeout: string;
  scheme: string;
  url?: string;
}

function int(name: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new SubnetError('BAD_OPTION', `${name} must be an integer in ${min}..${max}, got ${JSON.stringify(raw)}`);
  return v;
}

/** JSON for output: typed arrays as number lists, bigints as strings. */
function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number | bigint>, (x) => (typeof x === 'bigint' ? x.toString() : x)) : typeof v === 'bigint' ? v.toString() : v), indent);
}

export function register(program: Command): void {
  program
    .command('query')
    .description("send one signed request to a miner's axon from the metagraph, verify the response signature, print it")
    .requiredOption('--netuid <n>', 'subnet')
    .requiredOption('--uid <uid>', 'the miner to ask')
    .requiredOption('--synapse <name>', 'synapse name, e.g. Embed')
    .option('--body <json>', 'request body as JSON, or @file.json', '{}')
    .option('--timeout <ms>', 'request timeout', '12000')
    .option('--scheme <scheme>', 'session (ed25519 session keys) or sr25519 (every request signed by the hotkey)', 'session')
    .option('--url <ws-url>', "override the axon address from the metagraph (the miner's hotkey is still checked)")
    .addHelpText(
      'after',
      `
Exit status: 0 answered and verified, 1 otherwise (the error code is printed; with --json in the "code" field).

Examples:
  $ subnet query --netuid 1 --uid 3 --synapse Embed --body '{"texts":["hello"]}'
  $ subnet query --netuid 1 --uid 3 --synapse Embed --body @request.json --timeout 2000 --json`,
    )
    .action(
      action<QueryOptions>(async (_args, opts) => {
        const netuid = int('--netuid', opts.netuid, 0, 65535);
        const uid = int('--uid', opts.uid, 0, 65535);
        const timeoutMs = int('--timeout', opts.timeout, 1);
        if (opts.scheme !== 'session' && opts.scheme !== 'sr25519') throw new SubnetError('BAD_OPTION', `--scheme must be session or sr25519, got ${opts.scheme}`);
        let body: unknown;
        const rawBody = opts.body.startsWith('@') ? readFileSync(opts.body.slice(1), 'utf8') : opts.body;
        try {
          body = JSON.parse(rawBody);
        } catch (err) {
          throw new SubnetError('BAD_OPTION', `--body is not valid JSON: ${(err as Error).message}`);
        }
        const [{ SubtensorClient }, { loadHotkey }, { Dendrite }, { verifyProvenance }] = await Promise.all([
          import('../../chain/client.ts'),
          import('../../chain/wallet/wallet.ts'),
          import('../../protocol/dendrite.ts'),
          import('../../protocol/provenance.ts'),
        ]);
        const hotkey = await loadHotkey({ dir: opts.walletDir, name: opts.wallet, hotkey: opts.hotkey });
        const client = await SubtensorClient.connect(opts.chain);
        let metagraph;
        try {
          metagraph = await client.getMetagraph(netuid);
        } finally {
          await client.close();
        }
        if (uid >= metagraph.n) throw new SubnetError('QUERY_NO_SUCH_UID', `netuid ${netuid} has ${metagraph.n} neurons; uid ${uid} does not exist`);
        const axon = metagraph.axons[uid];
        const minerHotkey = metagraph.hotkeys[uid];
        if (!opts.url && (!axon || axon.ip === '0.0.0.0' || axon.port === 0)) {
          throw new SubnetError('QUERY_NOT_SERVING', `uid ${uid} (${minerHotkey}) has not served an axon on netuid ${netuid}`);
        }
        const url = opts.url ?? `ws://${axon.ipType === 6 ? `[${axon.ip}]` : axon.ip}:${axon.port}`;
        const dendrite = new Dendrite({ keypair: hotkey, scheme: opts.scheme, connectTimeoutMs: Math.min(10_000, timeoutMs + 2_000) });
        const started = performance.now();
        try {
          const r = await dendrite.call({ url, hotkey: minerHotkey }, opts.synapse, body, { timeoutMs });
          const verification = verifyProvenance(r.provenance);
          const out = {
            ok: verification.ok,
            netuid,
            uid,
            hotkey: minerHotkey,
            url,
            synapse: opts.synapse,
            status: r.status,
            latencyMs: Math.round(r.latencyMs * 1000) / 1000,
            processMs: r.processMs,
            verified: verification.ok,
            ...(verification.ok ? {} : { verifyError: verification.reason }),
            provenance: r.provenance,
            body: r.body,
          };
          if (opts.json) process.stdout.write(`${toJson(out)}\n`);
          else {
            process.stdout.write(`${opts.synapse} → uid ${uid} (${minerHotkey}) at ${url}\n`);
            process.stdout.write(`status ${r.status}, latency ${out.latencyMs} ms (miner ${r.processMs} ms), signature ${verification.ok ? 'verified' : `NOT verified: ${(verification as { reason: string }).reason}`} (${r.provenance.scheme})\n`);
            process.stdout.write(`${toJson(r.body, 2)}\n`);
          }
          if (!verification.ok) process.exitCode = 1;
        } catch (err) {
          const e = err as SubnetError & { status?: number };
          const latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
          if (opts.json) {
            process.stdout.write(`${toJson({ ok: false, netuid, uid, hotkey: minerHotkey, url, synapse: opts.synapse, code: e.code ?? 'ERROR', status: e.status ?? 0, message: e.message, latencyMs })}\n`);
            process.exitCode = 1;
          } else {
            throw err;
          }
        } finally {
          await dendrite.close();
        }
      }),
    );
}
