import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, Drawer, Grid, Row, Skeleton, Space, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import type { FundingDetail } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { fundingKeys, useFundingRequest } from './funding.api';
import { FundingEditor } from './funding-editor';
import { FundingFacts, FundingHistory, FundingLinesTable, FundingMoney, FundingSteps } from './funding-facts';
import { FundingLedger, FundingPledges } from './funding-money-trail';
import { FundingMoves } from './funding-moves';
import { FundingOutcomes } from './funding-outcomes';
import { FundingStoryCard } from './funding-story';
import { statusColour, statusWord, urgencyWord } from './funding-words';
import { PartnerFundingView } from './partner-funding-view';
import './funding.css';

/** A draft's edit (the same editor as on the case page) while `can` holds funding.update. */
function DraftEdit({ r }: { r: FundingDetail }): React.JSX.Element | null {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const narrow = !Grid.useBreakpoint().md;
  if (!r.can.includes('funding.update') || !r.caseId) return null;
  return (
    <>
      <Button icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="funding-edit">
        {t('funding.editor.editDraft')}
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('funding.editor.editTitle')}
        size={narrow ? 'default' : 760}
        width={narrow ? '100%' : undefined}
        destroyOnHidden
      >
        <FundingEditor caseId={r.caseId} draft={r} onDone={() => setOpen(false)} />
      </Drawer>
    </>
  );
}

/** Where the viewer stands: a coordinator only reads; a draft is the hospital's alone. */
function Notices({ r }: { r: FundingDetail }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <>
      {r.viewer === 'network' && <Alert type="info" showIcon title={t('funding.page.networkView')} />}
      {r.status === 'draft' && r.viewer === 'hospital' && <Alert type="info" showIcon title={t('funding.page.draftNotice')} />}
    </>
  );
}

/** The hospital's (and the network's) view: steps, money, lines, story, pledges, ledger, outcomes, history. */
function HospitalView({ r, refetch }: { r: FundingDetail; refetch: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div data-testid="funding-detail" data-funding={r.id} data-status={r.status} data-viewer={r.viewer}>
      <PageHeader
        title={<span data-testid="funding-title">{t('funding.page.title', { reference: r.reference })}</span>}
        subtitle={
          <span>
            <Tag color={statusColour(r.status)} data-testid="funding-page-status" data-status={r.status}>
              {statusWord(t, r.status)}
            </Tag>
            {r.urgency !== 'routine' && <Tag color="red">{urgencyWord(t, r.urgency)}</Tag>}
            {r.hospital.name}
          </span>
        }
        extra={
          <Space wrap align="start">
            <DraftEdit r={r} />
            <FundingMoves r={r} onRefused={refetch} />
          </Space>
        }
      />
      <Space orientation="vertical" size={16} className="full-width">
        <Notices r={r} />
        <FundingSteps r={r} />
        <FundingMoney r={r} />
        <FundingFacts r={r} />
        <FundingLinesTable r={r} />
        <FundingStoryCard r={r} />
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <FundingPledges r={r} />
          </Col>
          <Col xs={24} lg={12}>
            <FundingOutcomes r={r} />
          </Col>
        </Row>
        <FundingLedger r={r} />
        <FundingHistory r={r} />
      </Space>
    </div>
  );
}

/** One funding request at `/funding/:id`: the hospital's and the network's view here, a partner's from [client-partner]. */
export function FundingPage(): React.JSX.Element {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const found = useFundingRequest(id);
  const queryClient = useQueryClient();
  const clientError = isApiError(found.error) && found.error.status >= 400 && found.error.status < 500;
  const r = found.data;
  return (
    <div data-testid="page-funding">
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        className="link-inline block-gap"
        onClick={() => void navigate(-1)}
        data-testid="funding-back"
      >
        {t('funding.page.back')}
      </Button>
      {found.isPending && <Skeleton active paragraph={{ rows: 8 }} />}
      {found.isError && (
        <ErrorAlert error={found.error} onRetry={clientError ? undefined : () => void found.refetch()} testId="funding-error" />
      )}
      {r && r.viewer === 'partner' && <PartnerFundingView r={r} />}
      {r && r.viewer !== 'partner' && (
        <HospitalView r={r} refetch={() => void queryClient.invalidateQueries({ queryKey: fundingKeys.root })} />
      )}
    </div>
  );
}
