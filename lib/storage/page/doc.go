// Package page is the layout of an 8192-byte data page, PostgreSQL's
// bufpage.c and checksum_impl.h, byte for byte: a page written by
// PostgreSQL 15 reads here, and a page written here reads there.
//
// # Layout
//
// A Page is a []byte view of exactly 8192 bytes, normally a shared buffer;
// nothing in this package copies it or keeps it. It starts with
// PageHeaderData (24 bytes, little-endian as on x86-64):
//
//	 0 pd_lsn              uint32 xlogid, uint32 xrecoff: LSN of the last change
//	 8 pd_checksum         uint16
//	10 pd_flags            uint16: HasFreeLines, PageFull, AllVisible
//	12 pd_lower            uint16: end of the line pointer array
//	14 pd_upper            uint16: start of tuple space
//	16 pd_special          uint16: start of the special space
//	18 pd_pagesize_version uint16: 8192 | 4
//	20 pd_prune_xid        uint32
//	24 line pointers (ItemId, 4 bytes: lp_off:15 lp_flags:2 lp_len:15)
//
// then free space, then tuples growing down from pd_special, then the
// special space (an index's per-page data). Tuples start on MAXALIGN (8)
// boundaries. Line pointers are numbered from 1 (OffsetNumber); a tuple's
// address is (block, offset) and never changes while the tuple lives, so
// compaction moves tuple bytes but never renumbers line pointers.
//
// # What it promises
//
//   - Init, AddItem, RepairFragmentation, TruncateLinePointerArray, FreeSpace
//     and HeapFreeSpace follow PostgreSQL 15's rules exactly (which line
//     pointer is reused, where the tuple goes, when the page is full), so
//     heap and index code ported from PostgreSQL behaves the same. The tests
//     rebuild a PostgreSQL heap page with AddItem and replay VACUUM's
//     compaction, and compare bytes with the pages PostgreSQL wrote.
//   - Checksum is pg_checksum_page: 32 parallel FNV-1a-style sums with
//     PostgreSQL's seeds, the block number mixed in, (sum % 65535) + 1. It
//     reads the page without writing it (pd_checksum is masked, not zeroed
//     in place), so it can run under a share lock.
//   - Verify is PageIsVerifiedExtended: a sane header and, with checksums on,
//     a matching checksum; an all-zero page always passes (a crash after
//     extending a relation leaves one). The caller turns a failure into
//     InvalidPage ("invalid page in block %u of relation %s", XX001).
//
// # Caveats
//
//   - No locking here: the caller holds the buffer content lock (shared to
//     read, exclusive to change). Hint bits may change under a share lock,
//     which is why the buffer manager checksums a private copy when it
//     writes (CopyWithChecksum), as PostgreSQL's PageSetChecksumCopy does.
//   - AddItem returns InvalidOffset both for "no room" and for the cases
//     PostgreSQL refuses with a WARNING (overwriting a used line pointer, an
//     offset past the end, the heap line pointer limit); callers treat 0 as
//     "failed to add tuple to page". Corrupt page pointers make AddItem
//     panic with a PANIC-severity *pgerr.Error, because PostgreSQL runs it
//     inside critical sections where only PANIC is possible.
//   - Accessors panic on offsets outside 1..MaxOffset(): that is a bug in
//     the caller, as an Assert would be in PostgreSQL.
package page
