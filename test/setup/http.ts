import type { Express } from 'express';
import supertest from 'supertest';
import { SESSION_COOKIE } from '../../server/http/authenticate.js';

/** Small HTTP helpers shared by the API tests. */
export const API = '/api/v1';

export type Agent = ReturnType<typeof supertest.agent>;

/** A browser-like agent with an anonymous session and that session's CSRF token. */
export async function anonymousSession(app: Express): Promise<{ agent: Agent; csrf: string }> {
  const agent = supertest.agent(app);
  const res = await agent.get(`${API}/auth/session`).expect(200);
  return { agent, csrf: res.body.csrfToken as string };
}

/** The Set-Cookie line of the session cookie in a response, if any. */
export function sessionSetCookie(res: { headers: Record<string, unknown> }): string | undefined {
  const raw = res.headers['set-cookie'];
  const lines = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  return lines.find((l) => l.startsWith(`${SESSION_COOKIE}=`));
}

/** `name=value` of a Set-Cookie line, for sending the cookie back by hand. */
export function cookiePair(setCookie: string): string {
  return setCookie.split(';')[0] ?? '';
}

/** The attributes of a Set-Cookie line, lower-cased names: `{ httponly: '', samesite: 'Lax', ... }`. */
export function cookieAttributes(setCookie: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of setCookie.split(';').slice(1)) {
    const [k, ...v] = part.trim().split('=');
    if (k) out[k.toLowerCase()] = v.join('=');
  }
  return out;
}

/** Walks a cursor-paginated list endpoint to its end; returns every item in order. */
export async function walkPages<T>(
  get: (cursor: string | null) => Promise<{ data: T[]; nextCursor: string | null }>,
  maxPages = 200,
): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const page = await get(cursor);
    pages.push(page.data);
    cursor = page.nextCursor;
    if (pages.length > maxPages) throw new Error('pagination does not end');
  } while (cursor);
  return pages;
}
