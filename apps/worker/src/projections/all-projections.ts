import { auditPartnerIndexProjection } from '@continuum/audit';
import { partner360Projection, partnerTimelineProjection } from '@continuum/partners';
import type { Projection } from '@continuum/projections';
import { staffDirectoryProjection } from '@continuum/staff';
import { portfolioProjection } from '@continuum/portfolio';
import { taskInboxProjection } from '@continuum/tasks';

/** Every read model of the system; the worker runs them, the API makes sure their views exist. */
export const allProjections: readonly Projection[] = [
  staffDirectoryProjection,
  partner360Projection,
  partnerTimelineProjection,
  taskInboxProjection,
  portfolioProjection,
  auditPartnerIndexProjection,
];
