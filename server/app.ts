import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import { systemClock, warnIfHolidayTableMissing, type Clock } from './clock.js';
import type { AppConfig } from './config.js';
import { databaseReachable } from './db/connection.js';
import { AppError, tooManyRequests } from './errors.js';
import { calendarRoutes } from './features/admin/calendar.routes.js';
import { hospitalRoutes } from './features/admin/hospitals.routes.js';
import { organisationRoutes } from './features/admin/organisations.routes.js';
import { userRoutes } from './features/admin/users.routes.js';
import { auditRoutes } from './features/audit/audit.routes.js';
import { recordAudit } from './features/audit/audit.service.js';
import { authRoutes } from './features/auth/auth.routes.js';
// Relationship rules register at import: the policy asks them on every request (decision 0013).
import './features/consent/consent.relationships.js';
import { consentRoutes } from './features/consent/consent.routes.js';
import { elsewhereRoutes } from './features/consent/elsewhere.routes.js';
import { patientRoutes } from './features/patients/patients.routes.js';
import { configureAttachments } from './features/cases/attachments.routes.js';
import { caseRoutes } from './features/cases/cases.routes.js';
import { caseTimelineRoutes } from './features/cases/timeline.routes.js';
import { fundingRequestRoutes } from './features/funding/funding.routes.js';
import { marketplaceRoutes } from './features/funding/marketplace.routes.js';
import { storyRoutes } from './features/funding/stories.routes.js';
import { reconciliationRoutes } from './features/funding/reconciliation.routes.js';
import { configureFundingFiles } from './features/funding/funding-files.js';
import { outcomeRoutes } from './features/funding/outcomes.routes.js';
import { receiptRoutes } from './features/funding/receipts.routes.js';
import { statementRoutes } from './features/funding/statements.routes.js';
import { disbursementRoutes } from './features/funding/disbursements.routes.js';
import { configureMoney } from './features/funding/ledger/funding-money-config.js';
import { ledgerRoutes } from './features/funding/ledger/ledger.routes.js';
import { pledgeRoutes } from './features/funding/pledges.routes.js';
import { referralBoardRoutes } from './features/referrals/referrals.board.js';
import { referralCommentRoutes } from './features/referrals/referrals.comments.routes.js';
import { recipientRoutes } from './features/referrals/recipients.routes.js';
import { referralRoutes } from './features/referrals/referrals.routes.js';
import { configureReferrals } from './features/referrals/referrals.workflow.js';
import { screeningRoutes } from './features/screening/screening.routes.js';
import { syncRoutes } from './features/sync/census-sync.routes.js';
import { configureWorklist } from './features/screening/flags.service.js';
import { createDemoHospitalRouter, type DemoHospitalSource } from './fhir/demo-hospital/server.js';
import { configureFhirRuntime } from './fhir/fhir-runtime.js';
import { configureSecretBox } from './fhir/secret-box.js';
import { methodNotAllowed, noStore } from './http/api-guards.js';
import { createAuthKit } from './http/authenticate.js';
import { makeContext } from './http/context.js';
import { errorHandler } from './http/error-handler.js';
import { buildOpenApi } from './http/openapi.js';
import { keepRawJson } from './http/money-json.js';
import { mountRoutes, type RouteDef } from './http/route.js';
import { closeNotifications, configureNotifications, notificationRoutes } from './notifications/notifications.api.js';

export interface AppDeps {
  config: AppConfig;
  logger: Logger;
  version?: string;
  /** Demo mode: in-process demo hospital FHIR servers, served at /demo-fhir/:hospitalCode. */
  demoHospitals?: DemoHospitalSource;
  /** The one clock (tests pass a settable one); the system clock by default. */
  clock?: Clock;
}

