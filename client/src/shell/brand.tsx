import { useTranslation } from 'react-i18next';

/** The product mark: a bridge (cầu) over a pulse line (nhịp). */
export function BrandMark({ size = 32 }: { size?: number }): React.JSX.Element {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#0e6f7e" />
      <path d="M5 21c3.5-7 7.5-10 11-10s7.5 3 11 10" fill="none" stroke="#fff" strokeWidth="2.4" strokeLinecap="round" />
      <path d="M9 21v-4M16 21v-7M23 21v-4" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
      <path d="M4 24h24" stroke="#9fe3e6" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

export function Brand({ compact = false }: { compact?: boolean }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="brand" data-testid="brand">
      <BrandMark />
      {!compact && (
        <div className="brand__text">
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tagline">{t('app.shortTagline')}</span>
        </div>
      )}
    </div>
  );
}
