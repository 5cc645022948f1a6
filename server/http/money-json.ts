import type { IncomingMessage } from 'node:http';
import { validationFailed, type ErrorDetail } from '../errors.js';

/**
 * The money-body guard (decision 0025). JSON.parse turns `1e6` into 1000000 and `1000.0` into
 * 1000, so a schema cannot tell them from integers: here the number's SOURCE text is read from the
 * raw body that express.json keeps (`keepRawJson`, its `verify` hook). Every number under a key
 * ending in `Vnd` must be written as a plain integer (`1500000`): exponent, decimal point and `-0`
 * forms are refused with 400 VALIDATION.FAILED, the field's path and detail code `money_form`.
 * Zero, negatives, non-integers and the cap are the schema's (`vnd`) and the handler's.
 */
const RAW = Symbol('rawJson');
type WithRaw = IncomingMessage & { [RAW]?: string };

/** express.json's `verify`: keeps the body's text for the guard (bodies are small: BODY_LIMIT_KB). */
export function keepRawJson(req: IncomingMessage, _res: unknown, buf: Buffer): void {
  (req as WithRaw)[RAW] = buf.toString('utf8');
}

const INTEGER_FORM = /^-?(0|[1-9]\d*)$/;

/** Throws 400 listing every money number not written as a plain integer; nothing to check without a JSON body. */
export function assertMoneyForms(req: IncomingMessage, prefix = 'body'): void {
  const raw = (req as WithRaw)[RAW];
  if (!raw) return;
  const bad: ErrorDetail[] = moneyNumbers(raw)
    .filter((n) => !INTEGER_FORM.test(n.source) || n.source === '-0')
    .map((n) => ({ path: [prefix, ...n.path].join('.'), message: `write the amount as a whole number of đồng (${n.source} is not)`, code: 'money_form', params: { source: n.source } }));
  if (bad.length > 0) throw validationFailed(bad);
}

export interface NumberToken {
  path: (string | number)[];
  source: string;
}

/** The source text of every number in a JSON text whose key ends in `Vnd`, with its path. The text is valid JSON (express parsed it). */
export function moneyNumbers(text: string): NumberToken[] {
  return numberTokens(text).filter((n) => {
    const key = [...n.path].reverse().find((p) => typeof p === 'string');
    return typeof key === 'string' && key.endsWith('Vnd');
  });
}

/** Walks valid JSON once, keeping a path stack: objects push their keys, arrays their indexes. */
export function numberTokens(text: string): NumberToken[] {
  const out: NumberToken[] = [];
  const stack: { kind: 'object' | 'array'; key: string | number | null }[] = [];
  let i = 0;
  const path = (): (string | number)[] => stack.flatMap((s) => (s.key === null ? [] : [s.key]));
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') {
      const end = stringEnd(text, i);
      const top = stack.at(-1);
      // A string right after `{` or `,` inside an object is a key (the value follows a colon).
      if (top?.kind === 'object' && top.key === null) top.key = JSON.parse(text.slice(i, end + 1)) as string;
      i = end + 1;
    } else if (c === '{' || c === '[') {
      stack.push({ kind: c === '{' ? 'object' : 'array', key: c === '[' ? 0 : null });
      i += 1;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i += 1;
    } else if (c === ',') {
      const top = stack.at(-1);
      if (top) top.key = top.kind === 'array' ? (top.key as number) + 1 : null;
      i += 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64)) as RegExpExecArray;
      out.push({ path: path(), source: m[0] });
      i += m[0].length;
    } else {
      i += 1;
    }
  }
  return out;
}

function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}
