import { Card, Col, Descriptions, Row, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { useCurrentUser } from '../auth/session';
import { PartnerFundingCard } from '../funding/partner-home-card';
import { InterestTags, OrganisationTypeTag } from '../organisations/organisation-bits';
import { useOrganisation } from '../organisations/organisations.api';
import { PartnerReferralsCard } from '../referrals/referrals-home-card';
import { HomeHeader } from './greeting';

function OrganisationDetails({ organisation }: { organisation: Organisation }): React.JSX.Element {
  const { t } = useTranslation();
  const { contact } = organisation;
  return (
    <Descriptions
      column={1}
      size="small"
      data-testid="organisation-summary"
      items={[
        { key: 'name', label: t('organisations.name'), children: <strong data-testid="organisation-name">{organisation.name}</strong> },
        { key: 'type', label: t('organisations.type'), children: <OrganisationTypeTag type={organisation.type} /> },
        { key: 'contactName', label: t('organisations.contactName'), children: contact.name || '—' },
        { key: 'email', label: t('organisations.contactEmail'), children: contact.email || '—' },
        { key: 'phone', label: t('organisations.contactPhone'), children: contact.phone || '—' },
      ]}
    />
  );
}

/** A charity partner's start page: the referrals waiting in its inbox, who they are, what they fund, and its funding (marketplace, pledges, statement). */
export function CharityPartnerHome(): React.JSX.Element {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const organisation = useOrganisation(user.organisation?.id);

  return (
    <div data-testid="home-charity_partner">
      <HomeHeader title={t('homePartner.title', { name: user.organisation?.name ?? '' })} />
      {organisation.isError && <ErrorAlert error={organisation.error} onRetry={() => void organisation.refetch()} />}
      {user.organisation && <PartnerReferralsCard />}
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={10}>
          <Card title={t('homePartner.organisationTitle')} data-testid="organisation-card">
            {!user.organisation && <span className="muted">{t('homePartner.noOrganisation')}</span>}
            {user.organisation && organisation.isPending && <Skeleton active paragraph={{ rows: 4 }} />}
            {organisation.data && <OrganisationDetails organisation={organisation.data} />}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('homePartner.interestsTitle')} className="block-gap" data-testid="interests-card">
            {organisation.isPending && user.organisation ? (
              <Skeleton active paragraph={{ rows: 1 }} title={false} />
            ) : (
              <InterestTags interests={organisation.data?.fundingInterests ?? []} />
            )}
          </Card>
          <PartnerFundingCard />
        </Col>
      </Row>
    </div>
  );
}
