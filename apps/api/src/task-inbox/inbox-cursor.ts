import { z } from 'zod';

/** Where a page of the inbox ended: the last task's due time and id (the sort key). */
export interface InboxCursor {
  readonly dueAt: string;
  readonly taskId: string;
}

export const encodeCursor = (cursor: InboxCursor): string =>
  Buffer.from(JSON.stringify([cursor.dueAt, cursor.taskId])).toString('base64url');

const decoded = z.tuple([z.iso.datetime({ offset: true }), z.string().min(1)]);

/** Opaque to clients: anything that does not decode to a sort key is refused as invalid. */
export const cursorParam = z.string().transform((text, context): InboxCursor => {
  try {
    const [dueAt, taskId] = decoded.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return { dueAt, taskId };
  } catch {
    context.addIssue({ code: 'custom', message: 'not a cursor returned by this route' });
    return z.NEVER;
  }
});
