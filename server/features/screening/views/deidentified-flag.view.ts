import { z } from 'zod';
import type { Audience } from '../../../access/audience.js';
import { FLAG_STATUSES, type FlagRecord } from '../screening.model.js';

/**
 * A flag as the audiences outside the patient's hospital see it (issue 9, point 1): what support
 * is needed and how urgently, never the patient (no name, birth date, ward), the screening's
 * answers, the rule inputs (income, household, address) or who reviewed it. The own hospital's
 * view is `toFlagView` in ../flags.service.ts. Each mapper lists the fields it shows.
 */
const status = z.enum(FLAG_STATUSES);
const base = { id: z.string(), status, needs: z.array(z.string()), flagTypes: z.array(z.string()) };

export const receivingHospitalFlagSchema = z.object({ ...base, audience: z.literal('receiving-hospital'), priority: z.number(), patientId: z.string() });
export const charityPartnerFlagSchema = z.object({ ...base, audience: z.literal('charity-partner'), priority: z.number() });
export const conferenceGuestFlagSchema = z.object({ ...base, audience: z.literal('conference-guest'), patientId: z.string() });
export const deidentifiedFlagSchema = z
  .discriminatedUnion('audience', [receivingHospitalFlagSchema, charityPartnerFlagSchema, conferenceGuestFlagSchema])
  .meta({ id: 'DeidentifiedFlag' });
export type DeidentifiedFlag = z.infer<typeof deidentifiedFlagSchema>;

function common(f: FlagRecord, now: Date): z.infer<z.ZodObject<typeof base>> {
  const expired = f.status === 'active' && f.expiresAt <= now;
  return { id: f._id.toHexString(), status: expired ? 'expired' : f.status, needs: [...new Set(f.codes)], flagTypes: [...f.flagTypes] };
}

export function toReceivingHospitalFlag(f: FlagRecord, now: Date): z.infer<typeof receivingHospitalFlagSchema> {
  return { ...common(f, now), audience: 'receiving-hospital', priority: f.priority, patientId: f.patientId.toHexString() };
}

export function toCharityPartnerFlag(f: FlagRecord, now: Date): z.infer<typeof charityPartnerFlagSchema> {
  return { ...common(f, now), audience: 'charity-partner', priority: f.priority };
}

export function toConferenceGuestFlag(f: FlagRecord, now: Date): z.infer<typeof conferenceGuestFlagSchema> {
  return { ...common(f, now), audience: 'conference-guest', patientId: f.patientId.toHexString() };
}

export function toDeidentifiedFlag(audience: Exclude<Audience, 'own-hospital'>, f: FlagRecord, now: Date): DeidentifiedFlag {
  switch (audience) {
    case 'receiving-hospital':
      return toReceivingHospitalFlag(f, now);
    case 'charity-partner':
      return toCharityPartnerFlag(f, now);
    case 'conference-guest':
      return toConferenceGuestFlag(f, now);
  }
}
