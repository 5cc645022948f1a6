import dayjs from 'dayjs';
import 'dayjs/locale/en';
import 'dayjs/locale/vi';
import i18n, { type FormatterModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { formatNumber } from '../format';
import { RESOURCES, type Translation } from './resources';

/**
 * Vietnamese first, English second. Every UI string lives in vi.json / en.json (and the wording of
 * server codes in words.*.json): resources.ts merges them and checks both languages have every key.
 */

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Translation };
  }
}

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';
export const LANGUAGE_STORAGE_KEY = 'nhipcau.lang';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The language the user picked in the header, if any (storage may be unavailable). */
export function storedLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

function applyToPage(language: Language): void {
  dayjs.locale(language);
  document.documentElement.lang = language;
}

/** Switch the UI language and remember the choice for the next visit. */
export async function changeLanguage(language: Language, remember = true): Promise<void> {
  if (remember) {
    try {
      window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
    } catch {
      // private mode or storage disabled: the choice lasts for this page only
    }
  }
  applyToPage(language);
  await i18n.changeLanguage(language);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LANGUAGE;
}

const initial = storedLanguage() ?? DEFAULT_LANGUAGE;
applyToPage(initial);

/**
 * Numbers inside sentences (`{{count}}`, `{{total}}`) written like every other number in the app,
 * `1.946` in both languages (format.ts); i18next would print them bare (`1946`). Named formats
 * (`{{x, number}}`) are not used in vi.json/en.json.
 */
const numberFormatter: FormatterModule = {
  type: 'formatter',
  init: () => undefined,
  add: () => undefined,
  addCached: () => undefined,
  // i18next types the result as a string; anything but a number passes through untouched
  format: (value: unknown) => (typeof value === 'number' ? formatNumber(value) : (value as string)),
};

void i18n
  .use(initReactI18next)
  .use(numberFormatter)
  .init({
    resources: { vi: { translation: RESOURCES.vi }, en: { translation: RESOURCES.en } },
    lng: initial,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false, alwaysFormat: true },
    returnNull: false,
    initAsync: false,
  });

export { i18n };
