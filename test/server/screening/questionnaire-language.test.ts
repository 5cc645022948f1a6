import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localText } from '../../../client/src/features/screening/questionnaire.js';
import type { Questionnaire, QuestionnaireItem } from '../../../client/src/api-types.js';
import { makeHospital, signInAs } from '../../setup/factories.js';
import { startTestApp, type TestApp } from '../../setup/test-app.js';

/**
 * B13: the screening questionnaire the API serves reads in English in English mode, title included:
 * the title and every item carry the FHIR `translation` extension, read by the client's own localText.
 */
let t: TestApp;
let q: Questionnaire;

beforeAll(async () => {
  t = await startTestApp();
  const h = await makeHospital();
  const sw = await signInAs(t.app, 'social_worker', { hospitalId: h.id });
  q = (await sw.agent.get('/api/v1/screening/questionnaire').expect(200)).body as Questionnaire;
});

afterAll(() => t.close());

const items = (list: QuestionnaireItem[] | undefined): QuestionnaireItem[] => (list ?? []).flatMap((i) => [i, ...items(i.item)]);

describe('questionnaire in both languages', () => {
  it('has an English title next to the Vietnamese one', () => {
    expect(localText(q.title, q._title, 'vi')).toBe('Sàng lọc hoàn cảnh xã hội người bệnh');
    expect(localText(q.title, q._title, 'en')).toBe("Screening of the patient's social circumstances");
  });

  it('has every item’s text in English', () => {
    for (const item of items(q.item)) {
      const en = localText(item.text, item._text, 'en');
      expect(en, item.linkId).not.toBe(item.text);
      expect(en.length, item.linkId).toBeGreaterThan(3);
    }
  });
});
