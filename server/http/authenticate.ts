import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import { MongoStore } from 'connect-mongo';
import mongoose from 'mongoose';
import { Passport } from 'passport';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Clock } from '../clock.js';
import type { AppConfig } from '../config.js';
import { AppError } from '../errors.js';
import type { UserRecord } from '../features/admin/users.model.js';
import { checkCredentials, principalForToken, principalOf, userForSession, type SignInResult } from '../features/auth/auth.service.js';
import type { Principal } from './policy.js';

/**
 * Authentication: passport with a local strategy (username + password → session cookie) and a
 * bearer strategy (API tokens for partner integrations). Sessions live in MongoDB.
 * The resolved principal is put on `res.locals.principal` for the route pipeline.
 */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // passport's req.user: our user record, loaded per request from the session
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends UserRecord {}
  }
}

export const SESSION_COOKIE = 'nhipcau.sid';

export interface AuthKit {
  sessionMiddleware: RequestHandler;
  passportInit: RequestHandler;
  passportSession: RequestHandler;
  resolvePrincipal: RequestHandler;
  /** Runs the local strategy: resolves with the sign-in result (the user is not yet logged in). */
  authenticateLocal(req: Request, res: Response): Promise<SignInResult>;
  close(): Promise<void>;
}

/** `clock`: the app's one clock, for lockouts and token expiry (tests move it past a lock). */
export function createAuthKit(config: AppConfig, clock: Clock): AuthKit {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ session: false }, (username, password, done) => {
      checkCredentials(username, password, config.login, clock.now()).then(
        (result) => done(null, result.ok ? result.user : false, { message: result.ok ? 'ok' : result.reason, result } as never),
        (err: unknown) => done(err),
      );
    }),
  );
  passport.use(
    new BearerStrategy((token, done) => {
      principalForToken(token, clock.now()).then(
        (principal) => done(null, principal ? ({ principal } as unknown as Express.User) : false),
        (err: unknown) => done(err),
      );
    }),
  );
  passport.serializeUser((user, done) => done(null, { id: user._id.toHexString(), v: user.sessionVersion ?? 0 }));
  passport.deserializeUser((data: { id: string; v: number }, done) => {
    userForSession(data.id, data.v).then(
      (user) => done(null, user ?? false),
      (err: unknown) => done(err),
    );
  });

  const store = MongoStore.create({
    client: mongoose.connection.getClient(),
    dbName: mongoose.connection.db?.databaseName,
    collectionName: 'sessions',
    ttl: config.sessionTtlHours * 3600,
    // 'interval' works on every MongoDB-wire server; TTL indexes do not (docs/decisions/0002).
    autoRemove: 'interval',
    autoRemoveInterval: 10,
    stringify: false,
  });

  const sessionMiddleware = session({
    name: SESSION_COOKIE,
    secret: config.sessionSecrets,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      // Secure whenever the request came over TLS (directly or through a trusted proxy).
      secure: 'auto',
      maxAge: config.sessionTtlHours * 3600 * 1000,
      path: '/',
    },
  });

  const resolvePrincipal: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    if (header === undefined) {
      res.locals.principal = req.user ? principalOf(req.user, 'session') : null;
      return next();
    }
    if (!/^Bearer\s+\S+$/i.test(header)) {
      return next(new AppError(401, 'AUTH.BAD_AUTHORIZATION', 'Authorization header must be "Bearer <token>"'));
    }
    passport.authenticate('bearer', { session: false }, (err: unknown, found: { principal: Principal } | false) => {
      if (err) return next(err);
      if (!found) return next(new AppError(401, 'AUTH.INVALID_TOKEN', 'The API token is unknown, revoked or expired'));
      res.locals.principal = found.principal;
      next();
    })(req, res, next);
  };

  const authenticateLocal = (req: Request, res: Response): Promise<SignInResult> =>
    new Promise((resolve, reject) => {
      passport.authenticate('local', { session: false }, (err: unknown, _user: unknown, info: { result?: SignInResult } | undefined) => {
        if (err) return reject(err instanceof Error ? err : new Error(String(err)));
        resolve(info?.result ?? { ok: false, user: null, reason: 'unknown-user' });
      })(req, res, () => undefined);
    });

  return {
    sessionMiddleware,
    passportInit: passport.initialize(),
    passportSession: passport.session(),
    resolvePrincipal,
    authenticateLocal,
    // Not store.close(): that would close the MongoClient the store shares with mongoose.
    close: async () => clearInterval((store as unknown as { timer?: NodeJS.Timeout }).timer),
  };
}
