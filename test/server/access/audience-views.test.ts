import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHospital } from '../../../server/features/admin/hospitals.service.js';
import { linkPatient } from '../../../server/features/patients/patients.service.js';
import type { PatientRecord } from '../../../server/features/patients/patients.model.js';
import {
  ageBand,
  charityPartnerPatientSchema,
  conferenceGuestPatientSchema,
  receivingHospitalPatientSchema,
  toCharityPartnerPatient,
  toConferenceGuestPatient,
  toReceivingHospitalPatient,
} from '../../../server/features/patients/views/deidentified.view.js';
import { readScreeningResponse } from '../../../server/features/screening/answers.js';
import type { FlagRecord } from '../../../server/features/screening/screening.model.js';
import { screenOne } from '../../../server/features/screening/screening.service.js';
import {
  charityPartnerFlagSchema,
  conferenceGuestFlagSchema,
  receivingHospitalFlagSchema,
  toCharityPartnerFlag,
  toConferenceGuestFlag,
  toReceivingHospitalFlag,
} from '../../../server/features/screening/views/deidentified-flag.view.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital } from '../../setup/factories.js';
import { questionnaireResponse } from '../../setup/screening.js';
import { startTestApp } from '../../setup/test-app.js';

/**
 * Views per audience (issue 9, point 1; DOMAIN.md "Personal data protection"): outside the
 * patient's own hospital nobody sees a name, an ID or insurance number, an exact address or a birth
 * date. Each mapper's output is walked key by key and value by value, over patients with full data.
 */
const FORBIDDEN_KEYS = new Set([
  'name', 'names', 'fullName', 'family', 'given', 'identity', 'identifiers', 'bhyt', 'nationalId', 'oldCitizenId', 'citizenId', 'cccd', 'cmnd',
  'mrn', 'ssn', 'insurance', 'number', 'birthDate', 'dob', 'address', 'addresses', 'line', 'commune', 'district', 'text', 'phone', 'telecom',
  'relatedPersons', 'contacts', 'fhirId', 'fhirRef', 'ethnicity', 'personKeys', 'search', 'snapshot', 'inputs', 'answers', 'review', 'ward', 'patient',
]);

function walk(value: unknown, path: string, visit: (path: string, key: string | null, leaf: unknown) => void): void {
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, visit));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      visit(`${path}.${k}`, k, v);
      walk(v, `${path}.${k}`, visit);
    }
  } else visit(path, null, value);
}

/** The identifying values of a record, as strings a view must never carry. */
function identifyingValues(r: PatientRecord): string[] {
  const p = r.snapshot.patient;
  const values = [p.name?.full, p.birthDate, p.identifiers.bhyt, p.identifiers.nationalId, p.identifiers.oldCitizenId, p.identifiers.mrn, p.phone, r.fhirId];
  for (const a of p.addresses) values.push(a.text, ...a.line, a.commune, a.district);
  for (const rp of r.snapshot.relatedPersons) values.push(rp.name?.full, rp.phone);
  return values.filter((v): v is string => typeof v === 'string' && v.length >= 4);
}

function expectDeidentified(view: object, record: PatientRecord, audience: string): void {
  const secrets = identifyingValues(record);
  walk(view, audience, (path, key, leaf) => {
    if (key !== null) expect(FORBIDDEN_KEYS.has(key), `${path}: a ${audience} view must not show ${key}`).toBe(false);
    if (typeof leaf === 'string') for (const s of secrets) expect(leaf.includes(s), `${path} carries an identifying value`).toBe(false);
  });
}

const t = await startTestApp();
let demo: RunningDemoHospital;
const records: PatientRecord[] = [];
const flags: FlagRecord[] = [];
const now = new Date('2026-12-06T03:00:00Z');

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 12, seed: 4242, now });
  const h = await findHospital((await makeFhirHospital(demo.baseUrl)).id);
  if (!h) throw new Error('no hospital');
  for (let i = 1; i <= 12; i++) {
    const { record } = await linkPatient(h, `bvdklc-${String(i).padStart(6, '0')}`, 'test', now);
    records.push(record);
    const qr = questionnaireResponse();
    const out = await screenOne(h, { record, kind: 'questionnaire', answers: readScreeningResponse(qr).answers, questionnaireResponse: qr, by: 'test', now });
    if (out.flag) flags.push(out.flag);
  }
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

const PATIENT_AUDIENCES = [
  ['receiving-hospital', toReceivingHospitalPatient, receivingHospitalPatientSchema],
  ['charity-partner', toCharityPartnerPatient, charityPartnerPatientSchema],
  ['conference-guest', toConferenceGuestPatient, conferenceGuestPatientSchema],
] as const;

const FLAG_AUDIENCES = [
  ['receiving-hospital', toReceivingHospitalFlag, receivingHospitalFlagSchema],
  ['charity-partner', toCharityPartnerFlag, charityPartnerFlagSchema],
  ['conference-guest', toConferenceGuestFlag, conferenceGuestFlagSchema],
] as const;

describe('the patient, per audience', () => {
  it('the fixtures carry what must be hidden (names, birth dates, card numbers, addresses)', () => {
    expect(records.every((r) => r.snapshot.patient.name?.full && r.snapshot.patient.birthDate)).toBe(true);
    expect(records.some((r) => r.snapshot.patient.identifiers.bhyt)).toBe(true);
    expect(records.some((r) => r.snapshot.patient.addresses.length > 0)).toBe(true);
  });

  it.each(PATIENT_AUDIENCES)('%s: no name, ID numbers, exact address or birth date; only the fields its mapper lists', (audience, map, schema) => {
    for (const record of records) {
      const view = map({ record, needs: ['poverty-poor'], today: '2026-12-06' });
      expect(view.audience).toBe(audience);
      expect(Object.keys(view).sort(), 'the view shows exactly the fields its schema lists').toEqual(Object.keys(schema.shape).sort());
      expect(() => schema.strict().parse(view)).not.toThrow();
      expectDeidentified(view, record, audience);
      expect(view.ageBand).toMatch(/^(0-5|6-15|16-24|25-44|45-59|60\+)$/);
    }
  });
});

describe('the flag, per audience', () => {
  it('the fixtures raised flags', () => {
    expect(flags.length).toBeGreaterThan(0);
  });

  it.each(FLAG_AUDIENCES)('%s: needs and urgency, never the patient, the answers, the rule inputs or the reviewer', (audience, map, schema) => {
    for (const flag of flags) {
      const view = map(flag, now);
      expect(Object.keys(view).sort()).toEqual(Object.keys(schema.shape).sort());
      expect(() => schema.strict().parse(view)).not.toThrow();
      const record = records.find((r) => r._id.equals(flag.patientId));
      if (!record) throw new Error('flag without its patient');
      expectDeidentified(view, record, audience);
      expect(view.needs.length).toBeGreaterThan(0);
    }
  });
});

describe('age bands', () => {
  it.each([
    ['2026-06-01', '0-5'],
    ['2020-12-07', '0-5'],
    ['2020-12-06', '6-15'],
    ['2010-12-07', '6-15'],
    ['2010-12-06', '16-24'],
    ['1981-12-06', '45-59'],
    ['1966-12-06', '60+'],
    ['1990', '25-44'],
    [null, null],
  ])('born %s → %s on 2026-12-06', (born, band) => {
    expect(ageBand(born, '2026-12-06')).toBe(band);
  });
});
