/** Ids travel as strings of digits (SPEC: ids are strings). */
export const ID_PATTERN = /^\d{1,18}$/;
/**
 * Ids of jobs, exports and evidence: a uuid written 8-4-4-4-12. Anything looser reaches
 * PostgreSQL, which refuses it with an error (a 500) instead of finding nothing (a 404).
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