export interface AppHandle {
  app: Express;
  /** Every API route, as declared: the OpenAPI document and the authorisation matrix read these. */
  routes: RouteDef[];
  /** Stops what the app started: the session sweeper. (Census syncs run in the worker: server/worker.ts.) */
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Builds the Express app without listening: what main.ts serves and the tests drive. */
export function createApp({ config, logger, version = '0.1.0', demoHospitals, clock = systemClock }: AppDeps): AppHandle {
  configureSecretBox(config.fhirSecretKey);
  configureFhirRuntime({ interactiveDeadlineMs: config.fhirInteractiveDeadlineMs, syncResumeMaxAgeMinutes: config.syncResumeMaxAgeMinutes, log: logger });
  configureWorklist({ dischargedDays: config.worklistDischargedDays });
  configureAttachments({ maxBytes: config.attachmentMaxBytes });
  configureFundingFiles({ maxBytes: config.attachmentMaxBytes });
  configureReferrals(config.referralDue);
  configureMoney(config.money);
  warnIfHolidayTableMissing(clock, logger);
  configureNotifications({ mail: config.mail, clock, log: logger });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');

  app.use(
    pinoHttp({
      logger,
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'requestId' },
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Paths only: query strings can hold search terms (names, card numbers), which are never logged.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // antd writes its CSS-in-JS into <style> tags
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
    }),
  );

  // The demo hospitals' FHIR endpoints: a real FHIR R4 engine over HTTP, reached by the
  // gateway like any hospital's server (never by a shortcut).
  if (demoHospitals) app.use('/demo-fhir/:hospitalCode', createDemoHospitalRouter(demoHospitals));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ok = await databaseReachable();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'database unreachable' });
  });

  const kit = createAuthKit(config, clock);
  const routes: RouteDef[] = [...authRoutes(kit), ...hospitalRoutes, ...organisationRoutes, ...userRoutes, ...patientRoutes, ...screeningRoutes, ...consentRoutes, ...elsewhereRoutes, ...caseRoutes, ...caseTimelineRoutes, ...referralBoardRoutes, ...referralCommentRoutes, ...referralRoutes, ...recipientRoutes, ...reconciliationRoutes, ...fundingRequestRoutes, ...storyRoutes, ...marketplaceRoutes, ...outcomeRoutes, ...receiptRoutes, ...statementRoutes, ...pledgeRoutes, ...disbursementRoutes, ...ledgerRoutes, ...syncRoutes, ...auditRoutes, ...calendarRoutes, ...notificationRoutes];

  const openapi = buildOpenApi(routes, version);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use('/api/docs', swaggerUi.serve, swaggerUi.setup(openapi, { customSiteTitle: 'Nhịp Cầu API' }));

  const api = express.Router();
  api.use(noStore);
  // GET and HEAD carry no body here: one sent is left unread rather than parsed (so never a 413/415).
  const json = express.json({ limit: `${config.bodyLimitKb}kb`, strict: true, verify: keepRawJson });
  api.use((req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : json(req, res, next)));
  api.use(kit.sessionMiddleware, kit.passportInit, kit.passportSession, kit.resolvePrincipal);
  api.post(
    '/auth/login',
    rateLimit({
      windowMs: 60_000,
      limit: config.login.ratePerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (req, _res, next, options) => {
        const refused = tooManyRequests('AUTH.RATE_LIMITED', 'Too many sign-in attempts from this address; wait a minute', Math.ceil(options.windowMs / 1000));
        recordAudit({
          actor: null,
          tenant: { hospitalId: null, organisationId: null },
          action: 'auth.login',
          resourceType: 'session',
          outcome: 'denied',
          reason: 'too many attempts from this address',
          requestId: String(req.id),
          ip: req.ip ?? null,
          at: clock.now(),
        }).then(() => next(refused), next);
      },
    }),
  );
  mountRoutes(api, routes, (req, res, action) => makeContext(req, res, action, clock), { checkResponses: config.checkResponses });
  api.use(methodNotAllowed(routes));
  api.use((req: Request) => {
    throw new AppError(404, 'NOT_FOUND', `No API route ${req.method} ${req.path}`);
  });
  app.use('/api/v1', api);
  app.use('/api', noStore, (req: Request) => {
    throw new AppError(404, 'NOT_FOUND', `No API route ${req.method} ${req.path}`);
  });

  serveClient(app, config);
  app.use(errorHandler);

  return {
    app,
    routes,
    close: async () => {
      await closeNotifications();
      await kit.close();
    },
  };
}

/** The built client, with index.html for every other GET so client-side routes work on reload. */
function serveClient(app: Express, config: AppConfig): void {
  const dist = resolve(config.clientDist);
  const index = resolve(dist, 'index.html');
  if (!existsSync(index)) return;
  app.use(express.static(dist, { index: false, maxAge: '1h' }));
  app.get(/^\/(?!api\/).*/, (_req: Request, res: Response) => {
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
}
