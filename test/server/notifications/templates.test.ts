import { describe, expect, it } from 'vitest';
import { composeMail } from '../../../server/notifications/notifications.compose.js';
import { TEMPLATES, type TemplateId } from '../../../server/notifications/notifications.templates.js';

/**
 * Every template, walked with a fixture that puts a patient's name and identifiers into every
 * param (as a careless caller might): the subject never carries them (it has no placeholders at
 * all), params a template does not declare never reach the body, Vietnamese comes first. (The
 * client's words for each template: test/client/notification-words.test.ts.)
 */
const PATIENT = { name: 'Nguyễn Thị Hoa', bhyt: 'GD4010123456789', cccd: '001204012345', mrn: 'BA-2026-000123' };
const IDENTIFYING = Object.values(PATIENT);
const ids = Object.keys(TEMPLATES) as TemplateId[];

/** Every declared param set to the patient's name (numbers to a count), plus undeclared identifying ones. */
function careless(id: TemplateId): Record<string, string | number> {
  const declared = Object.fromEntries(
    Object.entries(TEMPLATES[id].params).map(([k, kind]) => [
      k,
      kind === 'count' ? 1946 : kind === 'datetime' ? '2026-03-02T01:05:00Z' : PATIENT.name,
    ]),
  );
  return { ...declared, patientName: PATIENT.name, bhyt: PATIENT.bhyt, nationalId: PATIENT.cccd, mrn: PATIENT.mrn };
}

describe.each(ids)('template %s', (id) => {
  const mail = composeMail(id, careless(id), 'https://nhipcau.example.vn/sync');

  it('has a subject with no patient name or identifier, Vietnamese first', () => {
    for (const value of IDENTIFYING) expect(mail.subject).not.toContain(value);
    expect(mail.subject).toBe(`${TEMPLATES[id].subject.vi} · ${TEMPLATES[id].subject.en}`);
    expect(TEMPLATES[id].subject.vi + TEMPLATES[id].subject.en, 'a subject has no placeholders').not.toMatch(/\{\{/);
  });

  it('words only the params it declares, in Vietnamese then English, with the link', () => {
    for (const value of [PATIENT.bhyt, PATIENT.cccd, PATIENT.mrn]) {
      expect(mail.text).not.toContain(value);
      expect(mail.html).not.toContain(value);
    }
    expect(mail.text).not.toMatch(/\{\{|undefined/);
    expect(mail.text.indexOf('Xin chào')).toBeLessThan(mail.text.indexOf('Hello'));
    expect(mail.text.match(/https:\/\/nhipcau\.example\.vn\/sync/g)).toHaveLength(2);
    const used = [...`${TEMPLATES[id].body.vi}${TEMPLATES[id].body.en}`.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);
    expect([...new Set(used)].sort()).toEqual(Object.keys(TEMPLATES[id].params).sort());
  });
});
