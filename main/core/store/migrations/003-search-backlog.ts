import type { Migration } from './types';

/**
 * Messages waiting for the search index. Writing a message adds its pk here in the same transaction instead of
 * updating the full-text index there and then: an FTS5 insert writes a new segment per transaction, which on the
 * path of a live message costs as much as the rest of the write. The backlog is indexed in batches when the engine
 * has a moment (and always before a search runs), so a search never misses a stored message, and a crash leaves
 * the rows here to be indexed at the next start.
 *
 * `fresh` = 1: the message was never indexed, so there is no index row to drop first.
 */
export const searchBacklog: Migration = {
  version: 3,
  name: 'search-backlog',
  up(db) {
    db.exec(`CREATE TABLE search_backlog (pk INTEGER PRIMARY KEY, fresh INTEGER NOT NULL)`);
  },
};
