import { SubnetError } from '../../core/errors.ts';

/** Environment variable that supplies the coldkey password to automation. */
export const PASSWORD_ENV = 'SUBNET_COLDKEY_PASSWORD';

/**
 * Reads a line from the terminal without echoing it. Only on a TTY: scripts
 * must use SUBNET_COLDKEY_PASSWORD instead of piping secrets through stdin.
 */
export async function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    throw new SubnetError('WALLET_PASSWORD_REQUIRED', `a coldkey password is needed: run in a terminal or set ${PASSWORD_ENV}`);
  }
  // raw mode (no echo) before the prompt shows: an answer typed right after it must not be echoed
  input.setRawMode(true);
  process.stderr.write(question);
  input.resume();
  input.setEncoding('utf8');
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const done = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new SubnetError('CANCELLED', 'cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}

export interface PasswordSource {
  /** the password to unlock an existing coldkey */
  unlock(what: string): Promise<string>;
  /** a new password (asked twice on a terminal) */
  choose(what: string): Promise<string>;
}

/** Env first (SUBNET_COLDKEY_PASSWORD), then an interactive prompt. */
export function defaultPasswordSource(env: NodeJS.ProcessEnv = process.env): PasswordSource {
  return {
    async unlock(what) {
      const fromEnv = env[PASSWORD_ENV];
      if (fromEnv !== undefined) return fromEnv;
      return promptHidden(`Enter password to unlock ${what}: `);
    },
    async choose(what) {
      const fromEnv = env[PASSWORD_ENV];
      if (fromEnv !== undefined) {
        if (fromEnv.length === 0) throw new SubnetError('WALLET_WEAK_PASSWORD', `${PASSWORD_ENV} is empty; choose a password of at least 6 characters`);
        return fromEnv;
      }
      const first = await promptHidden(`Choose a password for ${what}: `);
      if (first.length < 6) throw new SubnetError('WALLET_WEAK_PASSWORD', 'the password must be at least 6 characters');
      const again = await promptHidden('Retype the password: ');
      if (again !== first) throw new SubnetError('WALLET_PASSWORD_MISMATCH', 'the passwords do not match');
      return first;
    },
  };
}

/** A fixed password (tests, programmatic use). */
export function fixedPassword(password: string): PasswordSource {
  return { unlock: async () => password, choose: async () => password };
}
