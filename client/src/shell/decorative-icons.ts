import { i18n } from '../i18n';

/**
 * antd's icons name themselves with their English file name (`<span role="img" aria-label="close">`,
 * "user", "check-circle"), so a screen reader reads English words on Vietnamese pages, and repeats
 * what the text beside an icon already says. antd offers no switch for this, so as icons appear:
 * - an icon beside text is decorative: aria-hidden;
 * - an icon that is all a control shows (antd's search, clear, close, filter, page arrows, the
 *   password eye) names that control: its label is translated (`a11y.icons.*`), and again when
 *   the language changes.
 * The browser tests' axe check fails on any control this leaves without a name.
 */
const ICON = '.anticon[role="img"]';
const CONTROL = 'button, a, [role="button"], [role="tab"], [role="menuitem"], [role="switch"]';
const ICON_NAMES = [
  'search',
  'close',
  'close-circle',
  'filter',
  'left',
  'right',
  'double-left',
  'double-right',
  'eye',
  'eye-invisible',
  'down',
  'up',
  'reload',
  'ellipsis',
  'copy',
  'edit',
] as const;
type IconName = (typeof ICON_NAMES)[number];
const isIconName = (name: string): name is IconName => (ICON_NAMES as readonly string[]).includes(name);

function iconName(icon: Element): string {
  const cls = [...icon.classList].find((c) => c.startsWith('anticon-') && c !== 'anticon-spin');
  return cls ? cls.slice('anticon-'.length) : '';
}

/** The control the icon stands for alone (no text of its own), if any. */
function soleControl(icon: Element): Element | null {
  const control = icon.closest(CONTROL);
  if (!control || control.hasAttribute('aria-label') || control.hasAttribute('aria-labelledby')) return null;
  return (control.textContent ?? '').trim() === '' ? control : null;
}

function label(icon: Element): void {
  const name = iconName(icon);
  if (soleControl(icon) && isIconName(name)) {
    icon.removeAttribute('aria-hidden');
    icon.setAttribute('aria-label', i18n.t(`a11y.icons.${name}`));
    icon.setAttribute('data-a11y-icon', 'named');
  } else if (icon.getAttribute('data-a11y-icon') !== 'named') {
    icon.setAttribute('aria-hidden', 'true');
    icon.setAttribute('data-a11y-icon', 'hidden');
  }
}

function labelWithin(node: Element): void {
  if (node.matches(ICON)) label(node);
  for (const icon of node.querySelectorAll(ICON)) label(icon);
}

/** Watches the document (drawers and menus render outside #root) and returns the stop function. */
export function labelIcons(root: HTMLElement = document.body): () => void {
  labelWithin(root);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node instanceof Element) labelWithin(node);
    }
  });
  observer.observe(root, { childList: true, subtree: true });
  const relabel = (): void => {
    for (const icon of root.querySelectorAll('[data-a11y-icon="named"]')) label(icon);
  };
  i18n.on('languageChanged', relabel);
  return () => {
    observer.disconnect();
    i18n.off('languageChanged', relabel);
  };
}
