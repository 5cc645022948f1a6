import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * B10: the server's own sentences are English; the screens word codes instead. This guard walks
 * the client's source for a server message put on screen (`detail.message`, `error.message`,
 * `run.error.message`, a raw `lastError`) outside the places that fold it under "Technical
 * details". A screen that needs one shows it through ErrorAlert or TechnicalNote.
 */
const CLIENT = join(import.meta.dirname, '../../client/src');
/** Where the raw text is allowed: behind a "Technical details" toggle. */
const TECHNICAL = new Set(['components/error-alert.tsx', 'components/error-messages.ts', 'components/technical-note.tsx', 'features/sync/sync-bits.tsx', 'api.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('no server English on screen', () => {
  it('finds no server message rendered outside a technical-details fold', () => {
    const shown: string[] = [];
    for (const file of files(CLIENT)) {
      const rel = relative(CLIENT, file).split('\\').join('/');
      if (TECHNICAL.has(rel)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // A comparison (`detail.message === 'required'`) reads the text, it does not show it.
          const rendered = line.replace(/\b\w+(\.\w+)*\.message\s*===\s*'[^']*'/g, '');
          if (/\b(detail|d|error|err|e|run\.error)\.message\b|(?<!=)\{lastError\}/.test(rendered)) shown.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(shown).toEqual([]);
  });
});
