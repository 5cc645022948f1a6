import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../i18n';
import type { Language } from '../i18n';

/** VI / EN in the header; the choice is kept in localStorage (`nhipcau.lang`). */
export function LanguageSwitch(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const value: Language = i18n.resolvedLanguage === 'en' ? 'en' : 'vi';
  return (
    <Segmented<Language>
      size="small"
      value={value}
      onChange={(language) => void changeLanguage(language)}
      aria-label={t('lang.label')}
      data-testid="language-switch"
      options={[
        {
          value: 'vi',
          label: (
            <span title={t('lang.vi')} data-testid="language-vi">
              VI
            </span>
          ),
        },
        {
          value: 'en',
          label: (
            <span title={t('lang.en')} data-testid="language-en">
              EN
            </span>
          ),
        },
      ]}
    />
  );
}
