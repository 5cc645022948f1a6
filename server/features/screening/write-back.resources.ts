import type { Resource } from '@medplum/fhirtypes';
import { buildHealthConcern } from '../../../fhir-mappings/outbound/condition.js';
import type { SdohDomain } from '../../../fhir-mappings/outbound/common.js';
import { buildSocialFlag, type FlagBasis, type SocialFlagKind } from '../../../fhir-mappings/outbound/flag.js';
import { buildScreeningObservation } from '../../../fhir-mappings/outbound/observation.js';
import { buildScreeningResponse, type ScreeningItemInput } from '../../../fhir-mappings/outbound/questionnaire-response.js';
import type { ValueInput } from '../../../fhir-mappings/outbound/common.js';
import { ensureFhirDefinitions } from '../../fhir/definitions.js';
import type { PatientRecord } from '../patients/patients.service.js';
import { SCREENING_QUESTIONNAIRE_URL, SCREENING_QUESTIONNAIRE_VERSION } from './questionnaire.js';
import type { Finding } from './rules/index.js';
import type { FlagRecord, ScreeningRecord } from './screening.model.js';

/**
 * The Gravity SDOH chain for one flag (DOMAIN.md): QuestionnaireResponse (questionnaire screenings)
 * → one Observation per finding (social-history + sdoh) → a health-concern Condition (ICD-10 Z59.x)
 * for poverty and insurance findings → the Flag with its reasons. Ids are the module's own
 * (nc-…), so writing them again replaces, never duplicates.
 */
const DOMAIN_OF: Record<string, SdohDomain> = {
  poverty: 'financial-insecurity',
  insurance: 'health-insurance-coverage-status',
  'catastrophic-cost': 'medical-cost-burden',
  'high-cost-diagnosis': 'medical-cost-burden',
  vulnerability: 'social-connection',
  'long-stay': 'material-hardship',
};

/** Reported needs map to their own Gravity domains. */
const NEED_DOMAIN: Record<string, SdohDomain> = {
  'need-food': 'food-insecurity',
  'need-housing': 'housing-instability',
  'need-transport': 'transportation-insecurity',
  'need-utilities': 'utility-insecurity',
  'need-safety': 'intimate-partner-violence',
};

/** ICD-10 chapter XXI codes for the problem (Z59 problems related to housing and economic circumstances). */
const Z_CODE: Record<string, { code: string; display: string }> = {
  poor: { code: 'Z59.5', display: 'Extreme poverty' },
  'near-poor': { code: 'Z59.6', display: 'Low income' },
  'medium-living-standard': { code: 'Z59.6', display: 'Low income' },
  'no-insurance': { code: 'Z59.7', display: 'Insufficient social insurance and welfare support' },
  'insurance-expired': { code: 'Z59.7', display: 'Insufficient social insurance and welfare support' },
  'catastrophic-expenditure': { code: 'Z59.8', display: 'Other problems related to housing and economic circumstances' },
};

function qrItems(qr: Record<string, unknown> | null): ScreeningItemInput[] {
  const walk = (items: unknown): ScreeningItemInput[] =>
    (Array.isArray(items) ? (items as Record<string, unknown>[]) : []).map((it) => {
      const a = (Array.isArray(it.answer) ? (it.answer as Record<string, unknown>[]) : [])[0];
      const answers: ValueInput[] = [];
      if (typeof a?.valueBoolean === 'boolean') answers.push({ type: 'boolean', value: a.valueBoolean });
      else if (typeof a?.valueInteger === 'number') answers.push({ type: 'integer', value: a.valueInteger });
      else if (a?.valueCoding) {
        const c = a.valueCoding as { system?: string; code?: string };
        answers.push({ type: 'coding', coding: { system: c.system ?? 'https://nhipcau.vn/fhir/CodeSystem/answer', code: c.code ?? '' } });
      }
      return { linkId: String(it.linkId), ...(answers.length ? { answers } : {}), ...(it.item ? { items: walk(it.item) } : {}) };
    });
  return walk(qr?.item);
}

function flagKind(f: FlagRecord): SocialFlagKind {
  if (f.codes.includes('poor')) return 'poor-household';
  if (f.codes.includes('near-poor')) return 'near-poor-household';
  if (f.codes.includes('catastrophic-expenditure')) return 'catastrophic-health-expenditure';
  return 'social-risk';
}

function basisOf(findings: Finding[]): FlagBasis {
  const sources = new Set(findings.filter((x) => x.flagType === 'poverty').flatMap((x) => x.inputs.map((i) => i.source)));
  if (sources.has('certificate')) return 'commune-certificate';
  if (sources.has('Coverage')) return 'bhyt-group';
  if (sources.has('screening')) return 'screening';
  return findings.some((x) => x.flagType === 'catastrophic-cost') ? 'charges' : 'social-worker-assessment';
}

export function buildWriteBackResources(record: Pick<PatientRecord, 'fhirId'>, screening: ScreeningRecord, flag: FlagRecord): Resource[] {
  ensureFhirDefinitions(); // the builders validate every resource against the R4 definitions
  const id = flag._id.toHexString();
  const author = { userId: screening.createdBy, display: 'Nhịp Cầu' };
  const when = screening.createdAt.toISOString();
  const out: Resource[] = [];
  const qrId = screening.questionnaireResponse ? `nc-qr-${screening._id.toHexString()}` : null;
  if (qrId) {
    const questionnaire = `${SCREENING_QUESTIONNAIRE_URL}|${SCREENING_QUESTIONNAIRE_VERSION}`;
    out.push(buildScreeningResponse({ id: qrId, questionnaire, status: 'completed', patientId: record.fhirId, authored: when, author, items: qrItems(screening.questionnaireResponse) }));
  }
  const observations = flag.findings.map((f, i) =>
    buildScreeningObservation({
      id: `nc-obs-${id}-${i}`,
      status: 'final',
      patientId: record.fhirId,
      questionnaireResponseId: qrId,
      domain: NEED_DOMAIN[f.code] ?? DOMAIN_OF[f.flagType] ?? 'sdoh-category-unspecified',
      code: { system: 'https://nhipcau.vn/fhir/CodeSystem/screening-finding', code: f.code, display: f.summary.en },
      codeText: f.summary.vi,
      value: { type: 'boolean', value: true },
      effective: when,
      performer: author,
    }),
  );
  out.push(...observations);
  const problem = flag.findings.find((f) => Z_CODE[f.code]);
  const zCode = problem ? Z_CODE[problem.code] : undefined;
  if (problem && zCode) {
    out.push(
      buildHealthConcern({
        id: `nc-cond-${id}`,
        patientId: record.fhirId,
        icd10: zCode,
        text: problem.summary.vi,
        domain: DOMAIN_OF[problem.flagType] ?? 'financial-insecurity',
        clinicalStatus: 'active',
        verificationStatus: problem.certainty === 'authoritative' ? 'confirmed' : 'provisional',
        evidenceObservationIds: observations.map((o) => o.id as string),
        recordedDate: when,
        asserter: author,
      }),
    );
  }
  out.push(
    buildSocialFlag({
      id: `nc-flag-${id}`,
      patientId: record.fhirId,
      kind: flagKind(flag),
      certainty: flag.povertyCertainty === 'authoritative' ? 'authoritative' : 'likely',
      basis: basisOf(flag.findings),
      reasons: flag.findings.map((f, i) => ({ code: f.code, display: f.summary.vi, record: { resourceType: 'Observation' as const, id: `nc-obs-${id}-${i}` } })),
      status: 'active',
      periodStart: when,
      author,
    }),
  );
  return out;
}
