import { teams } from '@continuum/staff';
import { isTimestamp } from '@continuum/tasks';
import { z } from 'zod';

const id = z.string().regex(/^[\w.@-]{1,64}$/, 'letters, digits, . _ @ - only');
const text = z.string().trim().min(1);
const staffId = z.string().trim().min(1);

export const createTaskBody = z.object({
  taskId: id.optional(),
  partnerId: text,
  kind: z
    .string()
    .max(64)
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "a short kebab-case kind such as 'acknowledge-gift'"),
  title: text,
  description: z.string().optional(),
  dueAt: z
    .string()
    .refine(isTimestamp, 'an ISO 8601 timestamp with offset, e.g. 2025-03-01T17:00:00Z')
    .meta({ format: 'date-time' }),
  assignee: z.union([z.object({ staffId }).strict(), z.object({ team: z.enum(teams) }).strict()]),
});

/** Without `staffId` the caller takes the task for themselves. */
export const assignTaskBody = z.object({ staffId: staffId.optional() });

/** Exactly one target: a person, or a team's queue. */
export const reassignTaskBody = z
  .object({ toStaffId: staffId.optional(), toTeam: z.enum(teams).optional(), reason: text.optional() })
  .transform(({ toStaffId, toTeam, reason }, context) => {
    const to = toTeam === undefined ? (toStaffId === undefined ? undefined : { toStaffId }) : { toTeam };
    if (to === undefined || (toStaffId !== undefined && toTeam !== undefined)) {
      context.addIssue({
        code: 'custom',
        path: [to === undefined ? 'toStaffId' : 'toTeam'],
        message: 'give exactly one of toStaffId or toTeam',
      });
      return z.NEVER;
    }
    return { ...to, ...(reason === undefined ? {} : { reason }) };
  });

export const completeTaskBody = z.object({ outcome: text });
export const cancelTaskBody = z.object({ reason: text });
export const escalateTaskBody = z.object({ toStaffId: staffId, reason: text });
