import { EditOutlined, FileDoneOutlined } from '@ant-design/icons';
import { Button, Card, Collapse, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { inVietnam, nowMs } from '../../clock';
import { ErrorAlert } from '../../components/error-alert';
import { formatDate, formatDateTime } from '../../format';
import { useCurrentUser } from '../auth/session';
import type { CaseDetail, CaseNote, TimelineItem } from './case-types';
import { timelineSentence, timelineTechnical } from './case-words';
import { useCaseTimeline } from './cases.api';
import { NoteForm } from './note-form';
import type { NoteFormMode } from './note-form';

const noteAnchor = (noteId: string): string => `note-${noteId}`;

/** Within its 24 h window (the server's `editableUntil`), only for its author. */
function editable(note: CaseNote, userId: string): boolean {
  return note.author.id === userId && note.editableUntil !== null && Date.parse(note.editableUntil) > nowMs();
}

function NoteLinks({ note, notes }: { note: CaseNote; notes: Map<string, CaseNote> }): React.JSX.Element | null {
  const { t } = useTranslation();
  const corrected = note.corrects ? notes.get(note.corrects) : undefined;
  return (
    <>
      {note.corrects && (
        <div className="small" data-testid="note-corrects" data-note={note.corrects}>
          <a href={`#${noteAnchor(note.corrects)}`} className="case-corrects-link">
            {corrected ? t('caseTimeline.corrects', { date: formatDate(corrected.occurredOn) }) : t('caseTimeline.correctsUnknown')}
          </a>
        </div>
      )}
      {note.correctedBy.length > 0 && (
        <div className="small case-corrected" data-testid="note-corrected-by">
          <FileDoneOutlined aria-hidden /> {t('caseTimeline.correctedBy')}:
          {note.correctedBy.map((id, i) => (
            <a key={id} href={`#${noteAnchor(id)}`} className="case-corrected__link">
              {t('caseTimeline.seeCorrection')}
              {note.correctedBy.length > 1 ? ` ${i + 1}` : ''}
            </a>
          ))}
        </div>
      )}
    </>
  );
}

function NoteBody({ c, note, notes }: { c: CaseDetail; note: CaseNote; notes: Map<string, CaseNote> }): React.JSX.Element {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [mode, setMode] = useState<NoteFormMode | null>(null);
  // A closed case's record is final: the server's `can` offers no new notes there, and no edits are offered either.
  const canEdit = c.status !== 'closed' && editable(note, user.id);
  const canCorrect = !canEdit && c.can.includes('case.note.create');
  if (mode) return <NoteForm caseId={c.id} mode={mode} onDone={() => setMode(null)} />;
  return (
    <div>
      <Typography.Paragraph className="case-note__body" data-testid="note-body">
        {note.body}
      </Typography.Paragraph>
      <NoteLinks note={note} notes={notes} />
      <div className="case-note__meta small muted">
        {t('caseTimeline.occurredOn')}: {formatDate(note.occurredOn)}
        {note.editedAt && <span data-testid="note-edited"> · {t('caseTimeline.edited', { time: formatDateTime(note.editedAt) })}</span>}
        {canEdit && note.editableUntil && <span> · {t('caseTimeline.editUntil', { time: formatDateTime(note.editableUntil) })}</span>}
      </div>
      {canEdit && (
        <Button size="small" icon={<EditOutlined />} onClick={() => setMode({ kind: 'edit', note })} data-testid={`note-edit-${note.id}`}>
          {t('caseTimeline.edit')}
        </Button>
      )}
      {canCorrect && (
        <Button size="small" onClick={() => setMode({ kind: 'correct', note })} data-testid={`note-correct-${note.id}`}>
          {t('caseTimeline.correct')}
        </Button>
      )}
    </div>
  );
}

function TimelineEntry({ c, item, notes }: { c: CaseDetail; item: TimelineItem; notes: Map<string, CaseNote> }): React.JSX.Element {
  const { t } = useTranslation();
  const technical = timelineTechnical(item);
  return (
    <li
      className={`case-entry case-entry--${item.kind}`}
      id={item.kind === 'note' ? noteAnchor(item.note.id) : undefined}
      data-testid={item.kind === 'note' ? `timeline-note-${item.note.id}` : `timeline-${item.id}`}
      data-kind={item.kind}
    >
      <div className="case-entry__when small muted">
        <time dateTime={item.at}>{t('caseTimeline.at', { date: formatDate(item.day), time: inVietnam(item.at).format('HH:mm') })}</time>
        {' · '}
        {item.actor?.name ? t('caseTimeline.by', { name: item.actor.name }) : t('caseTimeline.system')}
      </div>
      <div className="case-entry__what" data-testid="timeline-sentence">
        {item.kind === 'note' && <Tag color={item.note.corrects ? 'orange' : 'blue'}>{t(`caseTimeline.noteTypes.${item.note.type}`)}</Tag>}
        <strong>{timelineSentence(item, t)}</strong>
      </div>
      {item.kind === 'note' && <NoteBody c={c} note={item.note} notes={notes} />}
      {technical && (
        <Collapse
          ghost
          size="small"
          items={[{ key: 'tech', label: t('caseTimeline.details'), children: <code className="small case-entry__code">{technical}</code> }]}
        />
      )}
    </li>
  );
}

/** Newest first, a page at a time ("show more"); the note composer on top for those who may write. */
export function CaseTimeline({ c }: { c: CaseDetail }): React.JSX.Element {
  const { t } = useTranslation();
  const timeline = useCaseTimeline(c.id);
  const items = timeline.data?.pages.flatMap((p) => p.data) ?? [];
  const notes = new Map(items.flatMap((i) => (i.kind === 'note' ? [[i.note.id, i.note] as const] : [])));
  return (
    <Card title={t('caseTimeline.title')} data-testid="case-timeline">
      {c.can.includes('case.note.create') && (
        <section className="case-composer" aria-label={t('caseTimeline.compose')}>
          <h3 className="case-section__title">{t('caseTimeline.compose')}</h3>
          <NoteForm caseId={c.id} mode={{ kind: 'new' }} />
        </section>
      )}
      {timeline.isPending && <Skeleton active paragraph={{ rows: 4 }} />}
      {timeline.isError && <ErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} testId="timeline-error" />}
      {timeline.isSuccess && items.length === 0 && <div className="muted">{t('caseTimeline.empty')}</div>}
      <ol className="case-entries" data-testid="timeline-entries">
        {items.map((item) => (
          <TimelineEntry key={item.id} c={c} item={item} notes={notes} />
        ))}
      </ol>
      {timeline.hasNextPage && (
        <Button block loading={timeline.isFetchingNextPage} onClick={() => void timeline.fetchNextPage()} data-testid="timeline-more">
          {t('caseTimeline.loadMore')}
        </Button>
      )}
      {timeline.isSuccess && !timeline.hasNextPage && items.length > 0 && <div className="muted small case-entries__end">{t('caseTimeline.end')}</div>}
    </Card>
  );
}
