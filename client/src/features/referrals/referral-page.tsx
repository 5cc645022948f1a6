import { ArrowLeftOutlined, DownloadOutlined, EyeOutlined, FileTextOutlined, FolderOpenOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, List, Row, Skeleton, Space, Tag } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isApiError } from '../../api';
import type { AttachmentKind, ReferralDetail } from '../../api-types';
import { ATTACHMENT_KINDS } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { sizeText } from '../cases/attachment-bits';
import { DraftEditButton } from './referral-draft-edit';
import { ReferralFacts, ReferralSteps } from './referral-facts';
import { ReferralMoves } from './referral-moves';
import { ReferralHistory, ReferralThread } from './referral-thread';
import { referralDocumentUrl, referralKeys, useReferral } from './referrals.api';
import { referralTitle, serviceWord, statusColour, statusWord } from './referral-words';
import './referrals.css';

/** An attachment's kind in words (the shared document's schema says a string). */
function kindOf(kind: string, t: TFunction): string {
  return (ATTACHMENT_KINDS as readonly string[]).includes(kind)
    ? t(`attachments.kinds.${kind as AttachmentKind}`)
    : t('attachments.kinds.other');
}

/** The documents the sender shared, while the receiver may see them (the sender always). */
function SharedDocuments({ r }: { r: ReferralDetail }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={
        <span>
          <FileTextOutlined aria-hidden /> {t('referral.page.documents')}
        </span>
      }
      className="referral-section"
      data-testid="referral-documents"
    >
      <List
        dataSource={r.documents}
        rowKey="id"
        locale={{ emptyText: <div className="muted">{t('referral.page.noDocuments')}</div> }}
        renderItem={(d) => (
          <List.Item className="referral-row" data-testid={`referral-document-${d.id}`}>
            <div className="referral-row__main">
              {d.fileName}{' '}
              <span className="muted small">
                · {kindOf(d.kind, t)} · {sizeText(d.size, t)}
              </span>
            </div>
            <Space wrap>
              <Button
                icon={<EyeOutlined />}
                href={referralDocumentUrl(r.id, d.id, true)}
                target="_blank"
                rel="noopener"
                aria-label={t('attachments.previewOf', { name: d.fileName })}
              >
                {t('attachments.preview')}
              </Button>
              <Button
                icon={<DownloadOutlined />}
                href={referralDocumentUrl(r.id, d.id)}
                download={d.fileName}
                aria-label={t('attachments.downloadOf', { name: d.fileName })}
              >
                {t('attachments.download')}
              </Button>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Where the viewer stands: a coordinator only reads; a draft is the sender's alone; the receiver sees the case only while shared. */
function Notices({ r }: { r: ReferralDetail }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <>
      {r.viewer === 'network' && <Alert type="info" showIcon title={t('referral.page.networkView')} />}
      {r.status === 'draft' && <Alert type="info" showIcon title={t('referral.page.draftNotice')} />}
      {r.viewer === 'receiver' && !r.shared && (
        <Alert type="warning" showIcon title={t('referral.page.notShared')} data-testid="referral-not-shared" />
      )}
    </>
  );
}

/** The sender's summary, the reason of the last ending or pause, and the outcome the receiver wrote. */
function ReferralTexts({ r }: { r: ReferralDetail }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (!r.summary && !r.statusReason && !r.outcome) return null;
  return (
    <Card size="small" data-testid="referral-texts">
      {r.outcome && (
        <div className="block-gap" data-testid="referral-outcome">
          <strong>{t('referral.page.outcome')}</strong>
          <div className="referral-text">{r.outcome}</div>
        </div>
      )}
      {r.statusReason && (
        <div className="block-gap" data-testid="referral-reason">
          <strong>{t('referral.page.statusReason')}</strong>
          <div className="referral-text">{r.statusReason}</div>
        </div>
      )}
      {r.summary && (
        <div data-testid="referral-summary">
          <strong>{t('referral.page.summary')}</strong>
          <div className="referral-text">{r.summary}</div>
        </div>
      )}
    </Card>
  );
}

/** The sender goes back to its case; the receiver opens the case's shared view (GET /cases/:id answers its audience's view) while shared. */
function CaseLink({ r }: { r: ReferralDetail }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (r.viewer === 'sender') {
    return (
      <Link to={`/cases/${r.caseId}`} data-testid="referral-own-case">
        <FolderOpenOutlined aria-hidden /> {t('referral.page.openOwnCase')}
      </Link>
    );
  }
  if (r.viewer === 'receiver' && r.shared) {
    return (
      <Link to={`/cases/${r.caseId}`} data-testid="referral-shared-case">
        <FolderOpenOutlined aria-hidden /> {t('referral.page.viewCase')}
      </Link>
    );
  }
  return null;
}

function ReferralView({ r, refetch }: { r: ReferralDetail; refetch: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div data-testid="referral-detail" data-referral={r.id} data-status={r.status} data-viewer={r.viewer} data-shared={String(r.shared)}>
      <PageHeader
        title={<span data-testid="referral-title">{referralTitle(t, r)}</span>}
        subtitle={
          <span>
            <Tag color={statusColour(r.status)} data-testid="referral-page-status">
              {statusWord(t, r.status)}
            </Tag>
            {serviceWord(t, r.service)}
          </span>
        }
        extra={
          <Space wrap>
            <DraftEditButton r={r} onRefresh={refetch} />
            <ReferralMoves r={r} onRefused={refetch} />
          </Space>
        }
      />
      <Space orientation="vertical" size={16} className="full-width">
        <Notices r={r} />
        <ReferralSteps r={r} />
        <CaseLink r={r} />
        <ReferralFacts r={r} />
        <ReferralTexts r={r} />
        {(r.viewer === 'sender' || r.shared) && <SharedDocuments r={r} />}
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <ReferralThread r={r} />
          </Col>
          <Col xs={24} lg={12}>
            <ReferralHistory r={r} />
          </Col>
        </Row>
      </Space>
    </div>
  );
}

/** One referral at `/referrals/:id`, seen from the sender's side, the receiver's, or the network's. */
export function ReferralPage(): React.JSX.Element {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const found = useReferral(id);
  const queryClient = useQueryClient();
  const clientError = isApiError(found.error) && found.error.status >= 400 && found.error.status < 500;
  return (
    <div data-testid="page-referral">
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        className="link-inline block-gap"
        onClick={() => void navigate(-1)}
        data-testid="referral-back"
      >
        {t('referral.page.back')}
      </Button>
      {found.isPending && <Skeleton active paragraph={{ rows: 8 }} />}
      {found.isError && (
        <ErrorAlert error={found.error} onRetry={clientError ? undefined : () => void found.refetch()} testId="referral-error" />
      )}
      {found.data && <ReferralView r={found.data} refetch={() => void queryClient.invalidateQueries({ queryKey: referralKeys.root })} />}
    </div>
  );
}
