import { isatty } from 'node:tty';
import { writeSync } from 'node:fs';
import { pino, type Logger } from 'pino';
import { formatLogLine } from './log-format.ts';
import { RepeatedMessages, repeatLine } from './log-repeats.ts';

export type { Logger };

/**
 * Field names that may hold secrets. pino censors them wherever they appear
 * (two levels deep), so a careless `log.info({ wallet })` cannot leak a seed.
 */
export const SECRET_FIELDS = ['password', 'mnemonic', 'seed', 'secretKey', 'secretPhrase', 'privateKey', 'secret', 'salt', 'suri', 'validatorSecret'];

const redactPaths = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

/** `json`: one pino record per line; `human`: `core/log-format.ts` lines. */
export type LogFormat = 'json' | 'human';

/** Environment variable that forces a log format (`json` or `human`). */
export const LOG_FORMAT_ENV = 'SUBNET_LOG_FORMAT';

/**
 * JSON unless a person reads the logs: human lines only when the destination
 * is a terminal and neither `--json` (`json: true`) nor SUBNET_LOG_FORMAT=json
 * asks for JSON. Pipes, files and log shippers always get JSON.
 */
export function chooseLogFormat(input: { json?: boolean; isTerminal: boolean; env?: string }): LogFormat {
  if (input.json) return 'json';
  if (input.env === 'json' || input.env === 'human') return input.env;
  return input.isTerminal ? 'human' : 'json';
}

export interface LoggerOptions {
  level?: string;
  /** file descriptor (default 2, stderr) */
  destination?: number;
  /** the command runs with `--json`: logs stay JSON even on a terminal */
  json?: boolean;
  /** overrides the choice of `chooseLogFormat` */
  format?: LogFormat;
  /** messages logged once, then counted (see `core/log-repeats.ts`) */
  repeating?: string[];
  /** called on every occurrence of a repeating message, the first included (a metric) */
  onRepeating?: (msg: string) => void;
  /** how often counted repeats are reported (default 60 s; also at exit) */
  repeatReportMs?: number;
}

const METHOD: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/**
 * Structured logs on stderr (stdout stays free for `--json` output): JSON, or
 * human lines on a terminal. Level from `SUBNET_LOG_LEVEL` (default `info`).
 */
export function createLogger(name: string, options: LoggerOptions = {}): Logger {
  const fd = options.destination ?? 2;
  const format = options.format ?? chooseLogFormat({ json: options.json, isTerminal: isatty(fd), env: process.env[LOG_FORMAT_ENV] });
  const repeats = options.repeating?.length ? new RepeatedMessages(new Set(options.repeating)) : undefined;
  const color = format === 'human' && isatty(fd) && process.env.NO_COLOR === undefined;
  const destination =
    format === 'human' ? { write: (line: string) => void writeSync(fd, `${formatLogLine(line, { color })}\n`) } : pino.destination({ dest: fd, sync: true });
  const log = pino(
    {
      name,
      level: options.level ?? process.env.SUBNET_LOG_LEVEL ?? 'info',
      redact: { paths: redactPaths, censor: '[redacted]' },
      base: { pid: process.pid },
      ...(repeats
        ? {
            hooks: {
              logMethod(args: unknown[], method: (...a: unknown[]) => void, level: number) {
                const msg = [...args].reverse().find((a): a is string => typeof a === 'string');
                if (msg !== undefined && repeats.watches(msg)) {
                  options.onRepeating?.(msg);
                  if (!repeats.admit(msg, level)) return;
                }
                method.apply(this, args);
              },
            },
          }
        : {}),
    },
    destination,
  );
  if (repeats) {
    const report = () => {
      for (const r of repeats.drain()) log[METHOD[r.level] ?? 'info']({ repeated: r.msg, count: r.count }, repeatLine(r));
    };
    const timer = setInterval(report, options.repeatReportMs ?? 60_000);
    timer.unref();
    process.once('exit', () => {
      clearInterval(timer);
      report();
    });
  }
  return log;
}
