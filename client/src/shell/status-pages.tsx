import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

function BackHome(): React.JSX.Element {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Button type="primary" onClick={() => void navigate('/')}>
      {t('common.backHome')}
    </Button>
  );
}

export function NotFoundPage(): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div data-testid="page-not-found">
      <Result status="404" title={t('status.notFoundTitle')} subTitle={t('status.notFoundText')} extra={<BackHome />} />
    </div>
  );
}

export function ForbiddenPage(): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div data-testid="page-forbidden">
      <Result status="403" title={t('status.forbiddenTitle')} subTitle={t('status.forbiddenText')} extra={<BackHome />} />
    </div>
  );
}

/** Patients and cases arrive with the hospital FHIR link; until then the menu entry explains. */
export function ComingSoonPage(): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div data-testid="page-coming-soon">
      <Result status="info" title={t('status.comingSoonTitle')} subTitle={t('status.comingSoonText')} extra={<BackHome />} />
    </div>
  );
}
