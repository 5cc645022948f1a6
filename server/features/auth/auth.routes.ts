import type { Request } from 'express';
import { idParams } from '../../http/common-schemas.js';
import { issueCsrfToken } from '../../http/csrf.js';
import { allowedActions } from '../../http/policy.js';
import { route, type RequestContext, type RouteDef } from '../../http/route.js';
import { SESSION_COOKIE, type AuthKit } from '../../http/authenticate.js';
import { userView, type UserRecord } from '../admin/users.service.js';
import { changePassword, principalOf, signInError } from './auth.service.js';
import {
  csrfTokenSchema,
  loginResultSchema,
  loginSchema,
  passwordChangeSchema,
  sessionViewSchema,
  tokenCreateSchema,
  tokenCreatedSchema,
  tokenListQuery,
  tokenPageSchema,
  tokenViewSchema,
} from './auth.schemas.js';
import { createToken, listTokens, revokeToken } from './tokens.service.js';

const tag = 'auth';

function logIn(req: Request, user: UserRecord): Promise<void> {
  return new Promise((resolve, reject) => req.logIn(user, (err: unknown) => (err ? reject(err as Error) : resolve())));
}

function logOut(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.logOut((err: unknown) => (err ? reject(err as Error) : resolve())));
}

function requirePrincipal(ctx: RequestContext): NonNullable<RequestContext['principal']> {
  if (!ctx.principal) throw new Error('route pipeline let an anonymous request through');
  return ctx.principal;
}

export function authRoutes(kit: AuthKit): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/auth/session',
      action: 'auth.session.read',
      tag,
      summary: 'Who is signed in, and the CSRF token for cookie-authenticated writes',
      response: sessionViewSchema,
      handler: async (_input, ctx) => ({
        authenticated: Boolean(ctx.req.user),
        csrfToken: issueCsrfToken(ctx.req),
        user: ctx.req.user ? await userView(ctx.req.user, ctx.clock.now()) : null,
        can: allowedActions(ctx.principal),
      }),
    }),
    route({
      method: 'post',
      path: '/auth/login',
      action: 'auth.login',
      tag,
      summary: 'Sign in with username and password; starts a session cookie',
      body: loginSchema,
      response: loginResultSchema,
      handler: async (_input, ctx) => {
        const result = await kit.authenticateLocal(ctx.req, ctx.res);
        if (!result.ok) {
          const actor = result.user ? principalOf(result.user, 'session') : null;
          await ctx.audit({ action: 'auth.login', resourceType: 'session', outcome: 'failure', reason: result.reason, actor });
          throw signInError(result);
        }
        await logIn(ctx.req, result.user);
        const principal = principalOf(result.user, 'session');
        ctx.principal = principal;
        await ctx.audit({ action: 'auth.login', resourceType: 'session' });
        return { user: await userView(result.user, ctx.clock.now()), csrfToken: issueCsrfToken(ctx.req), can: allowedActions(principal) };
      },
    }),
    route({
      method: 'post',
      path: '/auth/logout',
      action: 'auth.logout',
      tag,
      summary: 'Sign out: ends the session',
      status: 204,
      handler: async (_input, ctx) => {
        await ctx.audit({ action: 'auth.logout', resourceType: 'session' });
        await logOut(ctx.req);
        await new Promise<void>((resolve) => ctx.req.session.destroy(() => resolve()));
        ctx.res.clearCookie(SESSION_COOKIE, { path: '/' });
      },
    }),
    route({
      method: 'post',
      path: '/auth/password',
      action: 'auth.password.change',
      tag,
      summary: 'Change your password; other sessions end, this one gets a new CSRF token',
      body: passwordChangeSchema,
      response: csrfTokenSchema,
      handler: async ({ body }, ctx) => {
        const principal = requirePrincipal(ctx);
        const updated = await changePassword(principal.userId, body.currentPassword, body.newPassword).catch(async (err: unknown) => {
          await ctx.audit({ action: 'auth.password.change', resourceType: 'user', resourceId: principal.userId, outcome: 'failure' });
          throw err;
        });
        await logIn(ctx.req, updated); // this session goes on with the new version; others end
        await ctx.audit({ action: 'auth.password.change', resourceType: 'user', resourceId: principal.userId });
        return { csrfToken: issueCsrfToken(ctx.req) };
      },
    }),
    route({
      method: 'get',
      path: '/auth/tokens',
      action: 'auth.tokens.manage',
      tag,
      summary: 'List your API tokens',
      query: tokenListQuery,
      response: tokenPageSchema,
      handler: ({ query }, ctx) => listTokens(requirePrincipal(ctx).userId, query),
    }),
    route({
      method: 'post',
      path: '/auth/tokens',
      action: 'auth.tokens.manage',
      tag,
      summary: 'Create an API token for a partner integration; the token is shown once',
      body: tokenCreateSchema,
      response: tokenCreatedSchema,
      status: 201,
      handler: async ({ body }, ctx) => {
        const created = await createToken(requirePrincipal(ctx), body, ctx.clock.now());
        await ctx.audit({ action: 'token.create', resourceType: 'api-token', resourceId: created.id });
        return created;
      },
    }),
    route({
      method: 'delete',
      path: '/auth/tokens/:id',
      action: 'auth.tokens.manage',
      tag,
      summary: 'Revoke one of your API tokens',
      params: idParams,
      response: tokenViewSchema,
      handler: async ({ params }, ctx) => {
        const revoked = await revokeToken(params.id, requirePrincipal(ctx).userId, ctx.clock.now());
        await ctx.audit({ action: 'token.revoke', resourceType: 'api-token', resourceId: revoked.id });
        return revoked;
      },
    }),
    route({
      method: 'get',
      path: '/admin/tokens',
      action: 'token.list-all',
      tag,
      summary: "List every user's API tokens (admin)",
      query: tokenListQuery,
      response: tokenPageSchema,
      handler: ({ query }) => listTokens(null, query),
    }),
    route({
      method: 'delete',
      path: '/admin/tokens/:id',
      action: 'token.revoke-any',
      tag,
      summary: "Revoke any user's API token (admin)",
      params: idParams,
      response: tokenViewSchema,
      handler: async ({ params }, ctx) => {
        const revoked = await revokeToken(params.id, null, ctx.clock.now());
        await ctx.audit({ action: 'token.revoke', resourceType: 'api-token', resourceId: revoked.id });
        return revoked;
      },
    }),
  ];
}
