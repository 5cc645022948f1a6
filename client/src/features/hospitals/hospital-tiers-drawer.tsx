import { App, Drawer, Grid, List, Skeleton, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import type { Hospital } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { formatDate } from '../../format';
import { currentLanguage } from '../../i18n';
import { findingCodeWords } from '../../i18n/finding-words';
import { useAllUsers } from '../users/users.api';
import { TierHistory, TierRow, dayValue, scheduledFor, type TierDraft } from './tier-bits';
import { useAddTierChange, useScreeningTiers } from './tiers.api';
import './hospitals.css';

/**
 * "Phân tầng cờ": which findings make a flag a task on the worklist (support) and which only raise
 * its priority (watch), for one hospital. A change is dated, today or later (the server refuses a
 * back-dated one), and kept in the history (docs/decisions/0008-screening-and-flags.md).
 */
export function HospitalTiersDrawer({
  hospital,
  open,
  onClose,
}: {
  hospital: Hospital | null;
  open: boolean;
  onClose: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={narrow ? '100%' : 680}
      destroyOnHidden
      title={hospital ? t('flagTiers.title', { name: hospital.name }) : t('flagTiers.open')}
    >
      {hospital && <TiersBody hospitalId={hospital.id} />}
    </Drawer>
  );
}

function TiersBody({ hospitalId }: { hospitalId: string }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tiers = useScreeningTiers(hospitalId);
  const users = useAllUsers();
  const save = useAddTierChange(hospitalId);
  const [draft, setDraft] = useState<TierDraft | null>(null);
  const names = useMemo(() => new Map((users.data?.items ?? []).map((u) => [u.id, u.displayName])), [users.data]);

  const onSave = (d: TierDraft): void => {
    if (!d.day) return;
    const effectiveFrom = dayValue(d.day);
    save.mutate(
      { code: d.code, tier: d.tier, effectiveFrom },
      {
        onSuccess: () => {
          setDraft(null);
          const finding = findingCodeWords(d.code, currentLanguage());
          void message.success(t('flagTiers.saved', { finding, tier: t(`flagTiers.${d.tier}`), date: formatDate(effectiveFrom) }));
        },
      },
    );
  };
  const onDraft = (d: TierDraft | null): void => {
    save.reset();
    setDraft(d);
  };

  if (tiers.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (tiers.isError) return <ErrorAlert error={tiers.error} onRetry={() => void tiers.refetch()} testId="tiers-error" />;
  const data = tiers.data;
  return (
    <div data-testid="hospital-tiers">
      <Typography.Paragraph>{t('flagTiers.intro')}</Typography.Paragraph>
      {save.isError && (
        <ErrorAlert error={save.error} details={isApiError(save.error) ? save.error.details : []} testId="tiers-save-error" />
      )}
      <Typography.Title level={5}>{t('flagTiers.findings')}</Typography.Title>
      <List
        className="tier-list"
        dataSource={data.tiers}
        rowKey="code"
        renderItem={(row) => (
          <TierRow
            row={row}
            scheduled={scheduledFor(row.code, data)}
            draft={draft?.code === row.code ? draft : null}
            saving={save.isPending}
            onDraft={onDraft}
            onSave={onSave}
          />
        )}
      />
      <Typography.Title level={5}>{t('flagTiers.history')}</Typography.Title>
      <TierHistory overrides={data.overrides} names={names} />
    </div>
  );
}
