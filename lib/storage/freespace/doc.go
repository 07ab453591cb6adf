// Package freespace keeps the free space map of a relation, PostgreSQL
// 15's storage/freespace (freespace.c, fsmpage.c), in the same `_fsm`
// fork and page format, so a data directory's maps read the same to
// PostgreSQL's tools (pg_freespacemap) and to gpostgres.
//
// Inserters ask it for a heap page with room (GetPageWithFreeSpace,
// RecordAndGetPageWithFreeSpace when the page they tried was full);
// VACUUM records the free space it leaves (RecordPageWithFreeSpace) and
// then propagates it up the tree (Vacuum, VacuumRange); truncating a
// heap cuts its map too (TruncateRel). The map is a hint, never
// WAL-logged: see README.md.
package freespace
