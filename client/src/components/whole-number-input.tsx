import { Input, type InputRef } from 'antd';
import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import { useState, type ReactNode, type Ref } from 'react';
import { checkWholeNumber, formatNumber, type WholeNumberProblem } from '../format';

/**
 * A whole-number field that never changes what the user typed. antd's InputNumber clamps to
 * min/max and strips signs and separators on blur (−3 people became 1, 5,000 became 30,
 * −500.000 ₫ became 500.000 ₫); here the text stays as typed and `wholeNumberRule` says what is
 * wrong, in the user's language. The form value is the number when the text reads as one, the
 * text itself when it does not (so the rule can explain), null when empty.
 */
export type WholeNumberValue = number | string | null | undefined;

interface WholeNumberInputProps {
  id?: string;
  value?: WholeNumberValue;
  onChange?: (value: number | string | null) => void;
  /** Money: shown with thousands dots once the field is left (`4.000.000`). */
  money?: boolean;
  suffix?: ReactNode;
  className?: string;
  style?: React.CSSProperties;
  ref?: Ref<InputRef>;
  'data-testid'?: string;
  'aria-label'?: string;
}

function sameNumber(text: string, value: WholeNumberValue): boolean {
  const check = checkWholeNumber(text);
  return check.ok && check.value === (value ?? null);
}

export function WholeNumberInput({ value, onChange, money, ...rest }: WholeNumberInputProps): React.JSX.Element {
  const [typed, setTyped] = useState(() => (typeof value === 'number' ? String(value) : (value ?? '')));
  // The form may set a number from outside (earlier answers, a reset): show it, unless the
  // typed text already means that number (keep "4.000.000" as the user wrote it).
  const shown = typeof value === 'string' ? value : sameNumber(typed, value) ? typed : typeof value === 'number' ? String(value) : '';
  return (
    <Input
      {...rest}
      value={shown}
      inputMode="numeric"
      autoComplete="off"
      onChange={(event) => {
        const text = event.target.value;
        setTyped(text);
        const check = checkWholeNumber(text);
        onChange?.(check.ok ? check.value : text);
      }}
      onBlur={() => {
        if (money && typeof value === 'number') setTyped(formatNumber(value));
      }}
    />
  );
}

const MESSAGE_KEYS = {
  notWhole: 'a11y.numberNotWhole',
  decimal: 'a11y.numberDecimal',
  negative: 'a11y.numberNegative',
  tooSmall: 'a11y.numberTooSmall',
  tooLarge: 'a11y.numberTooLarge',
} as const satisfies Record<WholeNumberProblem, string>;

/** The form rule for a WholeNumberInput: refuses what is not a whole number in range, and says why. */
export function wholeNumberRule(t: TFunction, limits: { min?: number; max?: number }): Rule {
  return {
    validator: async (_rule, value: WholeNumberValue) => {
      if (value === null || value === undefined || value === '') return;
      const check = checkWholeNumber(String(value), limits);
      if (check.ok) return;
      const shown = typeof value === 'number' ? formatNumber(value) : value;
      throw new Error(t(MESSAGE_KEYS[check.problem], { value: shown, min: limits.min, max: limits.max }));
    },
  };
}
