import { Button, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Attachment, Consent, ConsentStatus } from '../../api-types';
import { formatDate, formatDateTime } from '../../format';
import { attachmentUrl } from './attachments.api';

const STATUS_COLOURS: Record<ConsentStatus, string | undefined> = { active: 'green', expired: undefined, withdrawn: 'red' };

export function ConsentStatusTag({ status }: { status: ConsentStatus }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="consent-status" data-status={status}>
      {t(`consent.statuses.${status}`)}
    </Tag>
  );
}

function giverText(c: Consent, t: TFunction): string {
  const g = c.givenBy;
  if (g.kind === 'patient') return t('consent.giverKinds.patient');
  return t('consent.givenByOther', { kind: t(`consent.giverKinds.${g.kind}`), name: g.name, relationship: g.relationship });
}

function MethodLine({ c, forms }: { c: Consent; forms: readonly Attachment[] }): React.JSX.Element {
  const { t } = useTranslation();
  const m = c.method;
  if (m.kind === 'verbal') return <li>{t('consent.methodVerbal', { name: m.witnessName })}</li>;
  const file = forms.find((a) => a.id === m.attachmentId);
  return (
    <li>
      {t('consent.methodSigned')}{' '}
      {file ? (
        <a href={attachmentUrl(c.caseId, file.id, true)} target="_blank" rel="noreferrer" data-testid="consent-form-link">
          {file.fileName}
        </a>
      ) : (
        <span className="muted">{t('consent.formMissing')}</span>
      )}
    </li>
  );
}

interface ConsentItemProps {
  consent: Consent;
  attachments: readonly Attachment[];
  mayWithdraw: boolean;
  onWithdraw: () => void;
}

/** One consent: what it allows now (the server's sentence in the user's language), its status, who gave it, how, and until when. */
export function ConsentItem({ consent: c, attachments, mayWithdraw, onWithdraw }: ConsentItemProps): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const someone = t('consent.someone');
  const w = c.withdrawal;
  return (
    <div
      className={`consent-item${c.status === 'active' ? '' : ' consent-item--inactive'}`}
      data-testid={`consent-${c.id}`}
      data-status={c.status}
      data-purpose={c.purpose}
    >
      <div className="consent-item__head">
        <span>{t(`consent.purposes.${c.purpose}`)}</span>
        <ConsentStatusTag status={c.status} />
      </div>
      <p className="consent-item__allows" data-testid="consent-allows">
        {i18n.resolvedLanguage === 'en' ? c.allows.en : c.allows.vi}
      </p>
      <ul className="consent-item__facts">
        <li data-testid="consent-giver">{t('consent.givenBy', { who: giverText(c, t) })}</li>
        {c.patientLacksCapacity && <li>{t('consent.lacksCapacity')}</li>}
        {c.childAgreed !== null && <li>{c.childAgreed ? t('consent.childAgreedYes') : t('consent.childAgreedNo')}</li>}
        <MethodLine c={c} forms={attachments} />
        <li data-testid="consent-period">
          {c.validUntil
            ? t('consent.period', { from: formatDate(c.givenOn), until: formatDate(c.validUntil) })
            : t('consent.periodOpen', { from: formatDate(c.givenOn) })}
        </li>
        <li className="muted">{t('consent.recordedBy', { name: c.recordedBy.name ?? someone, at: formatDateTime(c.recordedAt) })}</li>
        {w && (
          <li data-testid="consent-withdrawal">
            {t('consent.withdrawnOn', { date: formatDate(w.on), name: w.recordedBy.name ?? someone, at: formatDateTime(w.recordedAt) })}
            {w.reason && <div>{t('consent.withdrawnReason', { reason: w.reason })}</div>}
          </li>
        )}
      </ul>
      {mayWithdraw && c.status === 'active' && (
        <div className="consent-item__actions">
          <Button
            danger
            onClick={onWithdraw}
            aria-label={t('consent.withdrawOf', { purpose: t(`consent.purposes.${c.purpose}`) })}
            data-testid={`consent-withdraw-${c.id}`}
          >
            {t('consent.withdraw')}
          </Button>
        </div>
      )}
    </div>
  );
}
