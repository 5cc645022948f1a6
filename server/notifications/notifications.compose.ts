import type { NotificationParams } from './notifications.model.js';
import { TEMPLATES, wordBody, type TemplateId } from './notifications.templates.js';

/**
 * One bilingual mail per notification: Vietnamese first, then English, in the subject, the text
 * part and the HTML part. The link is the app's own address (PUBLIC_URL + the notification's path).
 */
export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

const WORDS = {
  vi: {
    hello: 'Xin chào,',
    open: 'Mở Nhịp Cầu',
    footer: 'Thư gửi tự động từ Nhịp Cầu vì bạn có tài khoản ở đây. Xin đừng trả lời thư này.',
  },
  en: {
    hello: 'Hello,',
    open: 'Open Nhịp Cầu',
    footer: 'An automatic message from Nhịp Cầu, sent because you have an account there. Please do not reply.',
  },
} as const;

export function appLink(publicUrl: string, link: string | null): string {
  const path = link && link.startsWith('/') && !link.startsWith('//') ? link : '/';
  return `${publicUrl}${path}`;
}

export function composeMail(template: TemplateId, params: NotificationParams, url: string): ComposedMail {
  const t = TEMPLATES[template];
  const part = (lang: 'vi' | 'en'): string =>
    `${WORDS[lang].hello}\n\n${wordBody(template, lang, params)}\n\n${WORDS[lang].open}: ${url}\n\n${WORDS[lang].footer}`;
  const htmlPart = (lang: 'vi' | 'en'): string =>
    `<div lang="${lang}"><p>${esc(WORDS[lang].hello)}</p><p>${esc(wordBody(template, lang, params))}</p>` +
    `<p><a href="${esc(url)}">${esc(WORDS[lang].open)}</a></p><p style="color:#666;font-size:12px">${esc(WORDS[lang].footer)}</p></div>`;
  return {
    subject: `${t.subject.vi} · ${t.subject.en}`,
    text: `${part('vi')}\n\n— English —\n\n${part('en')}\n`,
    html: `<!doctype html><html lang="vi"><body>${htmlPart('vi')}<hr>${htmlPart('en')}</body></html>`,
  };
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
