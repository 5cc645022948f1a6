import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Alert, Button, Empty, Input, Radio, Select, Space, Spin, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferralRecipient, ReferralRecipientKind, ReferralService } from '../../api-types';
import { REFERRAL_RECIPIENT_KINDS, REFERRAL_SERVICES } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { formatDate } from '../../format';
import { useRecipients } from './referrals.api';
import { kindWord, serviceWord } from './referral-words';

/** The patient's consent to this recipient, in a sentence: the one shown before anything is sent. */
export function ConsentLine({ recipient, onGoToConsent }: { recipient: ReferralRecipient; onGoToConsent?: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const c = recipient.consent;
  if (c) {
    const text = c.validUntil
      ? t('referral.composer.consentYes', { name: recipient.name, date: formatDate(c.validUntil) })
      : t('referral.composer.consentOpen', { name: recipient.name });
    return <Alert type="success" showIcon title={text} data-testid="composer-consent" data-consent="yes" />;
  }
  return (
    <Alert
      type="warning"
      showIcon
      title={t('referral.composer.consentNo')}
      data-testid="composer-consent"
      data-consent="no"
      action={
        onGoToConsent && (
          <Button size="small" onClick={onGoToConsent} data-testid="composer-consent-go">
            {t('referral.composer.consentGo')}
          </Button>
        )
      }
    />
  );
}

function RecipientOption({ r }: { r: ReferralRecipient }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="recipient-option">
      <div className="recipient-option__name">{r.name}</div>
      <div className="recipient-option__meta muted small">
        {kindWord(t, r.kind)} · {r.province ?? t('referral.nationwide')}
      </div>
      <div className="small">{t('referral.composer.offers', { services: r.services.map((s) => serviceWord(t, s)).join(', ') })}</div>
      <div className="small">
        {r.consent ? (
          <Tag color="green" icon={<CheckCircleFilled aria-hidden />}>
            {r.consent.validUntil
              ? t('referral.composer.consentYes', { name: r.name, date: formatDate(r.consent.validUntil) })
              : t('referral.composer.consentOpen', { name: r.name })}
          </Tag>
        ) : (
          <Tag color="orange" icon={<ExclamationCircleFilled aria-hidden />}>
            {t('referral.composer.consentNoShort')}
          </Tag>
        )}
      </div>
    </div>
  );
}

interface PickerProps {
  caseId: string;
  value?: ReferralRecipient | null;
  onChange?: (r: ReferralRecipient | null) => void;
}

/**
 * Recipients across the network, found by kind, province, service and name (the server filters);
 * each says whether the patient's consent covers it now. The provinces offered are those of the
 * network's recipients (one unfiltered search, cached).
 */
export function RecipientPicker({ caseId, value, onChange }: PickerProps): React.JSX.Element {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ReferralRecipientKind | 'all'>('all');
  const [province, setProvince] = useState<string | undefined>();
  const [service, setService] = useState<ReferralService | undefined>();
  const [q, setQ] = useState('');
  const all = useRecipients(caseId, {});
  const found = useRecipients(caseId, { ...(kind === 'all' ? {} : { kind }), province, service, q: q.trim() || undefined });
  const provinces = useMemo(
    () =>
      [...new Set((all.data ?? []).map((r) => r.province).filter((p): p is string => p !== null))].sort((a, b) => a.localeCompare(b, 'vi')),
    [all.data],
  );
  const list = found.data ?? [];
  return (
    <Space orientation="vertical" size={12} className="full-width" data-testid="recipient-picker">
      <Radio.Group
        value={kind}
        onChange={(e) => setKind(e.target.value as ReferralRecipientKind | 'all')}
        optionType="button"
        aria-label={t('referral.composer.kind')}
        data-testid="recipient-kind"
        options={[
          { value: 'all', label: t('referral.composer.kindAll') },
          ...REFERRAL_RECIPIENT_KINDS.map((k) => ({ value: k, label: kindWord(t, k) })),
        ]}
      />
      <div className="recipient-filters">
        <Select
          allowClear
          value={province}
          onChange={setProvince}
          placeholder={t('referral.composer.provinceAll')}
          aria-label={t('referral.composer.province')}
          options={provinces.map((p) => ({ value: p, label: p }))}
          data-testid="recipient-province"
        />
        <Select
          allowClear
          value={service}
          onChange={setService}
          placeholder={t('referral.composer.serviceAll')}
          aria-label={t('referral.composer.serviceFilter')}
          options={REFERRAL_SERVICES.map((s) => ({ value: s, label: serviceWord(t, s) }))}
          data-testid="recipient-service"
        />
        <Input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('referral.composer.searchPlaceholder')}
          aria-label={t('referral.composer.search')}
          data-testid="recipient-q"
        />
      </div>
      {found.isError && <ErrorAlert error={found.error} onRetry={() => void found.refetch()} />}
      {found.isPending && <Spin />}
      {found.isSuccess && list.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('referral.composer.noRecipients')} />
      )}
      <Radio.Group
        className="recipient-list"
        aria-label={t('referral.composer.recipientsLabel')}
        value={value?.id}
        onChange={(e) => onChange?.(list.find((r) => r.id === e.target.value) ?? null)}
        data-testid="recipient-list"
      >
        {list.map((r) => (
          <Radio
            key={r.id}
            value={r.id}
            className="recipient-list__item"
            data-testid={`recipient-${r.id}`}
            data-consent={r.consent ? 'yes' : 'no'}
          >
            <RecipientOption r={r} />
          </Radio>
        ))}
      </Radio.Group>
    </Space>
  );
}
