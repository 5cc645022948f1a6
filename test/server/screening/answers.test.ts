import { describe, expect, it } from 'vitest';
import { readScreeningResponse } from '../../../server/features/screening/answers.js';
import { SCREENING_QUESTIONNAIRE_URL } from '../../../server/features/screening/questionnaire.js';

/** The questionnaire's answers as the rules engine reads them: every item lands where it should. */
const qr = (extra: object[]) => ({
  resourceType: 'QuestionnaireResponse',
  questionnaire: SCREENING_QUESTIONNAIRE_URL,
  status: 'completed',
  item: [
    {
      linkId: 'household',
      item: [
        { linkId: 'residence', answer: [{ valueCoding: { code: 'urban' } }] },
        { linkId: 'household-size', answer: [{ valueInteger: 3 }] },
        { linkId: 'household-income', answer: [{ valueInteger: 5_400_000 }] },
        { linkId: 'certificate', answer: [{ valueCoding: { code: 'near-poor' } }] },
      ],
    },
    ...extra,
  ],
});

describe('screening answers', () => {
  it('reads household, certificate, deprivations, circumstances and needs', () => {
    const { answers } = readScreeningResponse(
      qr([
        { linkId: 'deprivations', item: [{ linkId: 'housing-area', answer: [{ valueBoolean: true }] }, { linkId: 'water-latrine', answer: [{ valueBoolean: false }] }] },
        { linkId: 'circumstances', item: [{ linkId: 'lives-alone', answer: [{ valueBoolean: true }] }] },
        { linkId: 'needs', item: [{ linkId: 'need-food', answer: [{ valueBoolean: true }] }, { linkId: 'need-safety', answer: [{ valueBoolean: false }] }] },
      ]),
    );
    expect(answers).toMatchObject({
      residence: 'urban',
      householdSize: 3,
      householdIncomePerMonthVnd: 5_400_000,
      certificate: 'near-poor',
      deprivations: ['housing-area'],
      livesAlone: true,
      disability: null,
      needs: ['food'],
    });
  });

  it('tells "not assessed" (null) from "none" for the 12 indicators', () => {
    expect(readScreeningResponse(qr([])).answers.deprivations).toBeNull();
    expect(readScreeningResponse(qr([{ linkId: 'deprivations', item: [{ linkId: 'housing-area', answer: [{ valueBoolean: false }] }] }])).answers.deprivations).toEqual([]);
  });

  it('maps certificate "none" to no certificate', () => {
    const none = qr([]);
    (none.item[0] as { item: { linkId: string; answer: object[] }[] }).item[3] = { linkId: 'certificate', answer: [{ valueCoding: { code: 'none' } }] };
    expect(readScreeningResponse(none).answers.certificate).toBeNull();
  });
});
