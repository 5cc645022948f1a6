import { ApiOutlined, DisconnectOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Hospital, HospitalLevel } from '../../api-types';

const LEVEL_COLORS: Record<HospitalLevel, string> = { central: 'geekblue', provincial: 'cyan', district: 'green' };

export function LevelTag({ level }: { level: HospitalLevel }): React.JSX.Element {
  const { t } = useTranslation();
  return <Tag color={LEVEL_COLORS[level]}>{t(`levels.${level}`)}</Tag>;
}

/** New province first (reports group by it), the pre-2025 one after when it differs. */
export function ProvinceText({ province }: { province: Hospital['province'] }): React.JSX.Element {
  const { t } = useTranslation();
  const changed = province.old && province.old !== province.current;
  return (
    <span className="province-text">
      <span>{province.current}</span>
      {changed && <span className="muted"> ({t('hospitals.formerly', { name: province.old })})</span>}
    </span>
  );
}

export function FhirStatusTag({ fhir }: { fhir: Hospital['fhir'] }): React.JSX.Element {
  const { t } = useTranslation();
  if (!fhir.enabled || !fhir.baseUrl) {
    return (
      <Tag icon={<DisconnectOutlined />} data-testid="fhir-status" data-enabled="false">
        {t('hospitals.fhirOff')}
      </Tag>
    );
  }
  return (
    <Tooltip title={`${fhir.baseUrl} · ${t(`fhirAuth.${fhir.authType}`)}`}>
      <Tag icon={<ApiOutlined />} color="success" data-testid="fhir-status" data-enabled="true">
        {t('hospitals.fhirOn')}
      </Tag>
    </Tooltip>
  );
}

export function ActiveTag({ active }: { active: boolean }): React.JSX.Element {
  const { t } = useTranslation();
  return active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>;
}
