/**
 * Human lines for a terminal from pino's JSON records. Pure: one JSON line in,
 * one text line out; redaction has already happened when pino serialised the
 * record, so secrets read `[redacted]` here too.
 *
 *   12:04:05 validator  round 12  block 340  answered 5/6  best uid 3 0.98  1.2 s
 *   12:04:09 WARN validator  weights set failed: ...  retryAt=350 [SETTING_WEIGHTS_TOO_FAST]
 *
 * A record logged with `summary: true` carries a complete one-line message;
 * its other fields are for machines and are left out of the human line.
 */

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: '', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** pino's own fields, shown elsewhere on the line or not at all */
const FRAME = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'code', 'summary']);
/** a stable error code (SCREAMING_SNAKE) or a warning key such as the validator's `no-permit` */
const CODE_RE = /^[A-Za-z][\w.-]*$/;

export interface LogFormatOptions {
  /** ANSI colours for the level */
  color?: boolean;
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) || value === '' ? JSON.stringify(value) : value;
  if (typeof value === 'object' && value !== null) {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  }
  return String(value);
}

function clock(time: unknown): string {
  const d = new Date(typeof time === 'number' ? time : Date.now());
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** One human line (no trailing newline) for one pino JSON line; a line that is not JSON comes back as it was. */
export function formatLogLine(line: string, options: LogFormatOptions = {}): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.replace(/\n$/, '');
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return line.replace(/\n$/, '');
  const level = typeof record.level === 'number' ? record.level : 30;
  const label = LEVELS[level] ?? `L${level}`;
  const painted = options.color && label ? `${level >= 50 ? '\x1b[31m' : level >= 40 ? '\x1b[33m' : '\x1b[2m'}${label}\x1b[0m` : label;
  const parts = [clock(record.time)];
  if (painted) parts.push(painted);
  if (typeof record.name === 'string') parts.push(record.name);
  let text = `${parts.join(' ')}  ${typeof record.msg === 'string' ? record.msg : ''}`.trimEnd();
  if (record.summary !== true) {
    const fields = Object.entries(record)
      .filter(([k, v]) => !FRAME.has(k) && v !== undefined)
      .map(([k, v]) => `${k}=${fieldText(v)}`);
    if (fields.length > 0) text += `  ${fields.join(' ')}`;
  }
  // the stable error code, where the record names one (and the message does not already end with it)
  const code = typeof record.code === 'string' && CODE_RE.test(record.code) ? record.code : undefined;
  if (code && !text.endsWith(`[${code}]`)) text += ` [${code}]`;
  return text;
}
