import { VIETNAM_OFFSET_MS } from '../../fhir-mappings/dates.js';
import type { NotificationParams } from './notifications.model.js';

/**
 * The notification templates. Each one is worded twice: here for e-mail (Vietnamese first, then
 * English, in one mail) and in the client's vi/en JSON (`notifications.templates.<id>`) for the
 * in-app list, both from the same params.
 *
 * Privacy by construction: a subject has no placeholders at all, so it can never carry a
 * patient's name or identifier (mail subjects show on lock screens and in server logs). Bodies
 * word only the params their template declares, and a template's params are never patient data:
 * the mail says what happened and links to the app, where the signed-in user sees the rest.
 */
export type ParamKind = 'text' | 'count' | 'datetime';

export interface Template {
  /** The params the body words, and how each is written. */
  params: Readonly<Record<string, ParamKind>>;
  subject: { vi: string; en: string };
  /** One paragraph each, with `{{name}}` placeholders for declared params. */
  body: { vi: string; en: string };
}

export const TEMPLATES = {
  'sync.completed': {
    params: { hospital: 'text', startedAt: 'datetime', patients: 'count' },
    subject: { vi: 'Đồng bộ danh sách nội trú đã xong', en: 'Census sync finished' },
    body: {
      vi: 'Lần đồng bộ danh sách bệnh nhân nội trú của {{hospital}}, bắt đầu lúc {{startedAt}}, đã xong: {{patients}} bệnh nhân được cập nhật.',
      en: 'The inpatient census sync of {{hospital}}, started at {{startedAt}}, has finished: {{patients}} patients were updated.',
    },
  },
  'sync.failed': {
    params: { hospital: 'text', startedAt: 'datetime' },
    subject: { vi: 'Đồng bộ danh sách nội trú không thành công', en: 'Census sync failed' },
    body: {
      vi: 'Lần đồng bộ danh sách bệnh nhân nội trú của {{hospital}}, bắt đầu lúc {{startedAt}}, đã không thành công. Mở Nhịp Cầu để xem lý do và chạy lại.',
      en: 'The inpatient census sync of {{hospital}}, started at {{startedAt}}, failed. Open Nhịp Cầu to see why and run it again.',
    },
  },
  'flag.write-back-failed': {
    params: { hospital: 'text' },
    subject: { vi: 'Chưa ghi được một cờ hỗ trợ vào hồ sơ bệnh viện', en: 'A support flag could not be written to the hospital record' },
    body: {
      vi: 'Nhịp Cầu đã thử nhiều lần nhưng không ghi được một cờ hỗ trợ xã hội vào hệ thống FHIR của {{hospital}} và đã dừng thử. Mở Nhịp Cầu để xem cờ và thử lại.',
      en: 'Nhịp Cầu tried several times but could not write a social-support flag to the FHIR system of {{hospital}}, and has stopped trying. Open Nhịp Cầu to see the flag and try again.',
    },
  },
  // Cases (decision 0020). The hospital is the only param: never the patient, never the free text of a request.
  'case.assigned': {
    params: { hospital: 'text' },
    subject: { vi: 'Bạn được giao một ca công tác xã hội', en: 'A social-work case has been assigned to you' },
    body: {
      vi: 'Trưởng phòng công tác xã hội của {{hospital}} đã giao cho bạn một ca. Mở Nhịp Cầu để xem ca và kế hoạch hỗ trợ.',
      en: 'The head of social work of {{hospital}} has assigned a case to you. Open Nhịp Cầu to see the case and its support plan.',
    },
  },
  'case.closure-requested': {
    params: { hospital: 'text' },
    subject: { vi: 'Một ca đang chờ duyệt đóng', en: 'A case is waiting for closure approval' },
    body: {
      vi: 'Một nhân viên công tác xã hội của {{hospital}} đề nghị đóng một ca. Mở Nhịp Cầu để xem kết quả, tóm tắt và duyệt hoặc trả lại.',
      en: 'A social worker of {{hospital}} asks to close a case. Open Nhịp Cầu to read the outcome and summary, and approve or return it.',
    },
  },
  'case.closure-returned': {
    params: { hospital: 'text' },
    subject: { vi: 'Đề nghị đóng ca đã bị trả lại', en: 'A closure request was returned' },
    body: {
      vi: 'Trưởng phòng công tác xã hội của {{hospital}} đã trả lại đề nghị đóng ca của bạn. Mở Nhịp Cầu để xem lý do.',
      en: 'The head of social work of {{hospital}} returned your request to close a case. Open Nhịp Cầu to see why.',
    },
  },
  'case.closed': {
    params: { hospital: 'text' },
    subject: { vi: 'Một ca đã được duyệt đóng', en: 'A case has been closed' },
    body: {
      vi: 'Trưởng phòng công tác xã hội của {{hospital}} đã duyệt đóng một ca bạn phụ trách. Mở Nhịp Cầu để xem kết quả.',
      en: 'The head of social work of {{hospital}} approved the closure of a case you worked on. Open Nhịp Cầu to see the outcome.',
    },
  },
  // Referrals (issue 11): hospitals and organisations are the only params, never the patient, never the thread's text.
  'referral.sent': {
    params: { hospital: 'text' },
    subject: { vi: 'Có một chuyển gửi mới đến đơn vị của bạn', en: 'A new referral has arrived for your team' },
    body: {
      vi: '{{hospital}} đã gửi một chuyển gửi đến đơn vị của bạn. Mở Nhịp Cầu để xem nhu cầu và trả lời trong hạn.',
      en: '{{hospital}} has sent a referral to your team. Open Nhịp Cầu to see the needs and answer in time.',
    },
  },
  'referral.status.received': {
    params: { hospital: 'text', recipient: 'text' },
    subject: { vi: 'Chuyển gửi của bạn đã được nhận', en: 'Your referral has been received' },
    body: {
      vi: '{{recipient}} đã nhận chuyển gửi từ {{hospital}} và sẽ trả lời. Mở Nhịp Cầu để theo dõi.',
      en: '{{recipient}} has received the referral from {{hospital}} and will answer. Open Nhịp Cầu to follow it.',
    },
  },
  'referral.status.accepted': {
    params: { hospital: 'text', recipient: 'text' },
    subject: { vi: 'Chuyển gửi của bạn đã được chấp nhận', en: 'Your referral has been accepted' },
    body: {
      vi: '{{recipient}} đã chấp nhận chuyển gửi từ {{hospital}}. Mở Nhịp Cầu để xem câu trả lời.',
      en: '{{recipient}} has accepted the referral from {{hospital}}. Open Nhịp Cầu to see the answer.',
    },
  },
  'referral.status.rejected': {
    params: { hospital: 'text', recipient: 'text' },
    subject: { vi: 'Chuyển gửi của bạn đã bị từ chối', en: 'Your referral has been declined' },
    body: {
      vi: '{{recipient}} đã từ chối chuyển gửi từ {{hospital}}. Mở Nhịp Cầu để xem lý do và tìm nơi nhận khác.',
      en: '{{recipient}} has declined the referral from {{hospital}}. Open Nhịp Cầu to see why and find another recipient.',
    },
  },
  'referral.status.in-progress': {
    params: { hospital: 'text', recipient: 'text' },
    subject: { vi: 'Chuyển gửi của bạn đang được thực hiện', en: 'Work on your referral has started' },
    body: {
      vi: '{{recipient}} đã bắt đầu hỗ trợ theo chuyển gửi từ {{hospital}}. Mở Nhịp Cầu để theo dõi.',
      en: '{{recipient}} has started the work asked for by the referral from {{hospital}}. Open Nhịp Cầu to follow it.',
    },
  },
  'referral.status.on-hold': {
    params: { hospital: 'text', recipient: 'text' },
    subject: { vi: 'Chuyển gửi của bạn đang tạm dừng', en: 'Your referral is on hold' },
    body: {
      vi: '{{recipient}} đã tạm dừng chuyển gửi từ {{hospital}}. Mở Nhịp Cầu để xem lý do.',
      en: '{{recipient}} has put the referral from {{hospital}} on hold. Open Nhịp Cầu to see why.',
    },
  },
  'referral.status.completed': {
    params: { hospital: 'text', recipient: 'text' },
    subject: { vi: 'Chuyển gửi của bạn đã hoàn thành', en: 'Your referral has been completed' },
    body: {
      vi: '{{recipient}} đã hoàn thành chuyển gửi từ {{hospital}}. Kết quả hỗ trợ đã được ghi vào dòng thời gian của ca. Mở Nhịp Cầu để xem.',
      en: '{{recipient}} has completed the referral from {{hospital}}. The help given is on the case timeline. Open Nhịp Cầu to read it.',
    },
  },
  'referral.status.failed': {
    params: { hospital: 'text', recipient: 'text' },
    subject: { vi: 'Chuyển gửi của bạn không thực hiện được', en: 'Your referral could not be carried out' },
    body: {
      vi: '{{recipient}} không thực hiện được chuyển gửi từ {{hospital}}. Mở Nhịp Cầu để xem lý do.',
      en: '{{recipient}} could not carry out the referral from {{hospital}}. Open Nhịp Cầu to see why.',
    },
  },
  'referral.status.cancelled': {
    params: { hospital: 'text', recipient: 'text' },
    subject: { vi: 'Một chuyển gửi đã được huỷ', en: 'A referral has been cancelled' },
    body: {
      vi: 'Chuyển gửi từ {{hospital}} đến {{recipient}} đã được nơi gửi huỷ. Mở Nhịp Cầu để xem lý do.',
      en: 'The referral from {{hospital}} to {{recipient}} has been cancelled by its sender. Open Nhịp Cầu to see why.',
    },
  },
  'referral.comment-added': {
    params: { from: 'text' },
    subject: { vi: 'Có trao đổi mới trong một chuyển gửi', en: 'A new message in a referral' },
    body: {
      vi: '{{from}} đã viết một trao đổi mới trong một chuyển gửi. Mở Nhịp Cầu để đọc và trả lời.',
      en: '{{from}} has written a new message in a referral. Open Nhịp Cầu to read and answer it.',
    },
  },
  'referral.escalated': {
    params: { hospital: 'text', recipient: 'text' },
    subject: { vi: 'Một chuyển gửi đã quá hạn', en: 'A referral is overdue' },
    body: {
      vi: 'Chuyển gửi từ {{hospital}} đến {{recipient}} đã quá hạn. Mở bảng chuyển gửi quá hạn trong Nhịp Cầu để đôn đốc.',
      en: 'The referral from {{hospital}} to {{recipient}} is overdue. Open the overdue referrals board in Nhịp Cầu to follow it up.',
    },
  },
  'referral.reminder.accept': {
    params: { hospital: 'text' },
    subject: { vi: 'Nhắc: một chuyển gửi đang chờ đơn vị bạn trả lời', en: 'Reminder: a referral is waiting for your answer' },
    body: {
      vi: 'Chuyển gửi từ {{hospital}} đã quá hạn trả lời. Mở Nhịp Cầu để nhận, chấp nhận hoặc từ chối.',
      en: 'The referral from {{hospital}} is past the day it was to be answered. Open Nhịp Cầu to receive, accept or decline it.',
    },
  },
  'referral.reminder.complete': {
    params: { hospital: 'text' },
    subject: { vi: 'Nhắc: một chuyển gửi đã quá hạn hoàn thành', en: 'Reminder: a referral is past its completion day' },
    body: {
      vi: 'Chuyển gửi từ {{hospital}} đã quá hạn hoàn thành. Mở Nhịp Cầu để cập nhật tình trạng hoặc kết quả hỗ trợ.',
      en: 'The referral from {{hospital}} is past the day the work was to be done. Open Nhịp Cầu to update its state or record the help given.',
    },
  },
  // Funding requests (decision 0025): the hospital and the request's reference only, never the patient nor the justification.
  'funding.submitted': {
    params: { hospital: 'text', reference: 'text' },
    subject: { vi: 'Một đề nghị hỗ trợ tài chính đang chờ duyệt', en: 'A funding request is waiting for approval' },
    body: {
      vi: 'Đề nghị hỗ trợ {{reference}} của {{hospital}} đã được gửi và đang chờ trưởng phòng công tác xã hội duyệt. Mở Nhịp Cầu để xem và duyệt.',
      en: 'Funding request {{reference}} of {{hospital}} has been submitted and is waiting for the head of social work. Open Nhịp Cầu to review it.',
    },
  },
  'funding.approved': {
    params: { hospital: 'text', reference: 'text' },
    subject: { vi: 'Đề nghị hỗ trợ của bạn đã được duyệt', en: 'Your funding request has been approved' },
    body: {
      vi: 'Trưởng phòng công tác xã hội của {{hospital}} đã duyệt đề nghị hỗ trợ {{reference}}. Mở Nhịp Cầu để viết câu chuyện và đăng lên cho nhà tài trợ.',
      en: 'The head of social work of {{hospital}} has approved funding request {{reference}}. Open Nhịp Cầu to write its story and publish it for partners.',
    },
  },
  'funding.returned': {
    params: { hospital: 'text', reference: 'text' },
    subject: { vi: 'Đề nghị hỗ trợ của bạn được trả lại để sửa', en: 'Your funding request has been returned' },
    body: {
      vi: 'Trưởng phòng công tác xã hội của {{hospital}} đã trả lại đề nghị hỗ trợ {{reference}} về bản nháp. Mở Nhịp Cầu để xem lý do và sửa.',
      en: 'The head of social work of {{hospital}} has returned funding request {{reference}} to a draft. Open Nhịp Cầu to see why and change it.',
    },
  },
  // Money (the ledger, decision 0025): the partner organisation and the request's reference only, never the patient nor an amount.
  'funding.pledged': {
    params: { organisation: 'text', reference: 'text' },
    subject: { vi: 'Có cam kết tài trợ mới cho đề nghị hỗ trợ', en: 'A new pledge on a funding request' },
    body: {
      vi: '{{organisation}} đã cam kết tài trợ cho đề nghị hỗ trợ {{reference}}. Mở Nhịp Cầu để xem số tiền đã được cam kết.',
      en: '{{organisation}} has pledged to funding request {{reference}}. Open Nhịp Cầu to see the amount pledged.',
    },
  },
  'funding.disbursed': {
    params: { organisation: 'text', reference: 'text' },
    subject: { vi: 'Nhà tài trợ đã giải ngân cho đề nghị hỗ trợ', en: 'A partner has disbursed on a funding request' },
    body: {
      vi: '{{organisation}} đã ghi nhận một khoản giải ngân cho đề nghị hỗ trợ {{reference}}. Mở Nhịp Cầu để xem và bổ sung chứng từ.',
      en: '{{organisation}} has recorded a disbursement on funding request {{reference}}. Open Nhịp Cầu to see it and add receipts.',
    },
  },
  'funding.pledge-expired': {
    params: { hospital: 'text', reference: 'text' },
    subject: { vi: 'Một cam kết tài trợ đã hết hạn', en: 'A pledge has expired' },
    body: {
      vi: 'Cam kết tài trợ của tổ chức bạn cho đề nghị hỗ trợ {{reference}} ({{hospital}}) đã hết hạn mà chưa giải ngân; số tiền đã trở lại đề nghị.',
      en: "Your organisation's pledge to funding request {{reference}} ({{hospital}}) expired before it was disbursed; the amount has returned to the request.",
    },
  },
  // Outcomes (statements part): to the partners that pledged; the hospital and the reference only, never the outcome's text.
  'funding.outcome-posted': {
    params: { hospital: 'text', reference: 'text' },
    subject: { vi: 'Có cập nhật kết quả cho một hoàn cảnh bạn tài trợ', en: 'An outcome update on a request you fund' },
    body: {
      vi: '{{hospital}} đã cập nhật kết quả hỗ trợ cho đề nghị {{reference}} mà tổ chức của bạn đã cam kết tài trợ. Mở Nhịp Cầu để đọc.',
      en: '{{hospital}} has posted an outcome update on funding request {{reference}}, which your organisation pledged to. Open Nhịp Cầu to read it.',
    },
  },
} as const satisfies Record<string, Template>;

