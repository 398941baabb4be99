import type { Projection } from '@continuum/projections';
import { staffDirectoryProjection } from '@continuum/staff';

/** Every read model of the system; the worker runs them, the API makes sure their views exist. */
export const allProjections: readonly Projection[] = [staffDirectoryProjection];
