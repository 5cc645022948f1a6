import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FundingInterest, OrganisationType } from '../../api-types';

const TYPE_COLORS: Record<OrganisationType, string> = {
  fund: 'gold',
  ngo: 'blue',
  business: 'purple',
  religious: 'volcano',
  other: 'default',
};

export function OrganisationTypeTag({ type }: { type: OrganisationType }): React.JSX.Element {
  const { t } = useTranslation();
  return <Tag color={TYPE_COLORS[type]}>{t(`organisationTypes.${type}`)}</Tag>;
}

export function InterestTags({ interests }: { interests: FundingInterest[] }): React.JSX.Element {
  const { t } = useTranslation();
  if (interests.length === 0) return <span className="muted">{t('organisations.noInterests')}</span>;
  return (
    <Space size={[4, 6]} wrap data-testid="funding-interests">
      {interests.map((interest) => (
        <Tag key={interest} color="cyan" data-interest={interest}>
          {t(`interests.${interest}`)}
        </Tag>
      ))}
    </Space>
  );
}
