import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Field names that may hold secrets. pino censors them wherever they appear
 * (two levels deep), so a careless `log.info({ wallet })` cannot leak a seed.
 */
export const SECRET_FIELDS = [
  'password',
  'mnemonic',
  'seed',
  'secretKey',
  'secretPhrase',
  'privateKey',
  'secret',
  'salt',
  'suri',
  'validatorSecret',
];

const redactPaths = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

/**
 * Structured JSON logs on stderr (stdout stays free for `--json` output).
 * Level from `SUBNET_LOG_LEVEL` (default `info`).
 */
export function createLogger(name: string, options: { level?: string; destination?: number } = {}): Logger {
  return pino(
    {
      name,
      level: options.level ?? process.env.SUBNET_LOG_LEVEL ?? 'info',
      redact: { paths: redactPaths, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    pino.destination({ dest: options.destination ?? 2, sync: true }),
  );
}
