import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Select, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_KINDS } from '../../api-types';
import type { AttachmentKind } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { uploadProblem } from './attachment-bits';
import { useUploadAttachment } from './attachments.api';

interface UploadValues {
  kind: AttachmentKind;
  description?: string;
}

/** The file types the server keeps (it decides by content; this only narrows the file picker). */
const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

/**
 * "Tải tệp lên": kind, an optional description, one file. The server's refusals are said for this
 * form under the file (too large with the limit, a type it does not keep, a name whose extension
 * disagrees with the content); anything else goes to the error alert.
 */
export function AttachmentUploadForm({
  caseId,
  defaultKind = 'consent-form',
}: {
  caseId: string;
  defaultKind?: AttachmentKind;
}): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UploadValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [missingFile, setMissingFile] = useState(false);
  const upload = useUploadAttachment(caseId);
  const problem = upload.isError ? uploadProblem(upload.error, t) : null;

  const submit = (values: UploadValues): void => {
    const file = files[0]?.originFileObj;
    if (!file) {
      setMissingFile(true);
      return;
    }
    upload.mutate(
      { kind: values.kind, description: values.description?.trim() || undefined, file },
      {
        onSuccess: () => {
          void message.success(t('attachments.uploaded'));
          form.resetFields(['description']);
          setFiles([]);
        },
      },
    );
  };

  return (
    <Form<UploadValues>
      form={form}
      layout="vertical"
      initialValues={{ kind: defaultKind }}
      onFinish={submit}
      data-testid="attachment-upload-form"
      className="attachment-upload"
    >
      <div className="form-row">
        <Form.Item
          name="kind"
          label={t('attachments.kind')}
          rules={[{ required: true, message: t('attachments.kindRequired') }]}
          className="form-row__grow"
        >
          <Select
            options={ATTACHMENT_KINDS.map((value) => ({ value, label: t(`attachments.kinds.${value}`) }))}
            data-testid="attachment-kind"
          />
        </Form.Item>
        <Form.Item name="description" label={t('attachments.description')} className="form-row__grow">
          <Input maxLength={500} data-testid="attachment-description" />
        </Form.Item>
      </div>
      <Form.Item
        label={t('attachments.file')}
        extra={t('attachments.fileHint')}
        validateStatus={missingFile || problem ? 'error' : undefined}
        help={
          missingFile ? t('attachments.fileRequired') : problem ? <span data-testid="attachment-upload-problem">{problem}</span> : undefined
        }
        required
      >
        <div data-testid="attachment-file">
          <Upload
            accept={ACCEPT}
            maxCount={1}
            fileList={files}
            beforeUpload={() => false /* held here and sent with the form, not on choosing */}
            onChange={({ fileList }) => {
              setFiles(fileList.slice(-1));
              setMissingFile(false);
              upload.reset();
            }}
          >
            <Button icon={<UploadOutlined />}>{t('attachments.chooseFile')}</Button>
          </Upload>
        </div>
      </Form.Item>
      {upload.isError && !problem && <ErrorAlert error={upload.error} testId="attachment-upload-error" />}
      {upload.isSuccess && files.length === 0 && (
        <Alert type="success" showIcon title={t('attachments.uploaded')} className="block-gap" data-testid="attachment-upload-done" />
      )}
      <Button type="primary" htmlType="submit" loading={upload.isPending} data-testid="attachment-upload-submit">
        {t('attachments.upload')}
      </Button>
    </Form>
  );
}
