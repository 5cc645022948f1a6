import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDay } from '../../fhir-mappings/dates.js';
import { startE2eApp, submitScreening, type E2eApp } from './harness.js';

/**
 * The patient page and the screening form in Chromium (issue 8, B11, C15, C16, C17, C19): a stay
 * that has ended is the last stay, never the current one; the card's province old and new; the old
 * identity card; the carer named on the Patient; a province code in no table said as a sentence;
 * the screening date field (dd/MM/yyyy, today by default) sends the day a paper form was done.
 */
const FIXTURES = join(import.meta.dirname, '../fhir-mappings/fixtures');
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
const year = new Date().getUTCFullYear();

describe('the patient page and the screening date in a real browser', () => {
  let app: E2eApp;
  let baseUrl: string;
  let page: Page;
  const ids = { child: '', odd: '' };

  async function put(resource: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${baseUrl}/demo-fhir/BVDKLC/${String(resource.resourceType)}/${String(resource.id)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify(resource),
    });
    if (!res.ok) throw new Error(`PUT ${String(resource.id)}: ${res.status}`);
  }
  const coverage = (id: string, patientId: string, bhyt: string): Record<string, unknown> => ({
    ...fixture('coverage-bhyt.json'),
    id,
    identifier: [{ system: 'http://fhir.ehealth.gov.vn/core/sid/insurance_number', value: bhyt }],
    beneficiary: { reference: `Patient/${patientId}` },
    period: { start: `${year - 1}-01-01`, end: `${year + 1}-12-31` },
  });
  const link = (fhirId: string): Promise<string> =>
    page.evaluate(async (id) => {
      const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string };
      const res = await fetch('/api/v1/patients', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ fhirId: id }),
      });
      return ((await res.json()) as { id: string }).id;
    }, fhirId);

  async function seedPatients(): Promise<void> {
    const child = fixture('patient-child-contacts.json') as { id: string; contact: { telecom?: unknown }[] };
    child.contact[2] = { ...child.contact[2], telecom: [child.contact[2]?.telecom] };
    await put(child);
    await put(coverage('cov-e2e-child', child.id, 'HN2151234567890'));
    await put({ ...fixture('encounter-finished.json'), id: 'enc-e2e-child', subject: { reference: `Patient/${child.id}` } });
    const odd = { resourceType: 'Patient', id: 'bn-e2e-odd', name: [{ text: 'Vàng Thị Dợ' }], gender: 'female', birthDate: '1990-02-02' };
    await put(odd);
    await put(coverage('cov-e2e-odd', odd.id, 'HN2991234567890'));
    ids.child = await link(child.id);
    ids.odd = await link(odd.id);
  }

  beforeAll(async () => {
    app = await startE2eApp({ name: 'record', hospital: { patients: 10, seed: 17 } });
    baseUrl = app.baseUrl;
    page = await app.newPage({ lang: 'vi', width: 390, height: 844 });
    await app.signIn(page, 'ctxh.bvdklc', 'social_worker');
    await seedPatients();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('a discharged patient: the last stay with its discharge day, never "the current stay"', async () => {
    await page.goto(`${baseUrl}/patients/${ids.child}`);
    const stay = page.getByTestId('patient-stay');
    await stay.waitFor();
    expect(await stay.getAttribute('data-stay')).toBe('last');
    const text = await stay.innerText();
    expect(text).toContain('Đợt điều trị gần nhất');
    expect(text).not.toContain('Đợt điều trị hiện tại');
    expect(await page.getByTestId('stay-discharged').innerText()).toBe('Ra viện ngày 17/02/2026');
  });

  it("shows the card's province old and new, the old identity card and the carer on the Patient", async () => {
    await page.goto(`${baseUrl}/patients/${ids.child}`);
    await page.getByTestId('patient-identity').waitFor();
    expect(await page.getByTestId('insurance-province').innerText()).toBe('Yên Bái, nay Lào Cai');
    expect(await page.getByTestId('patient-old-citizen-id').innerText()).toBe('172345678');
    expect(await page.getByTestId('patient-related').innerText()).toContain('Hà Thị Dung');
  });

  it('a province code in no table is said as a sentence, and the card still shows its group', async () => {
    await page.goto(`${baseUrl}/patients/${ids.odd}`);
    const province = page.getByTestId('insurance-province');
    await province.waitFor();
    expect(await province.innerText()).toContain('Mã tỉnh 99 không có trong danh mục');
    expect(await page.getByTestId('insurance-group').innerText()).toContain('HN');
    const box = await province.boundingBox();
    expect(box && box.x + box.width <= 390, 'the note wraps on a phone').toBe(true);
  });

  it('the screening date: today by default as dd/MM/yyyy; a paper form entered later is stored with its day', { timeout: 60_000 }, async () => {
    await page.goto(`${baseUrl}/patients/${ids.child}/screening`);
    await page.getByTestId('screening-form').waitFor();
    const field = page.getByTestId('q-performedOn');
    const today = vietnamDay(new Date().toISOString()) as string;
    const shown = (await field.inputValue()).split('/').reverse().join('-');
    // Either side of a Vietnam midnight crossed during the test is right; a UTC day or a US format is not.
    expect([today, new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)]).toContain(shown);
    const past = new Date(Date.parse(`${today}T00:00:00Z`) - 2 * 86_400_000).toISOString().slice(0, 10);
    await field.click();
    await field.fill(past.split('-').reverse().join('/'));
    await field.press('Enter');
    const res = await submitScreening(page);
    expect(res.status(), await res.text()).toBe(201);
    expect(res.request().postDataJSON()).toMatchObject({ performedOn: past });
    expect(((await res.json()) as { screening: { screeningDate: string } }).screening.screeningDate).toBe(past);
  });
});
