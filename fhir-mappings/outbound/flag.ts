import type { Extension, Flag } from '@medplum/fhirtypes';
import { SYSTEMS } from '../vn-core.js';
import { checkDateTime, fhirId, moduleIdentifier, reference, userReference, type UserRef } from './common.js';
import { refuseInput, validated } from './validate.js';

/**
 * The flag on a patient (https://hl7.org/fhir/R4/flag.html). R4 Flag has no reason element, so
 * the reasons travel as extensions: the core `flag-detail` (a Reference to the record behind each
 * reason: Observation, Condition, Coverage…) and the module's `flag-reason` (a coded reason), plus
 * `flag-certainty` and `flag-basis`. DOMAIN.md: a commune-issued poor / near-poor certificate or a BHYT card of group
 * HN / CN is authoritative; a self-reported screening makes the patient only *likely* poor, and
 * the flag must say which. flag-category (THO) has no social or financial code, so the module's
 * own category system is used.
 */

export type SocialFlagKind = 'poor-household' | 'near-poor-household' | 'catastrophic-health-expenditure' | 'social-risk';
export type FlagBasis = 'commune-certificate' | 'bhyt-group' | 'screening' | 'charges' | 'social-worker-assessment';

export interface FlagReasonInput {
  code: string;
  display: string;
  /** The record behind the reason, on the hospital's server or published by the module. */
  record?: { resourceType: 'Observation' | 'Condition' | 'Coverage' | 'QuestionnaireResponse' | 'DocumentReference'; id: string };
}

export interface SocialFlagInput {
  id: string;
  patientId: string;
  kind: SocialFlagKind;
  certainty: 'authoritative' | 'likely';
  basis: FlagBasis;
  reasons: FlagReasonInput[];
  status: 'active' | 'inactive' | 'entered-in-error';
  periodStart: string;
  periodEnd?: string;
  author: UserRef;
}

const RT = 'Flag';

const KINDS: Record<SocialFlagKind, { category: 'social' | 'financial'; vi: string; en: string }> = {
  'poor-household': { category: 'financial', vi: 'Hộ nghèo', en: 'Poor household' },
  'near-poor-household': { category: 'financial', vi: 'Hộ cận nghèo', en: 'Near-poor household' },
  'catastrophic-health-expenditure': { category: 'financial', vi: 'Chi phí y tế thảm họa', en: 'Catastrophic health expenditure' },
  'social-risk': { category: 'social', vi: 'Nguy cơ xã hội', en: 'Social risk' },
};

/** Bases that make a poverty flag authoritative (DOMAIN.md "Poverty standard"). */
const AUTHORITATIVE_BASES: readonly FlagBasis[] = ['commune-certificate', 'bhyt-group'];

function checkCertainty(input: SocialFlagInput): void {
  const poverty = input.kind === 'poor-household' || input.kind === 'near-poor-household';
  if (poverty && input.certainty === 'authoritative' && !AUTHORITATIVE_BASES.includes(input.basis)) {
    refuseInput(RT, 'extension(flag-certainty)', `a ${input.basis} basis makes a household only likely poor, not authoritatively`);
  }
  if (input.reasons.length === 0) refuseInput(RT, 'extension(flag-reason)', 'a flag carries the reasons that raised it');
}

function reasonExtensions(reasons: readonly FlagReasonInput[]): Extension[] {
  return reasons.flatMap((r): Extension[] => [
    {
      url: SYSTEMS.nhipcau.flagReasonExtension,
      valueCodeableConcept: { coding: [{ system: SYSTEMS.nhipcau.flagReason, code: r.code, display: r.display }] },
    },
    ...(r.record ? [{ url: SYSTEMS.hl7.flagDetailExtension, valueReference: reference(r.record.resourceType, r.record.id, RT) }] : []),
  ]);
}

export function buildSocialFlag(input: SocialFlagInput): Flag {
  checkCertainty(input);
  const kind = KINDS[input.kind];
  const label = input.certainty === 'likely' ? `${kind.vi} (có khả năng, chưa xác nhận)` : kind.vi;
  const flag: Flag = {
    resourceType: RT,
    id: fhirId(RT, 'id', input.id),
    identifier: [moduleIdentifier('flag', input.id)],
    extension: [
      { url: SYSTEMS.nhipcau.flagCertaintyExtension, valueCode: input.certainty },
      { url: SYSTEMS.nhipcau.flagBasisExtension, valueCode: input.basis },
      ...reasonExtensions(input.reasons),
    ],
    status: input.status,
    category: [
      {
        coding: [
          { system: SYSTEMS.nhipcau.flagCategory, code: kind.category, display: kind.category === 'social' ? 'Social' : 'Financial' },
        ],
      },
    ],
    code: { coding: [{ system: SYSTEMS.nhipcau.socialFlag, code: input.kind, display: kind.en }], text: label },
    subject: reference('Patient', input.patientId, RT),
    period: {
      start: checkDateTime(RT, 'period.start', input.periodStart),
      ...(input.periodEnd ? { end: checkDateTime(RT, 'period.end', input.periodEnd) } : {}),
    },
    author: userReference(input.author),
  };
  return validated(flag);
}
