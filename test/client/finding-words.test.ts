import { describe, expect, it } from 'vitest';
import { FINDING_CODE_WORDS, findingCodeWords } from '../../client/src/i18n/finding-words.js';
import { RULE_SETS } from '../../server/features/screening/rules/index.js';

/** The flag-tiers screen names every finding a hospital can move between tiers, in both languages. */
describe('finding codes in words', () => {
  const keys = [...new Set(RULE_SETS.flatMap((set) => Object.keys(set.tiers)))];

  it.each(keys)('%s reads as words in Vietnamese and English, never the code', (code) => {
    const words = FINDING_CODE_WORDS[code];
    expect(words, `no words for ${code}`).toBeDefined();
    for (const lang of ['vi', 'en'] as const) {
      const text = findingCodeWords(code, lang);
      expect(text.length).toBeGreaterThan(3);
      expect(text).not.toBe(code);
    }
    expect(words?.vi).not.toBe(words?.en);
  });

  it('a high-cost group reads as the high-cost key; an unknown code as a neutral phrase', () => {
    expect(findingCodeWords('high-cost-cancer', 'vi')).toBe(FINDING_CODE_WORDS['high-cost']?.vi);
    expect(findingCodeWords('some-new-code', 'vi')).toBe('Dấu hiệu khác');
    expect(findingCodeWords('some-new-code', 'en')).toBe('Other finding');
  });
});
