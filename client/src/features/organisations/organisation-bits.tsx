import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import provincesFile from '../../../../server/reference-data/provinces-vn.json';
import type { FundingInterest, OrganisationService, OrganisationType } from '../../api-types';
import { serviceWord } from '../referrals/referral-words';

/** The 34 provinces since the 2025 reorganisation, the names the server accepts (reference-data/provinces-vn.json). */
export const NEW_PROVINCES: readonly string[] = [...new Set(provincesFile.provinces.map((p) => p.newName))].sort((a, b) => a.localeCompare(b, 'vi'));

/** Lower-case without diacritics (đ → d): "lao cai" finds "Lào Cai" as a phone keyboard types it. */
export const foldText = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();

/**
 * The services a new organisation of each type starts with (the server's DEFAULT_SERVICES in
 * organisations.schemas.ts, which it applies when none are sent): the form shows them so the
 * admin sees what will be stored.
 */
export const DEFAULT_SERVICES: Readonly<Record<OrganisationType, readonly OrganisationService[]>> = {
  fund: ['funding'],
  business: ['funding'],
  ngo: ['community-service'],
  religious: ['food', 'shelter'],
  other: ['other'],
};

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

export function ServiceTags({ services }: { services: OrganisationService[] }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Space size={[4, 6]} wrap data-testid="organisation-services">
      {services.map((service) => (
        <Tag key={service} color="geekblue" data-service={service}>
          {serviceWord(t, service)}
        </Tag>
      ))}
    </Space>
  );
}

/** The province it works in, or "across the country". */
export function ProvinceText({ province }: { province: string | null }): React.JSX.Element {
  const { t } = useTranslation();
  return province ? <span>{province}</span> : <span className="muted">{t('organisations.nationwide')}</span>;
}
