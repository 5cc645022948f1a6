import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { notificationText, TEMPLATE_KEYS } from '../../client/src/features/notifications/notification-words';
import { RESOURCES } from '../../client/src/i18n/resources';
import { TEMPLATES, type TemplateId } from '../../server/notifications/notifications.templates';

/**
 * The bell's drawer words every notification template the server has, in Vietnamese and English,
 * from the template id and its params: dates dd/MM/yyyy HH:mm in Vietnam time, counts 1.946, no
 * key or placeholder left. A template the client does not know yet reads as a plain sentence.
 */
const ids = Object.keys(TEMPLATES) as TemplateId[];

function paramsOf(id: TemplateId): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, kind] of Object.entries(TEMPLATES[id].params))
    out[k] = kind === 'count' ? 1946 : kind === 'datetime' ? '2026-03-02T01:05:00Z' : 'Bệnh viện Đa khoa tỉnh Lào Cai';
  return out;
}

describe('the client words every template', () => {
  const ts = {} as Record<'vi' | 'en', TFunction>;
  beforeAll(async () => {
    for (const lng of ['vi', 'en'] as const) {
      const instance = i18next.createInstance();
      await instance.init({
        lng,
        resources: { [lng]: { translation: RESOURCES[lng] } },
        interpolation: { escapeValue: false },
        initAsync: false,
      });
      ts[lng] = instance.t;
    }
  });

  it.each(ids)('%s reads as a sentence in both languages, with its params written the app’s way', (id) => {
    expect(Object.keys(TEMPLATE_KEYS)).toContain(id);
    const params = paramsOf(id);
    const vi = notificationText({ template: id, params }, ts.vi);
    const en = notificationText({ template: id, params }, ts.en);
    expect(vi).not.toBe(en);
    for (const text of [vi, en]) {
      expect(text).toContain('Bệnh viện Đa khoa tỉnh Lào Cai');
      expect(text).not.toMatch(/\{\{|notifications\.|undefined/);
      if ('startedAt' in TEMPLATES[id].params) expect(text).toContain('02/03/2026 08:05');
      if ('patients' in TEMPLATES[id].params) expect(text).toContain('1.946');
    }
  });

  it('a template the client does not know reads as a plain sentence', () => {
    expect(notificationText({ template: 'referral.accepted', params: {} }, ts.vi)).toBe('Bạn có một thông báo mới.');
  });
});
