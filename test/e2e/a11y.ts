import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/**
 * Accessibility check for the browser tests: axe-core, injected into the page, runs the WCAG 2.1
 * A/AA rules over what is on screen. Only critical and serious violations fail (WCAG 2.1 AA is
 * the bar we promise; axe's moderate/minor findings are mostly best practice).
 * The context must be made with `bypassCSP: true`: our CSP forbids inline scripts, axe comes in as one.
 */
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  count: number;
  nodes: { target: string; html: string; summary: string }[];
}

/** The critical and serious violations on the page as it is now (empty when none). */
export async function axeViolations(page: Page): Promise<A11yViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    interface AxeNode {
      target: unknown[];
      html: string;
      failureSummary?: string;
    }
    interface AxeResult {
      id: string;
      impact?: string | null;
      help: string;
      nodes: AxeNode[];
    }
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeResult[] }> } }).axe;
    const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        count: v.nodes.length,
        nodes: v.nodes
          .slice(0, 4)
          .map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 160), summary: (n.failureSummary ?? '').slice(0, 240) })),
      }));
  }, WCAG_21_AA);
}

/** A readable list of violations for a failed assertion. */
export function describeViolations(screen: string, violations: A11yViolation[]): string {
  const lines = violations.flatMap((v) => [
    `${screen}: [${v.impact}] ${v.id} (${v.count}×) ${v.help}`,
    ...v.nodes.map((n) => `    ${n.target}  ${n.html}\n      ${n.summary.replace(/\n/g, ' ')}`),
  ]);
  return lines.join('\n');
}

/**
 * Labels a screen reader would read in English while the page is in Vietnamese: aria-labels that
 * are antd icon names ("close", "check-circle": lowercase words joined by dashes) or antd's own
 * English control texts. Returns the offending labels.
 */
export async function englishLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ICON_NAME = /^[a-z]+(?:-[a-z]+)*$/;
    const PHRASE =
      /\b(?:close|search|loading|expand|collapse|previous|next|page|increase|decrease|value|select|clear|copy|sort|filter|open|toggle|menu|more)\b/i;
    const labels = new Set<string>();
    for (const el of document.querySelectorAll('[aria-label]')) {
      if (el.closest('[aria-hidden="true"]')) continue;
      const label = el.getAttribute('aria-label')?.trim() ?? '';
      if (label && (ICON_NAME.test(label) || PHRASE.test(label))) labels.add(label);
    }
    return [...labels];
  });
}
