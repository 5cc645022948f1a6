import { HeartOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, List, Row, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { FundingDetail, Pledge } from '../../api-types';
import { PageHeader } from '../../components/page-header';
import { formatDate, formatDateTime, formatMoney } from '../../format';
import { pledgeStateColour, pledgeStateWord, statusColour, statusWord } from './funding-words';
import { NeedTags, StoryFacts, UrgencyTag } from './marketplace-card';
import { useMyPledges } from './partner.api';
import { MoneyBar } from './partner-money-bar';
import { PledgeDialog } from './pledge-dialog';
import './partner.css';

function StoryCard({ r }: { r: FundingDetail }): React.JSX.Element {
  const { t } = useTranslation();
  if (!r.story) {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="partner-story-gone"
        title={t('partnerFunding.storyGone')}
        description={t('partnerFunding.storyGoneExplain')}
      />
    );
  }
  const { story } = r;
  return (
    <Card title={t('partnerFunding.storyTitle')} className="block-gap" data-testid="partner-story">
      <StoryFacts item={{ ...story, neededBy: r.neededBy, hospital: r.hospital }} />
      <Typography.Paragraph className="partner-story__text block-gap" data-testid="partner-story-text">
        {story.text}
      </Typography.Paragraph>
      <NeedTags needs={story.needs} />
    </Card>
  );
}

function MyPledges({ requestId }: { requestId: string }): React.JSX.Element | null {
  const { t } = useTranslation();
  const pledges = useMyPledges({ requestId });
  const rows: Pledge[] = pledges.data?.pages.flatMap((p) => p.data) ?? [];
  if (rows.length === 0) return null;
  return (
    <Card title={t('partnerFunding.myPledges')} className="block-gap" data-testid="partner-my-pledges">
      <List
        dataSource={rows}
        renderItem={(p) => (
          <List.Item key={p.id} className="partner-card-item" data-testid={`partner-my-pledge-${p.id}`} data-state={p.state}>
            <Link to={`/pledges/${p.id}`}>{formatMoney(p.amountVnd)}</Link>
            <span className="muted small">{formatDate(p.createdAt)}</span>
            <span className="partner-tags">
              <Tag color={pledgeStateColour(p.state)}>{pledgeStateWord(t, p.state)}</Tag>
            </span>
          </List.Item>
        )}
      />
    </Card>
  );
}

function Outcomes({ r }: { r: FundingDetail }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Card title={t('partnerFunding.outcomes')} className="block-gap" data-testid="partner-outcomes">
      {r.outcomes.length === 0 ? (
        <span className="muted">{t('partnerFunding.noOutcomes')}</span>
      ) : (
        <List
          dataSource={[...r.outcomes].reverse()}
          renderItem={(o) => (
            <List.Item key={o.id} data-testid={`partner-outcome-${o.id}`}>
              <div className="stacked">
                <span className="muted small">{formatDateTime(o.at)}</span>
                <span className="partner-outcome">{o.text}</span>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** Why a partner cannot pledge now, in a sentence (nothing left, not open any more). */
function pledgeBlocked(r: FundingDetail, t: (k: 'partnerFunding.nothingLeft' | 'partnerFunding.notOpen') => string): string | null {
  if (r.can.includes('funding.pledge') && r.money.leftVnd > 0) return null;
  return r.money.leftVnd <= 0 && r.story ? t('partnerFunding.nothingLeft') : t('partnerFunding.notOpen');
}

/**
 * A funding request as a charity partner sees it (GET /funding-requests/:id with viewer 'partner'):
 * the de-identified story while it is listed, the money, "Cam kết tài trợ" while pledges are open,
 * the partner's own pledges on it, and the outcomes the hospital posts. Rendered by the request page
 * (/funding/:id) for a partner and by /marketplace/:id.
 */
export function PartnerFundingView({ r }: { r: FundingDetail }): React.JSX.Element {
  const { t } = useTranslation();
  const [pledging, setPledging] = useState(false);
  const [pledged, setPledged] = useState<Pledge | null>(null);
  const blocked = pledgeBlocked(r, t);
  return (
    <div data-testid="partner-funding" data-status={r.status} data-id={r.id}>
      <PageHeader
        title={r.story?.title ?? t('partnerFunding.titleFallback', { reference: r.reference })}
        subtitle={t('partnerFunding.subtitle', { reference: r.reference, hospital: r.hospital.name })}
        extra={
          <span className="partner-tags">
            <UrgencyTag urgency={r.urgency} />
            <Tag color={statusColour(r.status)} data-testid="partner-status">
              {statusWord(t, r.status)}
            </Tag>
          </span>
        }
      />
      <Row gutter={[24, 24]}>
        {/* On a phone the money and the pledge button come first: what a partner acts on. */}
        <Col xs={{ span: 24, order: 2 }} lg={{ span: 14, order: 1 }}>
          <StoryCard r={r} />
          <Outcomes r={r} />
        </Col>
        <Col xs={{ span: 24, order: 1 }} lg={{ span: 10, order: 2 }}>
          <Card title={t('partnerFunding.moneyTitle')} className="block-gap" data-testid="partner-money">
            <MoneyBar money={r.money} />
            <div className="block-gap" />
            {pledged && (
              <Alert
                type="success"
                showIcon
                className="block-gap"
                data-testid="pledge-done"
                title={t('pledge.done', { amount: formatMoney(pledged.amountVnd), date: formatDate(pledged.expiresAt) })}
              />
            )}
            {blocked ? (
              <Typography.Text type="secondary" data-testid="pledge-blocked">
                {blocked}
              </Typography.Text>
            ) : (
              <Button type="primary" icon={<HeartOutlined />} block onClick={() => setPledging(true)} data-testid="pledge-open">
                {t('pledge.open')}
              </Button>
            )}
          </Card>
          <MyPledges requestId={r.id} />
        </Col>
      </Row>
      <PledgeDialog
        request={r}
        open={pledging}
        onClose={() => setPledging(false)}
        onPledged={(p) => {
          setPledged(p);
          setPledging(false);
        }}
      />
    </div>
  );
}
