import { FileImageOutlined, FilePdfOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import type { ApiErrorParams } from '../../api';
import { isApiError } from '../../api';
import type { Attachment } from '../../api-types';
import { formatNumber } from '../../format';

/** Sizes in words the Vietnamese way in both languages (`1,4 MB`, `320 KB`), like every number in the app. */
export function sizeText(bytes: number, t: TFunction): string {
  if (bytes < 1024) return t('attachments.size.bytes', { n: formatNumber(bytes), count: bytes });
  if (bytes < 1024 * 1024) return t('attachments.size.kb', { n: formatNumber(Math.round(bytes / 1024)) });
  return t('attachments.size.mb', { n: formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10) });
}

export function isImage(a: Pick<Attachment, 'contentType'>): boolean {
  return a.contentType.startsWith('image/');
}

export function FileIcon({ attachment }: { attachment: Pick<Attachment, 'contentType'> }): React.JSX.Element {
  return isImage(attachment) ? <FileImageOutlined aria-hidden /> : <FilePdfOutlined aria-hidden />;
}

/** `application/pdf` → `PDF`; a file name's extension `.JPG` → `JPG`: the names people know file types by. */
function typeName(value: string | number | undefined): string {
  const raw = String(value ?? '').trim();
  const short = raw.includes('/') ? (raw.split('/').pop() ?? raw) : raw.replace(/^\./, '');
  return short.toUpperCase() || '?';
}

const MB = 1024 * 1024;

/** The limit the server named in a 413 (in bytes, under any of the names it may use), in whole MB. */
function limitMb(params: ApiErrorParams): string | null {
  const bytes = [params.maxBytes, params.limitBytes, params.limit, params.max].find((v) => typeof v === 'number');
  if (typeof bytes !== 'number') return null;
  return formatNumber(Math.round((bytes / MB) * 10) / 10);
}

/**
 * What went wrong with an upload, said for this form: the general error sentences do not know the
 * limit or the two file types involved. Null for errors the shared error alert words well enough.
 */
export function uploadProblem(error: unknown, t: TFunction): string | null {
  if (!isApiError(error)) return null;
  const detail = error.details.find((d) => d.code?.startsWith('ATTACHMENT.'));
  const params = { ...(detail?.params ?? {}), ...error.params };
  const code = error.code.startsWith('ATTACHMENT.') ? error.code : (detail?.code ?? error.code);
  if (code === 'ATTACHMENT.TOO_LARGE' || error.status === 413) {
    const mb = limitMb(params);
    return mb ? t('attachments.tooLarge', { mb }) : t('attachments.tooLargeNoLimit');
  }
  if (code === 'ATTACHMENT.TYPE_NOT_ALLOWED') return t('attachments.typeNotAllowed');
  if (code === 'ATTACHMENT.TYPE_MISMATCH') {
    return t('attachments.typeMismatch', { extension: typeName(params.extension), detected: typeName(params.detected) });
  }
  return null;
}
