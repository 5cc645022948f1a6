import { DownloadOutlined } from '@ant-design/icons';
import { Button, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../api-types';
import { isImage } from './attachment-bits';
import { attachmentUrl } from './attachments.api';

interface AttachmentPreviewProps {
  caseId: string;
  attachment: Attachment | null;
  onClose: () => void;
}

/**
 * A look at a file without saving it on the device: an image as an image, a PDF in the browser's
 * own viewer (an iframe of the file's inline address, same origin, answered `no-store`). Every
 * opening is a read the server audits.
 */
export function AttachmentPreview({ caseId, attachment, onClose }: AttachmentPreviewProps): React.JSX.Element {
  const { t } = useTranslation();
  const src = attachment ? attachmentUrl(caseId, attachment.id, true) : '';
  return (
    <Modal
      open={attachment !== null}
      onCancel={onClose}
      title={attachment?.fileName}
      width={900}
      destroyOnHidden
      footer={
        attachment && (
          <>
            <Button href={attachmentUrl(caseId, attachment.id)} icon={<DownloadOutlined />} download={attachment.fileName}>
              {t('attachments.download')}
            </Button>
            <Button type="primary" onClick={onClose}>
              {t('attachments.close')}
            </Button>
          </>
        )
      }
    >
      {attachment && (
        <div className="attachment-preview" data-testid="attachment-preview" data-type={attachment.contentType}>
          {isImage(attachment) ? (
            <img src={src} alt={attachment.description ?? attachment.fileName} className="attachment-preview__image" />
          ) : (
            <iframe src={src} title={t('attachments.previewOf', { name: attachment.fileName })} className="attachment-preview__pdf" />
          )}
        </div>
      )}
    </Modal>
  );
}
