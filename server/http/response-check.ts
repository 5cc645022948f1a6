import type { z } from 'zod';
import type { RouteDef } from './route.js';

/**
 * In tests (config `checkResponses`), every answer is held to the route's documented `response`
 * schema, the one the OpenAPI document and the client's types are built from
 * (docs/decisions/0017-one-api-contract.md):
 *  - a field missing, or of another type, fails the schema's parse;
 *  - a field LEAKED (sent but not in the schema, which zod would strip without a word) shows up
 *    when what is sent is compared with what the schema keeps.
 * Either is a 500 whose log line names the route and the field's path (never its value: it may be
 * patient data), so the test that made the request fails. Off in production: the parse is work,
 * and a user should not pay for the server's own contract mistake with a failed request.
 */
export class ResponseContractError extends Error {
  constructor(
    readonly route: string,
    readonly problems: string[],
  ) {
    super(`The answer of ${route} does not match its documented response schema: ${problems.join('; ')}`);
    this.name = 'ResponseContractError';
  }
}

/** The route with its handler's result checked against its response schema before it is sent. */
export function withResponseCheck(def: RouteDef): RouteDef {
  const route = `${def.method.toUpperCase()} ${def.path}`;
  return {
    ...def,
    handler: async (input, ctx) => {
      const result = await def.handler(input, ctx);
      // A file the handler streamed itself (a download chosen by `format`): the schema is of the JSON answer.
      if (result === undefined && def.media?.response) return result;
      const problems = responseProblems(def, result);
      if (problems.length > 0) {
        ctx.log.error({ route, problems }, `response contract broken: ${route}: ${problems.join('; ')}`);
        throw new ResponseContractError(route, problems);
      }
      return result;
    },
  };
}

/** What is wrong with `result` as the answer of `def`, as field paths and kinds (no values). */
export function responseProblems(def: Pick<RouteDef, 'response' | 'status'>, result: unknown): string[] {
  if (def.status === 204) return [];
  if (!def.response) return ['the route has no response schema'];
  // What the client receives is the JSON (Dates become strings, undefined fields vanish).
  const sent: unknown = result === undefined ? undefined : JSON.parse(JSON.stringify(result));
  const parsed = (def.response as z.ZodType).safeParse(sent);
  if (!parsed.success) return parsed.error.issues.slice(0, 5).map((i) => `${i.message} at ${pathOf(i.path) || '(the answer)'}`);
  const kept: unknown = parsed.data === undefined ? undefined : JSON.parse(JSON.stringify(parsed.data));
  return differences(sent, kept, '').slice(0, 5);
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, k) => (typeof k === 'number' ? `${out}[${k}]` : out ? `${out}.${String(k)}` : String(k)), '');
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where what was sent and what the schema kept differ: leaked fields, fields the schema filled in, changed values. */
function differences(sent: unknown, kept: unknown, path: string): string[] {
  if (Array.isArray(sent) && Array.isArray(kept)) {
    if (sent.length !== kept.length) return [`array length changed by the schema at ${path}`];
    return sent.flatMap((item, i) => differences(item, kept[i], `${path}[${i}]`));
  }
  if (isObject(sent) && isObject(kept)) {
    const at = (k: string): string => (path ? `${path}.${k}` : k);
    return [
      ...Object.keys(sent).filter((k) => !Object.hasOwn(kept, k)).map((k) => `leaked field ${at(k)} (not in the schema)`),
      ...Object.keys(kept).filter((k) => !Object.hasOwn(sent, k)).map((k) => `missing field ${at(k)} (filled in by the schema's default)`),
      ...Object.keys(sent).filter((k) => Object.hasOwn(kept, k)).flatMap((k) => differences(sent[k], kept[k], at(k))),
    ];
  }
  return Object.is(sent, kept) ? [] : [`value changed by the schema at ${path || '(the answer)'}`];
}
