import { Collapse, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface TechnicalNoteProps {
  /** What went wrong, in words in the user's language. */
  summary: string;
  /** The system's own (English, code-laden) text: for support, behind "Technical details". */
  technical: string;
  testId?: string;
}

/**
 * A failure recorded as free text by the server (a write-back's last error): a sentence people
 * read, and the raw text folded away (issue 8, B9: no English or FHIR type names in the sentence).
 */
export function TechnicalNote({ summary, technical, testId }: TechnicalNoteProps): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div data-testid={testId}>
      <Typography.Text type="danger" className="small">
        {summary}
      </Typography.Text>
      <Collapse
        ghost
        size="small"
        items={[
          {
            key: 'technical',
            label: t('errorHints.details'),
            children: (
              <Typography.Text className="small" lang="en" data-testid={testId ? `${testId}-technical` : undefined}>
                {technical}
              </Typography.Text>
            ),
          },
        ]}
      />
    </div>
  );
}
