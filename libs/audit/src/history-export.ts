import type { HistoryEntry } from './history-reader';

export const historyCsvColumns = [
  'position',
  'occurredAt',
  'recordedAt',
  'type',
  'partnerId',
  'stream',
  'revision',
  'eventId',
  'actor',
  'sourceSystem',
  'correlationId',
  'causationId',
  'hash',
  'data',
] as const;

const csvCell = (value: unknown): string => {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // Quote always when needed; a leading formula character is neutralised so spreadsheets do not execute it.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const historyCsvHeader = `${historyCsvColumns.join(',')}\r\n`;

export const historyCsvRow = (entry: HistoryEntry): string =>
  `${historyCsvColumns.map((column) => csvCell(entry[column])).join(',')}\r\n`;

export const historyNdjsonLine = (entry: HistoryEntry): string => `${JSON.stringify(entry)}\n`;
