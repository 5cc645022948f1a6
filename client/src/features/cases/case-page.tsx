import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Grid, Skeleton, Space, Tabs, Tag } from 'antd';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { AttachmentsPanel } from './attachments-panel';
import { ClosureBanner, ClosureRequestButton } from './case-closure';
import { CaseFacts, CaseMoves, CaseSteps } from './case-header';
import { CaseElsewhere } from './case-elsewhere';
import { CaseOtherView } from './case-other-view';
import { CasePlan } from './case-plan';
import { CaseTimeline } from './case-timeline';
import type { CaseDetail } from './case-types';
import { useCase } from './cases.api';
import { ConsentPanel } from './consent-panel';
import { CaseReferralsPanel } from '../referrals/case-referrals-panel';
import { CaseFundingPanel } from '../funding/case-funding-panel';
import './case-page.css';

const TABS = ['plan', 'timeline', 'attachments', 'consent'] as const;
type TabKey = (typeof TABS)[number];

/** The case's parts as tabs, the open one kept in the address (a link or a reload opens the same tab). */
function CaseTabs({ c }: { c: CaseDetail }): React.JSX.Element {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const active: TabKey = (TABS as readonly string[]).includes(asked ?? '') ? (asked as TabKey) : 'plan';
  const patient = { id: c.patient.id, name: c.patient.name, ageYears: c.patient.ageYears };
  // Short tab names on a phone: longer ones overflow into antd's "more" button, which sits in the tablist (not a tab).
  const short = !Grid.useBreakpoint().sm;
  return (
    <Tabs
      tabBarGutter={short ? 16 : undefined}
      activeKey={active}
      onChange={(key) => setParams((p) => ({ ...Object.fromEntries(p), tab: key }), { replace: true })}
      aria-label={t('casePage.sections')}
      items={[
        { key: 'plan', label: <span data-testid="case-tab-plan">{t(short ? 'casePage.tabPlanShort' : 'casePage.tabPlan')}</span>, children: <CasePlan c={c} /> },
        { key: 'timeline', label: <span data-testid="case-tab-timeline">{t('casePage.tabTimeline')}</span>, children: <CaseTimeline c={c} /> },
        {
          key: 'attachments',
          label: <span data-testid="case-tab-attachments">{t(short ? 'casePage.tabAttachmentsShort' : 'casePage.tabAttachments')}</span>,
          children: <AttachmentsPanel caseId={c.id} can={c.can} />,
        },
        {
          key: 'consent',
          label: <span data-testid="case-tab-consent">{t(short ? 'casePage.tabConsentShort' : 'casePage.tabConsent')}</span>,
          children: <ConsentPanel caseId={c.id} can={c.can} patient={patient} />,
        },
      ]}
    />
  );
}

function OwnCase({ c }: { c: CaseDetail }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div data-testid="case-detail" data-case={c.id} data-status={c.status}>
      <PageHeader
        title={<span data-testid="case-title">{t('casePage.title', { name: c.patient.name ?? t('casePage.unnamed') })}</span>}
        subtitle={
          <span>
            <Tag color={c.status === 'closed' ? undefined : 'green'} data-testid="case-status">
              {t(`case.statuses.${c.status}`)}
            </Tag>
            {c.hospital.name}
          </span>
        }
        extra={
          <Space wrap align="start">
            <CaseMoves c={c} />
            <ClosureRequestButton c={c} />
          </Space>
        }
      />
      <ClosureBanner c={c} />
      <Space orientation="vertical" size={16} className="full-width">
        <CaseSteps c={c} />
        <CaseFacts c={c} />
        <CaseElsewhere caseId={c.id} />
        <CaseReferralsPanel c={c} />
        <CaseFundingPanel c={c} />
        <CaseTabs c={c} />
      </Space>
    </div>
  );
}

/** One case: who, where it stands, its plan, timeline, documents and consents. */
export function CasePage(): React.JSX.Element {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const found = useCase(id);
  const c = found.data;
  const clientError = isApiError(found.error) && found.error.status >= 400 && found.error.status < 500;
  return (
    <div data-testid="page-case">
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        className="link-inline block-gap"
        onClick={() => void (c?.audience === 'own-hospital' ? navigate(`/patients/${c.patient.id}`) : navigate(-1))}
        data-testid="case-back"
      >
        {c?.audience === 'own-hospital' ? t('casePage.back') : t('patient.back')}
      </Button>
      {found.isPending && <Skeleton active paragraph={{ rows: 8 }} />}
      {found.isError && <ErrorAlert error={found.error} onRetry={clientError ? undefined : () => void found.refetch()} testId="case-error" />}
      {c && (c.audience === 'own-hospital' ? <OwnCase c={c} /> : <CaseOtherView c={c} />)}
    </div>
  );
}
