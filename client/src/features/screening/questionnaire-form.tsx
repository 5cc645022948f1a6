import { Card, Form, Radio, type InputRef, type RadioChangeEvent } from 'antd';
import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import { useImperativeHandle, useRef, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { Coding, QuestionnaireItem } from '../../api-types';
import { WholeNumberInput, wholeNumberRule } from '../../components/whole-number-input';
import { isMoney, itemText, maxValue, minValue } from './questionnaire';

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

/**
 * Form.Item hands its child `id`, `value`, `onChange` and a ref: Control passes them to the input
 * it renders, so the question's label names that input and a failed submit can focus it.
 */
interface ControlProps {
  item: QuestionnaireItem;
  label: string;
  id?: string;
  value?: unknown;
  onChange?: (value: unknown) => void;
  ref?: Ref<{ focus: () => void }>;
}

/** Yes/no and choice questions: a named radio group; focus goes to its checked (or first) radio. */
function RadioQuestion({ item, label, id, value, onChange, ref }: ControlProps): React.JSX.Element {
  const { t } = useTranslation();
  const group = useRef<HTMLDivElement>(null);
  useImperativeHandle(ref, () => ({
    focus: () => group.current?.querySelector<HTMLInputElement>('input:checked, input')?.focus(),
  }));
  const testId = `q-${item.linkId}`;
  const options =
    item.type === 'boolean'
      ? [
          { value: true, label: t('screening.yes'), testId: `${testId}-yes` },
          { value: false, label: t('screening.no'), testId: `${testId}-no` },
        ]
      : (item.answerOption ?? []).flatMap(({ valueCoding }) =>
          valueCoding?.code
            ? [{ value: valueCoding.code, label: optionLabel(valueCoding, t), testId: `${testId}-${valueCoding.code}` }]
            : [],
        );
  return (
    <div ref={group} id={id} role="radiogroup" aria-label={label}>
      <Radio.Group data-testid={testId} value={value} onChange={(e: RadioChangeEvent) => onChange?.(e.target.value)}>
        {options.map((option) => (
          <Radio key={String(option.value)} value={option.value} data-testid={option.testId}>
            {option.label}
          </Radio>
        ))}
      </Radio.Group>
    </div>
  );
}

function Control(props: ControlProps): React.JSX.Element {
  const { t } = useTranslation();
  const { item, id, value, onChange, ref } = props;
  if (item.type === 'choice' || item.type === 'boolean') return <RadioQuestion {...props} />;
  return (
    <WholeNumberInput
      id={id}
      // antd's Form only calls focus() on it; an InputRef is that and more
      ref={ref as Ref<InputRef> | undefined}
      value={value as number | string | null | undefined}
      onChange={onChange}
      money={isMoney(item)}
      suffix={isMoney(item) ? t('screening.vnd') : undefined}
      className={isMoney(item) ? 'money-input' : 'count-input'}
      data-testid={`q-${item.linkId}`}
    />
  );
}

function rulesFor(item: QuestionnaireItem, t: TFunction): Rule[] {
  const rules: Rule[] = item.required ? [{ required: true, message: t('screening.required') }] : [];
  if (item.type === 'integer') rules.push(wholeNumberRule(t, { min: minValue(item), max: maxValue(item) }));
  return rules;
}

function Question({ item, language }: { item: QuestionnaireItem; language: string }): React.JSX.Element {
  const { t } = useTranslation();
  const label = itemText(item, language);
  return (
    <Form.Item
      name={item.linkId}
      label={label}
      required={item.required}
      rules={rulesFor(item, t)}
      className="question"
      data-testid={`question-${item.linkId}`}
    >
      <Control item={item} label={label} />
    </Form.Item>
  );
}

/** Items of a group (or the questionnaire); nested groups become nested cards. */
export function QuestionnaireItems({ items, language }: { items: QuestionnaireItem[]; language: string }): React.JSX.Element {
  return (
    <>
      {items.map((item) =>
        item.type === 'group' ? (
          <Card
            key={item.linkId}
            title={itemText(item, language)}
            className="block-gap question-group"
            data-testid={`q-group-${item.linkId}`}
          >
            <QuestionnaireItems items={item.item ?? []} language={language} />
          </Card>
        ) : (
          <Question key={item.linkId} item={item} language={language} />
        ),
      )}
    </>
  );
}
