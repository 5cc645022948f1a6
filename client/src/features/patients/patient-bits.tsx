import { Tag } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { vietnamToday } from '../../clock';
import { formatDate } from '../../format';

/**
 * Small shared pieces of the patient screens. Birth dates may be partial in hospital records
 * (only the year is known for many older patients): `1950`, `1950-03` or `1950-03-15`.
 */
const GENDERS = ['male', 'female', 'other', 'unknown'] as const;
type KnownGender = (typeof GENDERS)[number];

function isKnownGender(value: string | null): value is KnownGender {
  return value !== null && (GENDERS as readonly string[]).includes(value);
}

export function genderLabel(gender: string | null, t: TFunction): string {
  if (!gender) return '—';
  return isKnownGender(gender) ? t(`genders.${gender}`) : gender;
}

/** `1950` → `1950`, `1950-03` → `03/1950`, a full date → `15/03/1950`. */
export function formatBirthDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}$/.test(value)) return value;
  const month = /^(\d{4})-(\d{2})$/.exec(value);
  if (month) return `${month[2]}/${month[1]}`;
  return formatDate(value);
}

export interface Age {
  years: number;
  months: number;
}

/** Age today from a (possibly partial) birth date: a year alone counts from 1 January. */
export function ageFrom(birthDate: string | null | undefined, today = vietnamToday()): Age | null {
  if (!birthDate || !/^\d{4}(-\d{2}(-\d{2})?)?/.test(birthDate)) return null;
  const born = dayjs(birthDate.length === 4 ? `${birthDate}-01-01` : birthDate.length === 7 ? `${birthDate}-01` : birthDate);
  if (!born.isValid() || born.isAfter(today)) return null;
  return { years: today.diff(born, 'year'), months: today.diff(born, 'month') };
}

export function ageText(birthDate: string | null | undefined, t: TFunction): string {
  const age = ageFrom(birthDate);
  if (!age) return '—';
  return age.years >= 1 ? t('patient.ageYears', { count: age.years }) : t('patient.ageMonths', { count: age.months });
}

/**
 * Turns what a person types in the birth-date box (dd/mm/yyyy, mm/yyyy, yyyy, or ISO) into the
 * API's YYYY, YYYY-MM or YYYY-MM-DD; null when it is not a date.
 */
export function parseBirthDateInput(input: string): string | null {
  const value = input.trim();
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) return isRealDate(value) ? value : null;
  const full = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (full) {
    const iso = `${full[3]}-${full[2]!.padStart(2, '0')}-${full[1]!.padStart(2, '0')}`;
    return isRealDate(iso) ? iso : null;
  }
  const month = /^(\d{1,2})[/.-](\d{4})$/.exec(value);
  if (month) {
    const iso = `${month[2]}-${month[1]!.padStart(2, '0')}`;
    return isRealDate(iso) ? iso : null;
  }
  return null;
}

function isRealDate(iso: string): boolean {
  const [year, month, day] = iso.split('-').map(Number) as [number, number | undefined, number | undefined];
  if (year < 1900 || year > vietnamToday().year()) return false;
  if (month === undefined) return true;
  if (month < 1 || month > 12) return false;
  if (day === undefined) return true;
  return day >= 1 && day <= dayjs(`${iso.slice(0, 7)}-01`).daysInMonth();
}

/** How a birth date from the URL (API form) shows in the search box. */
export function birthDateToInput(value: string | undefined): string {
  return value ? formatBirthDate(value) : '';
}

export function InpatientTag({ inpatient }: { inpatient: boolean }): React.JSX.Element | null {
  const { t } = useTranslation();
  return inpatient ? <Tag color="blue">{t('patients.inpatient')}</Tag> : null;
}

/** BHYT benefit digit (5th character of the card) → share of covered costs, per QĐ 1351/QĐ-BHXH. */
const BENEFIT_PERCENT: Record<number, number> = { 1: 100, 2: 100, 3: 95, 4: 80, 5: 100 };

export function benefitPercent(digit: number | null): number | null {
  return digit === null ? null : (BENEFIT_PERCENT[digit] ?? null);
}

export function PatientName({ name }: { name: string | null }): React.JSX.Element {
  const { t } = useTranslation();
  return name ? <strong>{name}</strong> : <span className="muted">{t('patients.unnamed')}</span>;
}
