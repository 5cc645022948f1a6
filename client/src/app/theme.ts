import type { ThemeConfig } from 'antd';

/** A calm clinical palette: deep teal primary, quiet greys, readable type. */
export const BRAND_COLOR = '#0e6f7e';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_COLOR,
    colorInfo: BRAND_COLOR,
    colorLink: '#0b5f6c',
    colorBgLayout: '#f3f5f7',
    borderRadius: 6,
    fontFamily: '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
    fontSize: 14,
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#ffffff', headerHeight: 64, headerPadding: '0 24px' },
    Menu: { itemSelectedBg: '#e3f1f3', itemSelectedColor: '#0b5f6c', itemBorderRadius: 6 },
    Card: { headerFontSize: 15 },
    Table: { headerBg: '#f7f9fa' },
  },
};
