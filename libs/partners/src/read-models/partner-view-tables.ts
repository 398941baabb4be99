// The read-model tables the partner views query, schema-qualified.
import { partner360Tables } from './partner-360.schema';
import { partnerTimelineTable } from './partner-timeline.projection';

const RM = 'read_models';
export const PROFILES = `${RM}.${partner360Tables.profiles}`;
export const LINKS = `${RM}.${partner360Tables.externalLinks}`;
export const ALIASES = `${RM}.${partner360Tables.aliases}`;
export const ENGAGEMENTS = `${RM}.${partner360Tables.engagements}`;
export const TASKS = `${RM}.${partner360Tables.tasks}`;
export const TIMELINE = `${RM}.${partnerTimelineTable}`;
export const STAFF = `${RM}.staff_directory`;
