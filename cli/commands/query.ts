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
  transport: string;
  hashFields?: string;
  requiredFields?: string;
}

function int(name: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max)
    throw new SubnetError('BAD_OPTION', `${name} must be an integer in ${min}..${max}, got ${JSON.stringify(raw)}`);
  return v;
}

/** JSON for output: typed arrays as number lists, bigints as strings. */
function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    (_k, v) =>
      ArrayBuffer.isView(v) && !(v instanceof DataView)
        ? Array.from(v as unknown as ArrayLike<number | bigint>, (x) => (typeof x === 'bigint' ? x.toString() : x))
        : typeof v === 'bigint'
          ? v.toString()
          : v,
    indent,
  );
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
    .option(
      '--transport <transport>',
      "ws (subnetkit's signed WebSocket protocol), bittensor-http (the Python SDK's HTTP axon: query Python miners) or epistula (Epistula v2 signed HTTP, as SN1 and SN4 miners serve); for both HTTP transports --url is http://ip:port",
      'ws',
    )
    .option('--hash-fields <fields>', "bittensor-http: the synapse class's required_hash_fields, comma-separated, in order")
    .option('--required-fields <fields>', 'bittensor-http: required pydantic fields, sent as bt_header_input_obj_* headers')
    .addHelpText(
      'after',
      `
Exit status: 0 answered and verified, 1 otherwise (the error code is printed; with --json in the "code" field).

Examples:
  $ subnet query --netuid 1 --uid 3 --synapse Embed --body '{"texts":["hello"]}'
  $ subnet query --netuid 1 --uid 3 --synapse Embed --body @request.json --timeout 2000 --json
  $ subnet query --netuid 1 --uid 3 --synapse Dummy --body '{"dummy_input":5}' --transport bittensor-http
  $ subnet query --netuid 1 --uid 3 --synapse Embed --body '{"texts":["hello"]}' --transport epistula`,
    )
    .action(
      action<QueryOptions>(async (_args, opts) => {
        const netuid = int('--netuid', opts.netuid, 0, 65535);
        const uid = int('--uid', opts.uid, 0, 65535);
        const timeoutMs = int('--timeout', opts.timeout, 1);
        if (opts.transport !== 'ws' && opts.transport !== 'bittensor-http' && opts.transport !== 'epistula')
          throw new SubnetError('BAD_OPTION', `--transport must be ws, bittensor-http or epistula, got ${opts.transport}`);
        if (opts.scheme !== 'session' && opts.scheme !== 'sr25519')
          throw new SubnetError('BAD_OPTION', `--scheme must be session or sr25519, got ${opts.scheme}`);
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
          import('../../protocol/ws/dendrite.ts'),
          import('../../protocol/ws/provenance.ts'),
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
        if (opts.transport === 'bittensor-http') {
          await queryBittensorHttp({ opts, hotkey, netuid, uid, minerHotkey, axon: opts.url ? undefined : axon, body, timeoutMs });
          return;
        }
        if (opts.transport === 'epistula') {
          await queryEpistula({ opts, hotkey, netuid, uid, minerHotkey, axon: opts.url ? undefined : axon, body, timeoutMs });
          return;
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
            process.stdout.write(
              `status ${r.status}, latency ${out.latencyMs} ms (miner ${r.processMs} ms), signature ${verification.ok ? 'verified' : `NOT verified: ${(verification as { reason: string }).reason}`} (${r.provenance.scheme})\n`,
            );
            process.stdout.write(`${toJson(r.body, 2)}\n`);
          }
          if (!verification.ok) process.exitCode = 1;
        } catch (err) {
          const e = err as SubnetError & { status?: number };
          const latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
          if (opts.json) {
            process.stdout.write(
              `${toJson({ ok: false, netuid, uid, hotkey: minerHotkey, url, synapse: opts.synapse, code: e.code ?? 'ERROR', status: e.status ?? 0, message: e.message, latencyMs })}\n`,
            );
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

interface HttpQuery {
  opts: QueryOptions & { json?: boolean };
  hotkey: import('@polkadot/keyring/types').KeyringPair;
  netuid: number;
  uid: number;
  minerHotkey: string;
  axon?: { ip: string; port: number };
  body: unknown;
  timeoutMs: number;
}

/** The miner's HTTP address: `--url http://ip:port`, else its metagraph axon. */
function httpTarget(opts: QueryOptions, axon?: { ip: string; port: number }): { ip: string; port: number } {
  if (!opts.url) return axon!;
  let u: URL;
  try {
    u = new URL(opts.url);
  } catch {
    throw new SubnetError('BAD_OPTION', `--url must be http://ip:port for --transport ${opts.transport}, got ${opts.url}`);
  }
  if (u.protocol !== 'http:' || !u.port) throw new SubnetError('BAD_OPTION', `--url must be http://ip:port for --transport ${opts.transport}, got ${opts.url}`);
  return { ip: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) };
}

/** `--transport epistula`: one Epistula v2 signed request (protocol/epistula). */
async function queryEpistula(q: HttpQuery): Promise<void> {
  const { callEpistula } = await import('../../protocol/epistula/epistula-dendrite.ts');
  const target = httpTarget(q.opts, q.axon);
  const base = `http://${target.ip.includes(':') ? `[${target.ip}]` : target.ip}:${target.port}`;
  const r = await callEpistula({ baseUrl: base, receiver: q.minerHotkey, synapse: q.opts.synapse, body: q.body, signer: q.hotkey, timeoutMs: q.timeoutMs });
  const ok = r.status === 200 && r.incomplete !== true;
  const out = {
    ok,
    transport: 'epistula',
    netuid: q.netuid,
    uid: q.uid,
    hotkey: q.minerHotkey,
    url: `${base}/${q.opts.synapse}`,
    synapse: q.opts.synapse,
    status: r.status,
    ...(r.code ? { code: r.code } : {}),
    ...(r.message !== undefined ? { message: r.message } : {}),
    latencyMs: Math.round(r.latencyMs * 1000) / 1000,
    ...(r.processMs !== undefined ? { processMs: r.processMs } : {}),
    ...(r.incomplete ? { incomplete: true } : {}),
    body: r.body,
  };
  if (q.opts.json) process.stdout.write(`${toJson(out)}\n`);
  else {
    process.stdout.write(`${q.opts.synapse} → uid ${q.uid} (${q.minerHotkey}) at ${out.url} (epistula; the answer is not signed)\n`);
    process.stdout.write(
      `status ${r.status}${r.message ? ` ${r.message}` : ''}, latency ${out.latencyMs} ms${r.incomplete ? ', stream cut before its end' : ''}\n`,
    );
    if (r.body !== undefined) process.stdout.write(`${toJson(r.body, 2)}\n`);
  }
  if (!ok) process.exitCode = 1;
}

/** `--transport bittensor-http`: one call as the Python SDK's dendrite makes it (protocol/bittensor-http). */
async function queryBittensorHttp(q: HttpQuery): Promise<void> {
  const { callHttpAxon, HttpDendriteSigner } = await import('../../protocol/bittensor-http/http-dendrite.ts');
  const target = httpTarget(q.opts, q.axon);
  if (typeof q.body !== 'object' || q.body === null || Array.isArray(q.body))
    throw new SubnetError('BAD_OPTION', '--body must be a JSON object of synapse fields for --transport bittensor-http');
  const list = (raw?: string) =>
    (raw ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== '');
  const r = await callHttpAxon({
    axon: { ip: target.ip, port: target.port, hotkey: q.minerHotkey },
    synapseName: q.opts.synapse,
    body: q.body as Record<string, unknown>,
    requiredHashFields: list(q.opts.hashFields),
    requiredFields: list(q.opts.requiredFields),
    timeoutMs: q.timeoutMs,
    signer: new HttpDendriteSigner(q.hotkey),
  });
  const ok = r.status === 200 && r.axonSignatureValid !== false;
  const out = {
    ok,
    transport: 'bittensor-http',
    netuid: q.netuid,
    uid: q.uid,
    hotkey: q.minerHotkey,
    url: `http://${target.ip.includes(':') ? `[${target.ip}]` : target.ip}:${target.port}/${q.opts.synapse}`,
    synapse: q.opts.synapse,
    status: r.status,
    statusMessage: r.statusMessage,
    latencyMs: Math.round(r.processTime * 1e6) / 1000,
    ...(r.axonSignatureValid === undefined ? {} : { axonSignatureValid: r.axonSignatureValid }),
    body: r.synapse,
  };
  if (q.opts.json) process.stdout.write(`${toJson(out)}\n`);
  else {
    process.stdout.write(`${q.opts.synapse} → uid ${q.uid} (${q.minerHotkey}) at ${out.url} (bittensor-http)\n`);
    process.stdout.write(
      `status ${r.status} ${r.statusMessage}, latency ${out.latencyMs} ms${r.axonSignatureValid === undefined ? '' : `, axon signature ${r.axonSignatureValid ? 'verified' : 'NOT verified'}`}\n`,
    );
    process.stdout.write(`${toJson(r.synapse, 2)}\n`);
  }
  if (!ok) process.exitCode = 1;
}
