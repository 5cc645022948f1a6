import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Card, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PatientInsurance } from '../../api-types';
import { EmptyState } from '../../components/page-states';
import { formatDate } from '../../format';
import { benefitPercent } from './patient-bits';

/** Valid today (status active, today within the card's period) or not. */
export function ValidityTag({ valid }: { valid: boolean }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Tag color={valid ? 'green' : 'red'} data-testid="insurance-validity" data-valid={String(valid)}>
      {valid ? t('patient.valid') : t('patient.expired')}
    </Tag>
  );
}

function InsuranceCardDetails({ card, index }: { card: PatientInsurance; index: number }): React.JSX.Element {
  const { t } = useTranslation();
  const percent = benefitPercent(card.benefitDigit);
  const period =
    card.validFrom || card.validTo
      ? t('patient.validRange', { from: formatDate(card.validFrom), to: card.validTo ? formatDate(card.validTo) : '…' })
      : '—';
  return (
    <div className="insurance-card" data-testid={`insurance-card-${index}`}>
      <Descriptions
        column={1}
        size="small"
        className="patient-descriptions"
        items={[
          {
            key: 'number',
            label: t('patient.cardNumber'),
            children: (
              <span className="mono" data-testid="insurance-number">
                {card.number ?? '—'}
              </span>
            ),
          },
          {
            key: 'group',
            label: t('patient.group'),
            children: (
              <span data-testid="insurance-group">
                {card.group && <Tag className="mono">{card.group}</Tag>}
                {card.groupName ?? (card.group ? '' : '—')}
              </span>
            ),
          },
          {
            key: 'benefit',
            label: t('patient.benefit'),
            children: (
              <span data-testid="insurance-benefit">
                {card.benefitDigit === null
                  ? t('patient.benefitUnknown')
                  : percent === null
                    ? t('patient.benefitDigit', { digit: card.benefitDigit })
                    : t('patient.benefitValue', { digit: card.benefitDigit, percent })}
              </span>
            ),
          },
          {
            key: 'province',
            label: t('patient.cardProvince'),
            children: <span data-testid="insurance-province">{card.province ?? '—'}</span>,
          },
          {
            key: 'validity',
            label: t('patient.validity'),
            children: (
              <span className="validity">
                <span data-testid="insurance-period">{period}</span> <ValidityTag valid={card.validToday} />
              </span>
            ),
          },
        ]}
      />
    </div>
  );
}

export function PatientInsuranceCard({ insurance }: { insurance: PatientInsurance[] }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Card
      title={
        <span>
          <SafetyCertificateOutlined /> {t('patient.insuranceTitle')}
        </span>
      }
      data-testid="patient-insurance"
    >
      {insurance.length === 0 && <EmptyState title={t('patient.noInsurance')} />}
      {insurance.map((card, index) => (
        <InsuranceCardDetails key={`${card.number ?? ''}-${index}`} card={card} index={index} />
      ))}
    </Card>
  );
}
