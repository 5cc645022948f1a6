import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Input, Radio, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../../api';
import type { FundingCreateInput, FundingDetail, FundingUrgency } from '../../api-types';
import { FUNDING_URGENCY_LIST } from '../../api-types';
import { vietnamToday } from '../../clock';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldErrors, clearFieldErrors } from '../../components/form-errors';
import { DATE_FORMAT, formatMoney } from '../../format';
import { useAttachments } from '../cases/attachments.api';
import { CheckList } from '../referrals/referral-composer';
import { previewFunding, useCreateFunding, useUpdateFunding, type FundingPreview } from './funding.api';
import { FundingLines, emptyLine, linesToBody, type LineValues } from './funding-editor-lines';
import { urgencyWord } from './funding-words';

interface EditorValues {
  lines: LineValues[];
  urgency: FundingUrgency;
  neededBy: Dayjs | null;
  justification: string;
  documentIds: string[];
}

const FIELDS = ['lines', 'urgency', 'neededBy', 'justification', 'documentIds'] as const;
/** Field paths of a 400 on a line (`lines.0.statedInsuranceVnd`) go under that line's field. */
const lineFields = (n: number): string[] =>
  Array.from({ length: n }, (_, i) =>
    ['kind', 'description', 'totalVnd', 'statedInsuranceVnd', 'serviceDate'].map((f) => `lines.${i}.${f}`),
  ).flat();

function valuesOf(r: FundingDetail | undefined): EditorValues {
  if (!r) return { lines: [emptyLine()], urgency: 'routine', neededBy: null, justification: '', documentIds: [] };
  return {
    lines: r.lines.map((l) => ({
      kind: l.kind,
      description: l.description,
      totalVnd: l.totalVnd,
      statedInsuranceVnd: l.split === 'stated' ? l.insuranceVnd : null,
      serviceDate: null,
    })),
    urgency: r.urgency,
    neededBy: dayjs(r.neededBy),
    justification: r.justification ?? '',
    documentIds: r.documents.map((d) => d.id),
  };
}

/** The live BHYT share: the server's preview of the lines typed so far, asked a moment after typing stops. */
function usePreview(caseId: string, lines: LineValues[] | undefined): { preview: FundingPreview | undefined; failed: boolean } {
  const body = linesToBody(lines);
  const [settled, setSettled] = useState(body);
  const key = JSON.stringify(body);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(JSON.parse(key) as typeof body), 350);
    return () => clearTimeout(timer);
  }, [key]);
  const query = useQuery({
    queryKey: ['funding', 'preview', caseId, settled],
    // neededBy and the justification do not change the split: placeholders keep the preview's body valid.
    queryFn: () => previewFunding(caseId, { lines: settled, neededBy: vietnamToday().format('YYYY-MM-DD'), justification: '…' }),
    enabled: settled.length > 0,
    placeholderData: (previous) => previous,
    retry: false,
  });
  return { preview: settled.length > 0 ? query.data : undefined, failed: query.isError };
}

/** The sums under the lines: charges, what BHYT pays, what the request asks. */
function Totals({ preview, failed }: { preview: FundingPreview | undefined; failed: boolean }): React.JSX.Element {
  const { t } = useTranslation();
  if (failed) return <Alert type="warning" showIcon title={t('funding.editor.previewFailed')} />;
  if (!preview) return <Typography.Paragraph type="secondary">{t('funding.editor.previewEmpty')}</Typography.Paragraph>;
  const total = preview.lines.reduce((s, l) => s + l.totalVnd, 0);
  const insurance = preview.lines.reduce((s, l) => s + l.insuranceVnd, 0);
  const b = preview.bhyt;
  return (
    <div className="funding-totals" data-testid="funding-totals" data-asked={preview.askedVnd} data-insurance={insurance}>
      <div>
        {t('funding.editor.totalCharges')}: <strong>{formatMoney(total)}</strong>
      </div>
      <div>
        {t('funding.editor.totalInsurance')}: <strong data-testid="funding-total-insurance">{formatMoney(insurance)}</strong>
      </div>
      <div className="funding-totals__asked">
        {t('funding.editor.totalAsked')}: <strong data-testid="funding-total-asked">{formatMoney(preview.askedVnd)}</strong>
      </div>
      <div className="muted small" data-testid="funding-bhyt-card">
        {b && b.percent !== null
          ? t('funding.editor.card', { digit: b.benefitDigit ?? '—', percent: b.percent })
          : t('funding.editor.noCard')}
        {b?.capsNotApplied ? ` ${t('funding.editor.capsNotApplied')}` : ''}
      </div>
    </div>
  );
}

