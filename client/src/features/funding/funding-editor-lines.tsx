import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { FundingLine, FundingLineInput, LineKind } from '../../api-types';
import { LINE_KIND_LIST } from '../../api-types';
import { WholeNumberInput, wholeNumberRule, type WholeNumberValue } from '../../components/whole-number-input';
import { DATE_FORMAT, formatMoney } from '../../format';
import type { FundingPreview } from './funding.api';
import { lineKindWord, splitWord } from './funding-words';

/** The cap of one amount (funding.schemas.ts MAX_VND). */
export const MAX_VND = 2_000_000_000;

export interface LineValues {
  kind: LineKind;
  description: string;
  totalVnd: WholeNumberValue;
  statedInsuranceVnd?: WholeNumberValue;
  serviceDate?: Dayjs | null;
}

export const emptyLine = (kind: LineKind = 'hospital-fees'): LineValues => ({ kind, description: '', totalVnd: null });

/** The lines the server can read as they stand (a whole positive total): what the preview is asked for. */
export function linesToBody(lines: readonly (LineValues | undefined)[] | undefined): FundingLineInput[] {
  return (lines ?? []).flatMap((l) => {
    if (!l || typeof l.totalVnd !== 'number' || l.totalVnd <= 0 || l.totalVnd > MAX_VND) return [];
    const fees = l.kind === 'hospital-fees';
    const stated = fees && typeof l.statedInsuranceVnd === 'number' ? { statedInsuranceVnd: l.statedInsuranceVnd } : {};
    const day = fees && l.serviceDate ? { serviceDate: l.serviceDate.format('YYYY-MM-DD') } : {};
    return [{ kind: l.kind, description: l.description.trim() || lineKindWordFallback(l.kind), totalVnd: l.totalVnd, ...stated, ...day }];
  });
}
// A line typed without a description still previews (the form requires one before saving).
const lineKindWordFallback = (kind: LineKind): string => kind;

/** The server's split of one line: "BHYT trả 3.200.000 ₫ (80 %) · Người bệnh trả 800.000 ₫". */
function LineShare({ line, percent }: { line: FundingLine | undefined; percent: number | null }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (!line) return null;
  const outside = line.split === 'outside-bhyt';
  return (
    <div
      className="funding-line-share small"
      data-testid="funding-line-share"
      data-insurance={line.insuranceVnd}
      data-patient={line.patientVnd}
    >
      {outside ? (
        <span>{t('funding.editor.outsideShare', { amount: formatMoney(line.patientVnd) })}</span>
      ) : (
        <span>
          {t('funding.editor.lineShare', { insurance: formatMoney(line.insuranceVnd), patient: formatMoney(line.patientVnd) })}
          <span className="muted">
            {' '}
            · {splitWord(t, line.split)}
            {line.split === 'benefit-applied' && percent !== null ? ` (${percent}%)` : ''}
          </span>
        </span>
      )}
    </div>
  );
}

/** Which preview line belongs to form line `index` (the preview skips lines without a usable total). */
function previewIndex(lines: readonly (LineValues | undefined)[], index: number): number {
  let n = -1;
  for (let i = 0; i <= index; i++) if (linesToBody([lines[i]]).length === 1) n++;
  return linesToBody([lines[index]]).length === 1 ? n : -1;
}

function OneLine({
  name,
  remove,
  preview,
  canRemove,
}: {
  name: number;
  remove: () => void;
  preview: FundingPreview | undefined;
  canRemove: boolean;
}): React.JSX.Element {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const lines = (Form.useWatch('lines', form) ?? []) as LineValues[];
  const kind = lines[name]?.kind;
  const at = previewIndex(lines, name);
  return (
    <div role="group" aria-labelledby={`funding-line-title-${name}`} className="funding-line" data-testid={`funding-line-${name}`}>
      <div id={`funding-line-title-${name}`} className="funding-line__title">
        {t('funding.editor.lineN', { n: name + 1 })}
      </div>
      <div className="form-row">
        <Form.Item name={[name, 'kind']} label={t('funding.editor.kind')} className="form-row__grow" rules={[{ required: true }]}>
          <Select
            options={LINE_KIND_LIST.map((k) => ({ value: k, label: lineKindWord(t, k) }))}
            data-testid={`funding-line-kind-${name}`}
          />
        </Form.Item>
        <Form.Item
          name={[name, 'totalVnd']}
          label={kind === 'hospital-fees' ? t('funding.editor.charges') : t('funding.editor.amount')}
          className="form-row__grow"
          rules={[{ required: true, message: t('funding.editor.amountRequired') }, wholeNumberRule(t, { min: 1, max: MAX_VND })]}
        >
          <WholeNumberInput money suffix="₫" data-testid={`funding-line-total-${name}`} />
        </Form.Item>
      </div>
      <Form.Item
        name={[name, 'description']}
        label={t('funding.editor.description')}
        rules={[{ required: true, whitespace: true, message: t('funding.editor.descriptionRequired') }]}
      >
        <Input
          maxLength={200}
          placeholder={t(`funding.editor.placeholders.${kind ?? 'other'}`)}
          data-testid={`funding-line-description-${name}`}
        />
      </Form.Item>
      {kind === 'hospital-fees' && (
        <div className="form-row">
          <Form.Item
            name={[name, 'serviceDate']}
            label={t('funding.editor.serviceDate')}
            extra={t('funding.editor.serviceDateHint')}
            className="form-row__grow"
          >
            <DatePicker format={DATE_FORMAT} className="full-width" data-testid={`funding-line-day-${name}`} />
          </Form.Item>
          <Form.Item
            name={[name, 'statedInsuranceVnd']}
            label={t('funding.editor.stated')}
            extra={t('funding.editor.statedHint')}
            className="form-row__grow"
            rules={[wholeNumberRule(t, { min: 0, max: MAX_VND })]}
          >
            <WholeNumberInput money suffix="₫" data-testid={`funding-line-stated-${name}`} />
          </Form.Item>
        </div>
      )}
      <LineShare line={at >= 0 ? preview?.lines[at] : undefined} percent={preview?.bhyt?.percent ?? null} />
      {canRemove && (
        <Button
          type="link"
          danger
          icon={<DeleteOutlined />}
          onClick={remove}
          className="link-inline"
          data-testid={`funding-line-remove-${name}`}
        >
          {t('funding.editor.removeLine')}
        </Button>
      )}
    </div>
  );
}

/** The request's lines: what each costs; for hospital fees the BHYT share the server computes, shown under the line. */
export function FundingLines({ preview }: { preview: FundingPreview | undefined }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Form.List name="lines">
      {(fields, { add, remove }) => (
        <div className="funding-lines">
          <Typography.Text strong>{t('funding.editor.lines')}</Typography.Text>
          {fields.map((f) => (
            <OneLine key={f.key} name={f.name} remove={() => remove(f.name)} preview={preview} canRemove={fields.length > 1} />
          ))}
          {fields.length < 20 && (
            <Button icon={<PlusOutlined />} onClick={() => add(emptyLine('medicines-outside-list'))} data-testid="funding-line-add">
              {t('funding.editor.addLine')}
            </Button>
          )}
        </div>
      )}
    </Form.List>
  );
}
