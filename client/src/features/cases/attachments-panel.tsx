import { DownloadOutlined, EyeOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Card, Collapse, List, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { EmptyState } from '../../components/page-states';
import { formatDate } from '../../format';
import { FileIcon, sizeText } from './attachment-bits';
import { AttachmentPreview } from './attachment-preview';
import { AttachmentUploadForm } from './attachment-upload-form';
import { attachmentUrl, useAttachments } from './attachments.api';
import './case-panels.css';

function AttachmentRow({ caseId, a, onPreview }: { caseId: string; a: Attachment; onPreview: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <List.Item className="attachment-row" data-testid={`attachment-${a.id}`} data-kind={a.kind}>
      <div className="attachment-row__main">
        <div className="attachment-row__name">
          <FileIcon attachment={a} />{' '}
          <span className="attachment-row__file" data-testid="attachment-file-name">
            {a.fileName}
          </span>
        </div>
        <div className="attachment-row__meta muted">
          <Tag>{t(`attachments.kinds.${a.kind}`)}</Tag>
          <span data-testid="attachment-size">{sizeText(a.size, t)}</span>
          <span>
            {t('attachments.uploadedBy', { name: a.uploadedBy.name ?? t('attachments.someone'), date: formatDate(a.uploadedAt) })}
          </span>
        </div>
        {a.description && <div className="attachment-row__description">{a.description}</div>}
      </div>
      <div className="attachment-row__actions">
        <Button
          icon={<EyeOutlined />}
          onClick={onPreview}
          aria-label={t('attachments.previewOf', { name: a.fileName })}
          data-testid={`attachment-preview-${a.id}`}
        >
          {t('attachments.preview')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          href={attachmentUrl(caseId, a.id)}
          download={a.fileName}
          aria-label={t('attachments.downloadOf', { name: a.fileName })}
          data-testid={`attachment-download-${a.id}`}
        >
          {t('attachments.download')}
        </Button>
      </div>
    </List.Item>
  );
}

/**
 * "Tệp đính kèm" of a case: the files (kind, name, size, who uploaded them and when), a preview of
 * each image or PDF, a download, and the upload form for those the policy lets upload (`can`).
 */
export function AttachmentsPanel({ caseId, can }: { caseId: string; can: readonly string[] }): React.JSX.Element {
  const { t } = useTranslation();
  const attachments = useAttachments(caseId);
  const [previewed, setPreviewed] = useState<Attachment | null>(null);
  const mayUpload = can.includes('case.attachment.upload');
  return (
    <Card
      title={
        <span>
          <PaperClipOutlined aria-hidden /> {t('attachments.title')}
        </span>
      }
      className="case-panel"
      data-testid="attachments-panel"
    >
      {attachments.isError && <ErrorAlert error={attachments.error} onRetry={() => void attachments.refetch()} />}
      <List<Attachment>
        dataSource={attachments.data ?? []}
        loading={attachments.isPending}
        rowKey="id"
        locale={{ emptyText: <EmptyState title={t('attachments.empty')} /> }}
        data-testid="attachments-list"
        renderItem={(a) => <AttachmentRow caseId={caseId} a={a} onPreview={() => setPreviewed(a)} />}
      />
      {mayUpload && (
        <Collapse
          className="block-gap"
          data-testid="attachment-upload"
          items={[{ key: 'upload', label: t('attachments.uploadTitle'), children: <AttachmentUploadForm caseId={caseId} /> }]}
        />
      )}
      <AttachmentPreview caseId={caseId} attachment={previewed} onClose={() => setPreviewed(null)} />
    </Card>
  );
}
