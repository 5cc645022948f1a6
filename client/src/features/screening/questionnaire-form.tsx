import { Card, Form, InputNumber, Radio, type RadioChangeEvent } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Coding, QuestionnaireItem } from '../../api-types';
import { formatThousands, isMoney, itemText, maxValue, minValue, parseThousands } from './questionnaire';

/**
 * Renders a FHIR Questionnaire as a form: groups as cards, choice → radio buttons, boolean →
 * yes/no, integer → number box (money with thousands dots and ₫). Field names are the linkIds.
 */
const KNOWN_OPTIONS = ['rural', 'urban', 'none', 'poor', 'near-poor'] as const;
type KnownOption = (typeof KNOWN_OPTIONS)[number];
const isKnownOption = (code: string | undefined): code is KnownOption =>
  code !== undefined && (KNOWN_OPTIONS as readonly string[]).includes(code);

function optionLabel(coding: Coding, t: TFunction): string {
  if (isKnownOption(coding.code)) return t(`screeningOptions.${coding.code}`);
  return coding.display ?? coding.code ?? '';
}

/** Form.Item hands its child `value` and `onChange`: Control passes them to the input it renders. */
interface ControlProps {
  item: QuestionnaireItem;
  value?: unknown;
  onChange?: (value: unknown) => void;
}

function Control({ item, value, onChange }: ControlProps): React.JSX.Element {
  const { t } = useTranslation();
  const testId = `q-${item.linkId}`;
  const bind = { value, onChange: (e: RadioChangeEvent) => onChange?.(e.target.value) };
  const bindNumber = { value: value as number | null | undefined, onChange: (v: number | null) => onChange?.(v) };
  if (item.type === 'choice') {
    return (
      <Radio.Group data-testid={testId} {...bind}>
        {(item.answerOption ?? []).map(({ valueCoding }) =>
          valueCoding?.code ? (
            <Radio key={valueCoding.code} value={valueCoding.code} data-testid={`${testId}-${valueCoding.code}`}>
              {optionLabel(valueCoding, t)}
            </Radio>
          ) : null,
        )}
      </Radio.Group>
    );
  }
  if (item.type === 'boolean') {
    return (
      <Radio.Group data-testid={testId} {...bind}>
        <Radio value={true} data-testid={`${testId}-yes`}>
          {t('screening.yes')}
        </Radio>
        <Radio value={false} data-testid={`${testId}-no`}>
          {t('screening.no')}
        </Radio>
      </Radio.Group>
    );
  }
  if (item.type === 'integer' && isMoney(item)) {
    return (
      <InputNumber<number>
        {...bindNumber}
        className="money-input"
        min={minValue(item)}
        max={maxValue(item)}
        step={100000}
        precision={0}
        formatter={(value) => formatThousands(value)}
        parser={(text) => parseThousands(text)}
        suffix={t('screening.vnd')}
        inputMode="numeric"
        data-testid={testId}
      />
    );
  }
  return <InputNumber<number> {...bindNumber} min={minValue(item)} max={maxValue(item)} precision={0} inputMode="numeric" data-testid={testId} />;
}

function Question({ item, language }: { item: QuestionnaireItem; language: string }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={item.linkId}
      label={itemText(item, language)}
      required={item.required}
      rules={item.required ? [{ required: true, message: t('screening.required') }] : undefined}
      className="question"
      data-testid={`question-${item.linkId}`}
    >
      <Control item={item} />
    </Form.Item>
  );
}

/** Items of a group (or the questionnaire); nested groups become nested cards. */
export function QuestionnaireItems({ items, language }: { items: QuestionnaireItem[]; language: string }): React.JSX.Element {
  return (
    <>
      {items.map((item) =>
        item.type === 'group' ? (
          <Card key={item.linkId} title={itemText(item, language)} className="block-gap question-group" data-testid={`q-group-${item.linkId}`}>
            <QuestionnaireItems items={item.item ?? []} language={language} />
          </Card>
        ) : (
          <Question key={item.linkId} item={item} language={language} />
        ),
      )}
    </>
  );
}
