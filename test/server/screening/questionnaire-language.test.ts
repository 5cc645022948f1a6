import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Element, Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';
import { makeHospital, signInAs } from '../../setup/factories.js';
import { startTestApp, type TestApp } from '../../setup/test-app.js';

/**
 * B13: the screening questionnaire the API serves reads in English in English mode, title included:
 * the title and every item carry the FHIR `translation` extension, read by the client's own localText.
 */
let t: TestApp;
/** FHIR JSON's primitive extensions (`_title`, `_text`), which the R4 types leave out. */
type Served = Questionnaire & { _title?: Element };
type Item = QuestionnaireItem & { _text?: Element };
let q: Served;

beforeAll(async () => {
  t = await startTestApp();
  const h = await makeHospital();
  const sw = await signInAs(t.app, 'social_worker', { hospitalId: h.id });
  q = (await sw.agent.get('/api/v1/screening/questionnaire').expect(200)).body as Served;
});

afterAll(() => t.close());

const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';

/** The text in a language as a FHIR client reads it: the `translation` extension for English, the text itself for Vietnamese. */
function localText(text: string | undefined, element: Element | undefined, lang: 'vi' | 'en'): string {
  if (lang === 'vi') return text ?? '';
  const ext = element?.extension?.find((e) => e.url === TRANSLATION && e.extension?.some((x) => x.url === 'lang' && x.valueCode === lang));
  return ext?.extension?.find((x) => x.url === 'content')?.valueString ?? text ?? '';
}

const items = (list: Item[] | undefined): Item[] => (list ?? []).flatMap((i) => [i, ...items(i.item)]);

describe('questionnaire in both languages', () => {
  it('has an English title next to the Vietnamese one', () => {
    expect(localText(q.title, q._title, 'vi')).toBe('Sàng lọc hoàn cảnh xã hội người bệnh');
    expect(localText(q.title, q._title, 'en')).toBe("Screening of the patient's social circumstances");
  });

  it('has every item’s text in English', () => {
    for (const item of items(q.item as Item[] | undefined)) {
      const en = localText(item.text, item._text, 'en');
      expect(en, item.linkId).not.toBe(item.text);
      expect(en.length, item.linkId).toBeGreaterThan(3);
    }
  });
});
