import { PhoneOutlined, TeamOutlined, WalletOutlined } from '@ant-design/icons';
import { Card, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PatientCharges, RelatedPerson } from '../../api-types';
import { EmptyState } from '../../components/page-states';
import { formatMoney } from '../../format';

function Amount({ label, value, testId, strong }: { label: string; value: string; testId: string; strong?: boolean }): React.JSX.Element {
  return (
    <div className="amount">
      <div className="amount__label muted">{label}</div>
      <div className={strong ? 'amount__value amount__value--strong' : 'amount__value'} data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

/** Costs so far: the total, what BHYT pays and what the patient pays (unknown when the split is). */
export function PatientChargesCard({ charges }: { charges: PatientCharges | null }): React.JSX.Element {
  const { t } = useTranslation();
  const money = (value: number | null): string => (value === null ? t('patient.unknownSplit') : formatMoney(value));
  return (
    <Card
      title={
        <span>
          <WalletOutlined /> {t('patient.chargesTitle')}
        </span>
      }
      extra={charges?.benefitPercent != null && <Tag color="blue">{t('patient.benefitPercent', { percent: charges.benefitPercent })}</Tag>}
      className="charges-card"
      data-testid="patient-charges"
    >
      {!charges && <EmptyState title={t('patient.noCharges')} />}
      {charges && (
        <>
          {/* a grid that stacks the amounts when the card is narrow (phones), never overlapping them */}
          <div className="amounts">
            <Amount label={t('patient.total')} value={formatMoney(charges.totalVnd)} testId="charges-total" strong />
            <Amount label={t('patient.insuranceShare')} value={money(charges.insuranceVnd)} testId="charges-insurance" />
            <Amount label={t('patient.patientShare')} value={money(charges.patientVnd)} testId="charges-patient" />
          </div>
          {charges.plannedVnd > 0 && (
            <div className="kv-row charges-planned">
              <span className="muted">{t('patient.planned')}</span>
              <span data-testid="charges-planned">{formatMoney(charges.plannedVnd)}</span>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

const RELATIONSHIPS = [
  'guardian',
  'mother',
  'father',
  'parent',
  'caregiver',
  'spouse',
  'child',
  'sibling',
  'grandparent',
  'other-family',
  'friend-neighbour',
  'next-of-kin',
  'emergency-contact',
] as const;
type Relationship = (typeof RELATIONSHIPS)[number];
const isRelationship = (value: string | null): value is Relationship =>
  value !== null && (RELATIONSHIPS as readonly string[]).includes(value);

/** Family and guardians: who to call, and who consents for a child. */
export function PatientRelatedCard({ persons }: { persons: RelatedPerson[] }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Card
      title={
        <span>
          <TeamOutlined /> {t('patient.relatedTitle')}
        </span>
      }
      data-testid="patient-related"
    >
      {persons.length === 0 && <EmptyState title={t('patient.noRelated')} />}
      {persons.map((person, index) => (
        <div key={index} className="kv-row" data-testid="related-person" data-guardian={String(person.isGuardian)}>
          <span className="stacked">
            <strong>{person.name ?? '—'}</strong>
            <span className="muted small">
              {isRelationship(person.relationship) ? t(`relationships.${person.relationship}`) : (person.relationship ?? '—')}
            </span>
          </span>
          <span>
            {person.isGuardian && <Tag color="purple">{t('patient.guardianTag')}</Tag>}
            {person.phone && (
              <a href={`tel:${person.phone}`} className="nowrap">
                <PhoneOutlined /> {person.phone}
              </a>
            )}
          </span>
        </div>
      ))}
    </Card>
  );
}
