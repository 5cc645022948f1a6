import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Skeleton } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../../api';
import { isApiError } from '../../api';
import type { ScreeningResult } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { detailMessage } from '../../components/field-error-words';
import { PageHeader } from '../../components/page-header';
import { currentLanguage } from '../../i18n';
import { usePatient } from '../patients/patients.api';
import { buildResponse, leafItems, linkIdOfPath, localText } from './questionnaire';
import type { FormValues } from './questionnaire';
import { QuestionnaireItems } from './questionnaire-form';
import { PERFORMED_ON_FIELD, PerformedOnField, performedOnValue } from './performed-on-field';
import { ScreeningResultCard } from './screening-result';
import { useQuestionnaire, useSubmitScreening } from './screening.api';
import './screening.css';

/** Phiếu sàng lọc: the questionnaire from the server, filled in for one patient, then scored. */
export function ScreeningPage(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const patient = usePatient(id);
  const questionnaire = useQuestionnaire();
  const submit = useSubmitScreening(id);
  const [form] = Form.useForm<FormValues>();
  const [unmatched, setUnmatched] = useState<ApiErrorDetail[]>([]);
  const [result, setResult] = useState<ScreeningResult | null>(null);
  const language = i18n.resolvedLanguage ?? currentLanguage();
  const q = questionnaire.data;

  const onFinish = (values: FormValues): void => {
    if (!q) return;
    setUnmatched([]);
    const body = { questionnaireResponse: buildResponse(q, values), performedOn: performedOnValue(values[PERFORMED_ON_FIELD]) };
    submit.mutate(body, {
      onSuccess: (answer) => {
        setResult(answer);
        void message.success(t('screening.saved'));
        window.scrollTo({ top: 0 });
      },
      onError: (error) => {
        if (!isApiError(error)) return;
        const linkIds = new Set(leafItems(q.item).map((item) => item.linkId));
        const byField = new Map<string, string[]>();
        const rest: ApiErrorDetail[] = [];
        for (const detail of error.details) {
          // The day of a paper screening is refused as body.performedOn: said under the date field, in the user's language.
          const onDay = detail.path === 'body.performedOn';
          const linkId = onDay ? PERFORMED_ON_FIELD : linkIdOfPath(detail.path);
          const text = onDay ? t('screening.performedOnInvalid') : detail.message === 'required' ? t('screening.required') : detailMessage(detail, t);
          if (linkId && (onDay || linkIds.has(linkId))) byField.set(linkId, [...(byField.get(linkId) ?? []), text]);
          else rest.push(detail);
        }
        form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
        setUnmatched(rest);
        const first = [...byField.keys()][0];
        if (first) form.scrollToField(first, { focus: true });
      },
    });
  };

  const name = patient.data?.identity.name ?? t('patients.unnamed');
  const title = q ? localText(q.title, q._title, language) || t('screening.title') : t('screening.title');

  return (
    <div data-testid="page-screening">
      <Link to={`/patients/${id}`} className="block-gap link-inline" data-testid="screening-back">
        <ArrowLeftOutlined /> {t('screening.back')}
      </Link>
      <PageHeader title={title} subtitle={patient.data ? t('screening.patient', { name }) : undefined} />
      {patient.isError && <ErrorAlert error={patient.error} testId="screening-patient-error" />}
      {questionnaire.isPending && <Skeleton active paragraph={{ rows: 10 }} />}
      {questionnaire.isError && <ErrorAlert error={questionnaire.error} onRetry={() => void questionnaire.refetch()} />}
      {result ? (
        <ScreeningResultCard
          result={result}
          patientId={id}
          onAgain={() => {
            setResult(null);
            submit.reset();
          }}
        />
      ) : (
        q && (
          <Form<FormValues>
            form={form}
            layout="vertical"
            onFinish={onFinish}
            scrollToFirstError={{ focus: true }}
            className="screening-form"
            data-testid="screening-form"
          >
            <PerformedOnField />
            <QuestionnaireItems items={q.item ?? []} language={language} />
            {submit.isError && (
              <div className="block-gap">
                {isApiError(submit.error) && submit.error.status === 400 && unmatched.length === 0 ? (
                  <Alert type="error" showIcon title={t('screening.invalid')} data-testid="screening-error" />
                ) : (
                  <ErrorAlert error={submit.error} details={unmatched} testId="screening-error" />
                )}
              </div>
            )}
            <Button type="primary" htmlType="submit" size="large" loading={submit.isPending} data-testid="screening-submit">
              {t('screening.submit')}
            </Button>
          </Form>
        )
      )}
    </div>
  );
}
