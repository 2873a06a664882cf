import { describeError, SubnetError } from '../core/errors.ts';

/**
 * The one line a failed command prints: what went wrong (with its code) and,
 * for the failures a newcomer meets first, what to do next. Pure: the CLI action
 * wrapper writes it to stderr.
 */
export function errorReport(err: unknown, opts: ReportContext = {}): string {
  const errno = err as NodeJS.ErrnoException & { address?: string; port?: number };
  if (!(err instanceof SubnetError) && errno instanceof Error && errno.code === 'EADDRINUSE') {
    const where = errno.address !== undefined ? `${errno.address}:${errno.port}` : 'the port';
    return `cannot listen on ${where}: the port is already in use; stop what holds it or choose another port (0 picks a free one) [PORT_IN_USE]`;
  }
  if (!(err instanceof SubnetError) && errno instanceof Error && errno.code === 'EACCES' && errno.syscall === 'listen') {
    return `cannot listen on ${errno.address}:${errno.port}: permission denied (ports below 1024 need privileges); choose a port above 1024 [PORT_DENIED]`;
  }
  const hint = hintFor(err, opts);
  // one line, as scripts and tests expect of a failed command: the hint follows the code
  return hint ? `${describeError(err)} — ${hint}` : describeError(err);
}

export interface ReportContext {
  /** the --chain the command ran against */
  chain?: string;
  /** whether SUBNET_COLDKEY_PASSWORD supplied the password */
  passwordFromEnv?: boolean;
}

const LOCAL = /^(local|wss?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?)$/;

function hintFor(err: unknown, opts: ReportContext): string | undefined {
  if (!(err instanceof SubnetError)) return undefined;
  switch (err.code) {
    case 'CHAIN_UNREACHABLE':
      return opts.chain !== undefined && LOCAL.test(opts.chain)
        ? 'is a devnet running? Start one with `npx subnet devnet` (ws://127.0.0.1:9944), or pass --chain <url>'
        : 'check the --chain URL and your network';
    case 'CHAIN_NO_SUBNET':
      return 'list the subnets with `npx subnet subnets list`; an owner creates one with `npx subnet subnets create`';
    case 'WALLET_WRONG_PASSWORD':
      return opts.passwordFromEnv ? 'the password came from SUBNET_COLDKEY_PASSWORD; fix or unset it to be asked instead' : undefined;
    case 'CHAIN_DISPATCH':
      return dispatchHint(String(err.details?.error ?? ''));
    default:
      return undefined;
  }
}

/** The chain errors a walk through the README runs into, by their metadata name. */
function dispatchHint(error: string): string | undefined {
  switch (error) {
    case 'SettingWeightsTooFast':
      return 'a hotkey may set weights once every `weights_rate_limit` blocks (`npx subnet sudo get --netuid N --param weights_rate_limit`); wait and retry';
    case 'NetworkTxRateLimitExceeded':
      return 'the chain registers one new subnet per NetworkRateLimit blocks (7200 by default); on a real localnet or a devnet, lift it with the sudo key: `npx subnet sudo set --param network_rate_limit --value 0 --sudo --wallet <sudo wallet>`; a devnet can also start with a genesis that sets subtensorModule.networkRateLimit to 0 (README, "Try it on a devnet")';
    case 'HotKeyNotRegisteredInSubNet':
      return 'register the hotkey first: `npx subnet register --netuid N --wallet <name>`';
    case 'NeuronNoValidatorPermit':
      return 'only hotkeys with a validator permit set weights; stake enough to be among the top max_validators (hyperparameter), then wait for the next epoch';
    default:
      return undefined;
  }
}
