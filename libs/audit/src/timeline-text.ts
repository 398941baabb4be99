import { summarise, viewEventOf } from '@continuum/partners';
import type { HistoryEntry } from './history-reader';

/** One readable line per history entry, in the partner timeline's own words where it has them. */
export function timelineLine(entry: HistoryEntry): string {
  const view = viewEventOf({
    id: entry.eventId,
    type: entry.type,
    data: entry.data,
    metadata: entry.metadata,
    stream: entry.stream,
    revision: entry.revision,
    position: { commit: 0n, prepare: 0n },
    recordedAt: new Date(entry.recordedAt),
  });
  const words = view ? summarise(view.event) : entry.type;
  const late =
    entry.occurredAt.slice(0, 10) !== entry.recordedAt.slice(0, 10)
      ? ` (recorded ${entry.recordedAt.slice(0, 10)})`
      : '';
  const by = entry.actor ? ` by ${entry.actor}` : '';
  const via = entry.sourceSystem ? ` via ${entry.sourceSystem}` : '';
  return `${entry.occurredAt.slice(0, 16).replace('T', ' ')}  ${words}${by}${via}${late}  [${entry.stream}@${entry.revision}]`;
}
