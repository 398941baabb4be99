/** The contract's six `source` values (the default of CAMPUS_SOURCES). */
export const campusEventSources: readonly string[] = [
  'research',
  'careers',
  'advancement',
  'curriculum',
  'workforce',
  'tech-transfer',
].map((system) => `/campus/${system}`);
