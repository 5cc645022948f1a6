import { SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
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

/**
 * The issuing province as on the card and as it is now ("Yên Bái, nay Lào Cai"); a province code
 * in no table is a data problem to check, said as one (the card's group still counts).
 */
function CardProvince({ card }: { card: PatientInsurance }): React.JSX.Element {
  const { t } = useTranslation();
  if (!card.province && card.provinceCode) {
    return (
      // Plain text with an icon (not a Tag): it wraps on a phone, and keeps the body text's contrast.
      <span data-testid="insurance-province" data-unknown="true">
        <WarningOutlined aria-hidden /> {t('patient.unknownProvinceCode', { code: card.provinceCode })}
      </span>
    );
  }
  const moved = card.province && card.provinceNew && card.provinceNew !== card.province;
  return (
    <span data-testid="insurance-province">
      {moved ? t('patient.provinceOldNew', { old: card.province, now: card.provinceNew }) : (card.province ?? '—')}
    </span>
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
            children: <CardProvince card={card} />,
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
