import en from './en.json';
import vi from './vi.json';
import wordsEn from './words.en.json';
import wordsVi from './words.vi.json';

/**
 * The translations, without touching the page (so tests can load them in Node). vi.json / en.json
 * hold the screens' texts; words.*.json the wording of server codes: error codes and field errors,
 * audit actions and record kinds, language names (docs/decisions/0009-words-for-codes.md). Their
 * top-level keys do not overlap, so a shallow merge is enough. The `satisfies` checks make the
 * type-check fail when one language lacks a key the other has.
 */
void (en satisfies typeof vi);
void (vi satisfies typeof en);
void (wordsEn satisfies typeof wordsVi);
void (wordsVi satisfies typeof wordsEn);

export const RESOURCES = {
  vi: { ...vi, ...wordsVi },
  en: { ...en, ...wordsEn },
};

export type Translation = typeof RESOURCES.vi;
