import { allOk, badRequest, getStatus, normalizeOperationOutcome, notFound, OperationOutcomeError, serverError } from '@medplum/core';
import { processBatch, type FhirRequest, type FhirResponse, type HttpMethod } from '@medplum/fhir-router';
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { capabilityStatement } from './capability.js';
import type { DemoHospital } from './hospital.js';

/**
 * The demo hospital as an Express router: a FHIR R4 REST endpoint (https://hl7.org/fhir/R4/http.html)
 * answering application/fhir+json. Mount it at any path; with a lookup function it serves several
 * hospitals under a `:hospitalCode` parameter of the mount path, e.g.
 * `app.use('/demo-fhir/:hospitalCode', createDemoHospitalRouter((code) => hospitals.get(code)))`.
 * What it adds around @medplum/fhir-router: /metadata, absolute Bundle links and fullUrls,
 * ETag/Location headers, serialised writes, and atomic transactions of any size (the router caps a
 * transaction at 50 updates and, on a memory repository, does not undo a failed one).
 */
export type DemoHospitalSource = DemoHospital | ((hospitalCode: string) => DemoHospital | undefined);

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const JSON_TYPES = ['application/json', 'application/fhir+json', 'application/json-patch+json'];

export interface DemoHospitalRouterOptions {
  /** Called with every server-side failure (5xx), so the host app can log it with its request id. */
  onError?: (err: unknown, req: Request) => void;
}

export function createDemoHospitalRouter(source: DemoHospitalSource, options: DemoHospitalRouterOptions = {}): Router {
  const router = express.Router({ mergeParams: true });
  // Transaction bundles of generated data run to several megabytes.
  router.use(express.json({ type: JSON_TYPES, limit: '64mb' }));
  router.use(express.urlencoded({ extended: false, limit: '1mb' }));
  router.use((req, res, next) => {
    const code = (req.params as Record<string, string | undefined>).hospitalCode ?? '';
    const hospital = typeof source === 'function' ? source(code) : source;
    if (!hospital) return sendOutcome(res, notFound);
    res.locals.hospital = hospital;
    next();
  });
  router.get('/metadata', (req, res) => {
    const h = res.locals.hospital as DemoHospital;
    const cs = capabilityStatement({
      baseUrl: baseUrlOf(req),
      hospitalName: h.name,
      resourceTypes: h.repo.resourceTypes,
      limits: h.limits,
      date: h.now.toISOString(),
    });
    res.status(200).type(FHIR_JSON).send(JSON.stringify(cs));
  });
  router.use((req, res) => handle(req, res, options));
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (err as { status?: unknown }).status;
    // Body-parser errors (malformed JSON, too large) carry a 4xx status; anything else is ours.
    if (typeof status === 'number' && status >= 400 && status < 500) return sendOutcome(res, badRequest((err as Error).message), status);
    options.onError?.(err, req);
    sendOutcome(res, serverError(new Error('Internal error')));
  });
  return router;
}

async function handle(req: Request, res: Response, options: DemoHospitalRouterOptions): Promise<void> {
  const h = res.locals.hospital as DemoHospital;
  const method = (req.method === 'HEAD' ? 'GET' : req.method) as HttpMethod;
  const fhirRequest: FhirRequest = {
    method,
    url: req.url,
    pathname: '',
    params: {},
    query: {},
    body: req.body,
    headers: req.headers,
    config: { transactions: true },
  };
  const run = (): Promise<FhirResponse> =>
    isTransaction(fhirRequest) ? runTransaction(h, fhirRequest, req.body as Bundle) : h.router.handleRequest(fhirRequest, h.repo);
  const [outcome, resource] = method === 'GET' ? await run() : await h.serialize(run);
  // The router turns a thrown error into an outcome; a 5xx one is a defect worth a log line.
  if (getStatus(outcome) >= 500) options.onError?.(new OperationOutcomeError(outcome), req);
  if (!resource) return sendOutcome(res, outcome);
  sendResource(res, baseUrlOf(req), getStatus(outcome), resource);
}

function isTransaction(r: FhirRequest): boolean {
  const body = r.body as Partial<Bundle> | undefined;
  return (
    r.method === 'POST' && r.url.split('?')[0]?.replace(/\/+$/, '') === '' && body?.resourceType === 'Bundle' && body.type === 'transaction'
  );
}

/**
 * A transaction as a batch run inside the repository's undo journal: all entries apply, or a
 * failing entry's outcome is returned and every earlier write is undone
 * (https://hl7.org/fhir/R4/http.html#trules). Reference placeholders (urn:uuid) resolve as usual.
 */
async function runTransaction(h: DemoHospital, req: FhirRequest, bundle: Bundle): Promise<FhirResponse> {
  try {
    const response = await h.repo.withTransaction(async () => {
      const result = await processBatch({ ...req, config: {} }, h.repo, h.router, { ...bundle, type: 'batch' });
      const failed = result.entry?.find((e) => !e.response?.status?.startsWith('2'));
      if (failed)
        throw new OperationOutcomeError(
          (failed.response?.outcome as OperationOutcome | undefined) ?? badRequest('Transaction entry failed'),
        );
      return result;
    });
    return [allOk, { ...response, type: 'transaction-response' }];
  } catch (err) {
    return [normalizeOperationOutcome(err)];
  }
}

function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
}

function sendOutcome(res: Response, outcome: OperationOutcome, status = getStatus(outcome)): void {
  res.status(status).type(FHIR_JSON).send(JSON.stringify(outcome));
}

function sendResource(res: Response, base: string, status: number, resource: Resource): void {
  const body = resource.resourceType === 'Bundle' ? withAbsoluteUrls(resource, base) : resource;
  const version = resource.meta?.versionId;
  if (version && resource.resourceType !== 'Bundle') {
    res.set('ETag', `W/"${version}"`);
    if (resource.meta?.lastUpdated) res.set('Last-Modified', new Date(resource.meta.lastUpdated).toUTCString());
    if (status === 201) res.set('Location', `${base}/${resource.resourceType}/${resource.id}/_history/${version}`);
  }
  res.status(status).type(FHIR_JSON).send(JSON.stringify(body));
}

/** The repository writes links relative to the base ("Patient?…"); clients need absolute ones. */
function withAbsoluteUrls(bundle: Bundle, base: string): Bundle {
  const absolute = (url: string): string => (/^[a-z]+:/i.test(url) ? url : `${base}/${url}`);
  return {
    ...bundle,
    ...(bundle.link ? { link: bundle.link.map((l) => ({ ...l, url: absolute(l.url ?? '') })) } : {}),
    ...(bundle.entry
      ? {
          entry: bundle.entry.map((e) =>
            e.resource?.id && !e.fullUrl ? { fullUrl: `${base}/${e.resource.resourceType}/${e.resource.id}`, ...e } : e,
          ),
        }
      : {}),
  };
}
