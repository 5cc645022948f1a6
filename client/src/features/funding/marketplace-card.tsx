import { ArrowRightOutlined, ClockCircleOutlined, EnvironmentOutlined, MedicineBoxOutlined, UserOutlined } from '@ant-design/icons';
import { Card, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { FundingUrgency, LineKind, MarketplaceItem } from '../../api-types';
import { formatDate } from '../../format';
import { lineKindWord, urgencyWord } from './funding-words';
import { MoneyBar } from './partner-money-bar';

export function UrgencyTag({ urgency }: { urgency: FundingUrgency }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (urgency === 'routine') return null;
  return (
    <Tag color={urgency === 'emergency' ? 'red' : 'orange'} data-testid="urgency-tag">
      {urgencyWord(t, urgency)}
    </Tag>
  );
}

export function NeedTags({ needs }: { needs: readonly LineKind[] }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="partner-tags">
      {needs.map((k) => (
        <Tag key={k}>{lineKindWord(t, k)}</Tag>
      ))}
    </div>
  );
}

/** Who (an age band, a province), where (the hospital), what for and by when: never who the patient is. */
export function StoryFacts({
  item,
}: {
  item: Pick<MarketplaceItem, 'ageBand' | 'province' | 'diagnosisGroup' | 'neededBy' | 'hospital'>;
}): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="marketplace-card__facts">
      <span>
        <MedicineBoxOutlined aria-hidden /> {item.hospital.name}
      </span>
      {item.province && (
        <span data-testid="story-province">
          <EnvironmentOutlined aria-hidden /> {item.province}
        </span>
      )}
      {item.ageBand && (
        <span>
          <UserOutlined aria-hidden /> {t('marketplace.ageBand', { band: item.ageBand })}
        </span>
      )}
      {item.diagnosisGroup && <span>{item.diagnosisGroup}</span>}
      <span>
        <ClockCircleOutlined aria-hidden /> {t('marketplace.neededBy', { date: formatDate(item.neededBy) })}
      </span>
    </div>
  );
}

/** One story on the marketplace: title, words, facts, the money bar, and the way in. */
export function MarketplaceCard({ item }: { item: MarketplaceItem }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Card className="marketplace-card" data-testid={`market-card-${item.id}`} data-reference={item.reference}>
      <div>
        <UrgencyTag urgency={item.urgency} />
        <Typography.Title level={4} className="marketplace-card__title">
          {item.title}
        </Typography.Title>
      </div>
      <StoryFacts item={item} />
      <Typography.Paragraph className="marketplace-card__text" ellipsis={{ rows: 4 }}>
        {item.text}
      </Typography.Paragraph>
      <NeedTags needs={item.needs} />
      <div className="marketplace-card__foot">
        <MoneyBar money={item.money} testId={`market-money-${item.id}`} />
        <Link to={`/marketplace/${item.id}`} className="marketplace-card__open" data-testid={`market-open-${item.id}`}>
          {t('marketplace.open')} <ArrowRightOutlined aria-hidden />
        </Link>
      </div>
    </Card>
  );
}