/**
 * "Tạo đề nghị hỗ trợ" (or a draft's edit): the lines of the seven kinds with the BHYT share the
 * server computes from the patient's card on the service day, the needed-by day, urgency, the
 * justification for the head of social work, and the case's documents that support it.
 */
export function FundingEditor({
  caseId,
  draft,
  onDone,
}: {
  caseId: string;
  draft?: FundingDetail;
  onDone: (r: FundingDetail) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditorValues>();
  const create = useCreateFunding(caseId);
  const update = useUpdateFunding(draft?.id ?? '');
  const save = draft ? update : create;
  const attachments = useAttachments(caseId);
  const [unmatched, setUnmatched] = useState<ApiErrorDetail[]>([]);
  const lines = Form.useWatch('lines', form);
  const { preview, failed } = usePreview(caseId, lines);

  const submit = async (): Promise<void> => {
    const fields = [...FIELDS, ...lineFields(lines?.length ?? 0)];
    clearFieldErrors(form, fields);
    setUnmatched([]);
    const v = await form.validateFields().catch(() => null);
    if (!v?.neededBy) return;
    const body: FundingCreateInput = {
      lines: linesToBody(v.lines),
      urgency: v.urgency,
      neededBy: v.neededBy.format('YYYY-MM-DD'),
      justification: v.justification,
      documentIds: v.documentIds,
    };
    save.mutate(body, {
      onSuccess: (r) => {
        void message.success(draft ? t('funding.editor.updated') : t('funding.editor.created', { reference: r.reference }));
        onDone(r);
      },
      onError: (error) => setUnmatched(applyFieldErrors(form, error, fields)),
    });
  };

  return (
    <Form<EditorValues>
      form={form}
      layout="vertical"
      requiredMark="optional"
      scrollToFirstError={{ focus: true }}
      initialValues={valuesOf(draft)}
      data-testid="funding-editor"
    >
      <FundingLines preview={preview} />
      <Totals preview={preview} failed={failed} />
      <div className="form-row">
        <Form.Item
          name="neededBy"
          label={t('funding.editor.neededBy')}
          rules={[{ required: true, message: t('funding.editor.neededByRequired') }]}
          className="form-row__grow"
        >
          <DatePicker
            format={DATE_FORMAT}
            className="full-width"
            disabledDate={(d) => d.isBefore(vietnamToday(), 'day')}
            data-testid="funding-needed-by"
          />
        </Form.Item>
        <Form.Item name="urgency" label={t('funding.editor.urgency')} className="form-row__grow">
          <Radio.Group options={FUNDING_URGENCY_LIST.map((u) => ({ value: u, label: urgencyWord(t, u) }))} data-testid="funding-urgency" />
        </Form.Item>
      </div>
      <Form.Item
        name="justification"
        label={t('funding.editor.justification')}
        extra={t('funding.editor.justificationHint')}
        rules={[{ required: true, whitespace: true, message: t('funding.editor.justificationRequired') }]}
      >
        <Input.TextArea rows={4} maxLength={2000} data-testid="funding-justification" />
      </Form.Item>
      <Form.Item name="documentIds" label={t('funding.editor.documents')} extra={t('funding.editor.documentsHint')}>
        {(attachments.data ?? []).length === 0 ? (
          <span className="muted">{t('funding.editor.noDocuments')}</span>
        ) : (
          <CheckList
            options={(attachments.data ?? []).map((a) => ({ value: a.id, label: `${a.fileName} (${t(`attachments.kinds.${a.kind}`)})` }))}
            data-testid="funding-documents"
          />
        )}
      </Form.Item>
      {save.isError && <ErrorAlert error={save.error} details={unmatched} />}
      <Space wrap className="block-gap">
        <Button type="primary" onClick={() => void submit()} loading={save.isPending} data-testid="funding-save">
          {draft ? t('funding.editor.saveChanges') : t('funding.editor.saveDraft')}
        </Button>
      </Space>
    </Form>
  );
}