export type TemplateId = keyof typeof TEMPLATES;

export function isTemplateId(id: string): id is TemplateId {
  return Object.hasOwn(TEMPLATES, id);
}

const counts = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

/** Dates as Vietnam wall time, `dd/MM/yyyy HH:mm` (the app's format in both languages). */
export function formatVietnamDateTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const t = new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString();
  return `${t.slice(8, 10)}/${t.slice(5, 7)}/${t.slice(0, 4)} ${t.slice(11, 16)}`;
}

function formatParam(kind: ParamKind, value: string | number | undefined): string {
  if (value === undefined) return '—';
  if (kind === 'count') return typeof value === 'number' ? counts.format(value) : String(value);
  if (kind === 'datetime') return formatVietnamDateTime(String(value));
  return String(value);
}

/** A template's paragraph in one language, with only its declared params filled in. */
export function wordBody(id: TemplateId, lang: 'vi' | 'en', params: NotificationParams): string {
  const t: Template = TEMPLATES[id];
  return t.body[lang].replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
    const kind = t.params[name];
    return kind ? formatParam(kind, params[name]) : '';
  });
}

/** Only the params the template declares are kept: anything else a caller passes is dropped, never stored. */
export function declaredParams(id: TemplateId, params: NotificationParams): NotificationParams {
  const t: Template = TEMPLATES[id];
  return Object.fromEntries(Object.entries(params).filter(([k]) => Object.hasOwn(t.params, k)));
}
