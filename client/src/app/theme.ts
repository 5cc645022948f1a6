import type { ThemeConfig } from 'antd';

/**
 * A calm clinical palette: deep teal primary, quiet greys, readable type. Every text colour meets
 * WCAG 2.1 AA contrast (4.5:1) on white and on the page grey #f3f5f7: antd's defaults for
 * secondary text (#8c8c8c), placeholders (#bfbfbf) and error text (#ff4d4f) do not, so they are
 * darkened here (the browser tests run axe-core over every screen).
 */
export const BRAND_COLOR = '#0e6f7e';

/**
 * Coloured tags write their text in the palette's 7th shade on its 1st: about 3.4:1 at 12 px
 * (gold 2.8:1). Two shades darker, the same hues read at 4.5:1 or more. antd reads the shade
 * through its CSS variable, named after the hyphenated token (`--ant-cyan-7`), so both names are set.
 */
const DARKER_SEVENTH = {
  blue: '#0050b3',
  geekblue: '#10239e',
  cyan: '#006d75',
  green: '#237804',
  lime: '#3f6600',
  gold: '#874d00',
  yellow: '#876800',
  orange: '#ad4e00',
  volcano: '#ad2102',
  red: '#a8071a',
  magenta: '#9e1068',
  purple: '#391085',
} as const;
const TAG_TEXT: Record<string, string> = Object.fromEntries(
  Object.entries(DARKER_SEVENTH).flatMap(([hue, colour]) => [
    [`${hue}7`, colour],
    [`${hue}-7`, colour],
  ]),
);

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_COLOR,
    colorInfo: BRAND_COLOR,
    colorLink: '#0b5f6c',
    colorBgLayout: '#f3f5f7',
    borderRadius: 6,
    fontFamily: '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
    fontSize: 14,
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
    colorError: '#c8102e',
    colorErrorBg: '#fff2f0',
    colorSuccess: '#2f7d0b',
    colorSuccessBg: '#f6ffed',
    colorWarning: '#ad5b00',
    colorWarningBg: '#fffbe6',
    ...TAG_TEXT,
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#ffffff', headerHeight: 64, headerPadding: '0 24px' },
    Menu: { itemSelectedBg: '#e3f1f3', itemSelectedColor: '#0b5f6c', itemBorderRadius: 6 },
    Card: { headerFontSize: 15 },
    Table: { headerBg: '#f7f9fa' },
  },
};
