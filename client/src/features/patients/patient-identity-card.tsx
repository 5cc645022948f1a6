import { IdcardOutlined } from '@ant-design/icons';
import { Card, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ADDRESS_FORMS } from '../../api-types';
import type { AddressForm, PatientAddress, PatientView } from '../../api-types';
import { ageText, formatBirthDate, genderLabel } from './patient-bits';

const FORM_COLORS: Record<AddressForm, string> = { 'old-3-level': 'orange', 'new-2-level': 'cyan' };

function isAddressForm(value: string | null): value is AddressForm {
  return value !== null && (ADDRESS_FORMS as readonly string[]).includes(value);
}

/** Addresses may predate the July 2025 reorganisation (three levels) or follow it (two). */
function AddressLine({ address }: { address: PatientAddress }): React.JSX.Element {
  const { t } = useTranslation();
  const form = isAddressForm(address.form) ? address.form : null;
  return (
    <div className="address-line" data-testid="patient-address" data-form={address.form ?? ''}>
      <span>{address.text ?? '—'}</span>
      {address.province && (
        <span className="muted">
          {' · '}
          {address.provinceOld ? t('patient.provinceOldNew', { old: address.provinceOld, now: address.province }) : address.province}
        </span>
      )}
      {form && (
        <Tag color={FORM_COLORS[form]} className="address-line__tag">
          {t(`addressForms.${form}`)}
        </Tag>
      )}
    </div>
  );
}

const mono = (value: string | null, testId: string): React.JSX.Element => (
  <span className="mono" data-testid={testId}>
    {value ?? '—'}
  </span>
);

export function PatientIdentityCard({ patient }: { patient: PatientView }): React.JSX.Element {
  const { t } = useTranslation();
  const { identity } = patient;
  const ethnicity = identity.ethnicity ? (identity.ethnicity.display ?? identity.ethnicity.code) : null;

  return (
    <Card
      title={
        <span>
          <IdcardOutlined /> {t('patient.identityTitle')}
        </span>
      }
      data-testid="patient-identity"
    >
      <Descriptions
        column={1}
        size="small"
        className="patient-descriptions"
        items={[
          {
            key: 'name',
            label: t('patient.name'),
            children: <strong data-testid="patient-name">{identity.name ?? t('patients.unnamed')}</strong>,
          },
          {
            key: 'gender',
            label: t('patient.gender'),
            children: <span data-testid="patient-gender">{genderLabel(identity.gender, t)}</span>,
          },
          {
            key: 'birthDate',
            label: t('patient.birthDate'),
            children: (
              <span>
                <span data-testid="patient-birth-date">{formatBirthDate(identity.birthDate)}</span>
                {identity.birthDate && (
                  <span className="muted" data-testid="patient-age">
                    {' '}
                    ({ageText(identity.birthDate, t)})
                  </span>
                )}
              </span>
            ),
          },
          { key: 'ethnicity', label: t('patient.ethnicity'), children: <span data-testid="patient-ethnicity">{ethnicity ?? '—'}</span> },
          { key: 'bhyt', label: t('patient.bhyt'), children: mono(identity.identifiers.bhyt, 'patient-bhyt') },
          { key: 'nationalId', label: t('patient.nationalId'), children: mono(identity.identifiers.nationalId, 'patient-national-id') },
          // The old 9-digit identity card, shown when that is what the hospital has (many older patients).
          ...(identity.identifiers.oldCitizenId
            ? [{ key: 'oldCitizenId', label: t('patient.oldCitizenId'), children: mono(identity.identifiers.oldCitizenId, 'patient-old-citizen-id') }]
            : []),
          { key: 'mrn', label: t('patient.mrn'), children: mono(identity.identifiers.mrn, 'patient-mrn') },
          {
            key: 'addresses',
            label: t('patient.addresses'),
            children: (
              <div data-testid="patient-addresses">
                {identity.addresses.length === 0 && <span className="muted">—</span>}
                {identity.addresses.map((address, index) => (
                  <AddressLine key={index} address={address} />
                ))}
              </div>
            ),
          },
          {
            key: 'phone',
            label: t('patient.phone'),
            children: identity.phone ? (
              <a href={`tel:${identity.phone}`} data-testid="patient-phone">
                {identity.phone}
              </a>
            ) : (
              <span data-testid="patient-phone">—</span>
            ),
          },
        ]}
      />
    </Card>
  );
}
