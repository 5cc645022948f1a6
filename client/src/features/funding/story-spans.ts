import { isApiError } from '../../api';
import type { IdentifyingKind, IdentifyingSpan } from '../../api-types';
import { IDENTIFYING_KINDS } from '../../api-types';

const isKind = (v: unknown): v is IdentifyingKind => typeof v === 'string' && (IDENTIFYING_KINDS as readonly string[]).includes(v);

/**
 * The spans a 400 STORY.IDENTIFYING found in the text (`params.spans`; the title's in
 * `params.titleSpans`), checked against the text as it was sent: offsets the client cannot place
 * are dropped rather than marking the wrong words.
 */
export function identifyingSpans(error: unknown, text: string, key: 'spans' | 'titleSpans' = 'spans'): IdentifyingSpan[] {
  if (!isApiError(error) || error.code !== 'STORY.IDENTIFYING') return [];
  return (error.records[key] ?? [])
    .flatMap((p) => {
      if (typeof p.start !== 'number' || typeof p.end !== 'number' || !isKind(p.kind)) return [];
      if (p.start < 0 || p.end > text.length || p.start >= p.end) return [];
      return [{ kind: p.kind, start: p.start, end: p.end, text: text.slice(p.start, p.end) }];
    })
    .sort((a, b) => a.start - b.start);
}
