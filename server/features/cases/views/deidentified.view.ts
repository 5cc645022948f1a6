import type { Audience } from '../../../access/audience.js';
import type { CaseRecord } from '../cases.model.js';
import type { PatientFacts } from '../cases.patients.js';
import type { CharityPartnerCase, ReceivingHospitalCase, CaseAnyView } from '../cases.schemas.js';

/**
 * A case as the audiences outside its hospital see it (issue 10; DOMAIN.md "Personal data
 * protection": share the minimum the purpose needs). Each mapper lists the fields it shows; none
 * shows the patient's name or id, the ward, the notes, who worked the case, or any free text a
 * social worker wrote about the family except the plan a receiving hospital continues.
 */
export interface DeidentifyCaseInput {
  c: CaseRecord;
  patient: Pick<PatientFacts, 'ageBand' | 'province'> | null;
  hospitalName: string;
}

/** A receiving hospital continues the support: the plan's needs and goals, what kinds of help were given and when. */
export function toReceivingHospitalCase({ c, patient, hospitalName }: DeidentifyCaseInput): ReceivingHospitalCase {
  return {
    id: c._id.toHexString(),
    audience: 'receiving-hospital',
    status: c.status,
    ageBand: patient?.ageBand ?? null,
    province: patient?.province ?? null,
    hospital: { name: hospitalName },
    needs: c.needs.map((n) => ({ domain: n.domain, description: n.description, status: n.status })),
    goals: c.goals.map((g) => ({ description: g.description, targetDate: g.targetDate, status: g.status })),
    interventions: c.interventions.map((i) => ({ activityGroup: i.activityGroup, performedOn: i.performedOn })),
  };
}

/** A charity partner learns only whether it could help: who (an age band, a province), with what (open need domains). */
export function toCharityPartnerCase({ c, patient }: DeidentifyCaseInput): CharityPartnerCase {
  return {
    id: c._id.toHexString(),
    audience: 'charity-partner',
    status: c.status,
    ageBand: patient?.ageBand ?? null,
    province: patient?.province ?? null,
    needs: [...new Set(c.needs.filter((n) => n.status === 'open').map((n) => n.domain))],
  };
}

export function toDeidentifiedCase(
  audience: Exclude<Audience, 'own-hospital'>,
  input: DeidentifyCaseInput,
): Exclude<CaseAnyView, { audience: 'own-hospital' }> {
  switch (audience) {
    case 'receiving-hospital':
      return toReceivingHospitalCase(input);
    case 'charity-partner':
      return toCharityPartnerCase(input);
    case 'conference-guest':
      return { ...toReceivingHospitalCase(input), audience: 'conference-guest' };
  }
}
