// Package nbtree is the B-tree index access method: PostgreSQL 15's
// src/backend/access/nbtree (nbtinsert.c, nbtsearch.c, nbtsort.c,
// nbtpage.c, nbtutils.c, nbtxlog.c) over gpostgres's shared buffer pool
// and WAL. Pages, index tuples and WAL records are byte-compatible with
// PostgreSQL's (BTREE_VERSION 4: the heap TID is the last key column, so
// every key in the tree is unique; pivot tuples are suffix-truncated).
// It knows nothing of SQL: the caller describes the key columns (a tuple
// descriptor for storage and a comparison function per column, with
// DESC and NULLS FIRST) and supplies heap visibility for unique checks.
//
// # Layers
//
//   - Layout (page.go, itup.go): the metapage, BTPageOpaqueData, index
//     tuples formed with lib/access/tuple's attribute encoding, pivot
//     tuples (INDEX_ALT_TID_MASK, attribute count in the TID offset,
//     optional trailing heap TID, downlink in the TID block).
//   - Search (search.go): insertion scan keys, _bt_compare, binary
//     search, the Lehman & Yao descent with move-right.
//   - Insert (insert.go, splitloc.go, delete.go): uniqueness check,
//     removal of LP_DEAD entries from a full leaf, page splits at
//     nbtsplitloc.c's split points, downlinks into the parent, new roots,
//     finishing splits left incomplete.
//   - Build (sort.go): bottom-up load of sorted entries, each page logged
//     whole.
//   - Scan (scan.go): scan keys with strategies < <= = >= > and IS [NOT]
//     NULL, forward and backward, LP_DEAD hints.
//   - VACUUM (vacuum.go, pagedel.go): removal of dead entries, deletion
//     of emptied leaves and subtrees, recycling of deleted pages through
//     the index's free space map.
//   - WAL (wal.go, redo.go): record formats, names as pg_waldump prints
//     them, redo for the rmgr table.
//   - Check (check.go): an amcheck-like structural checker.
//
// # Lifecycle
//
//	process start:   env := &nbtree.Env{Pool, Files, WAL, Owner, Interrupt, FSM, NextFullXid, RemovableFullXid}
//	startup process: nbtree.RegisterRedo(rmgrTable, pageSource) before xlog's Recover
//	                 (Build's pages are XLOG_FPI records: the XLOG rmgr's RedoFPI)
//	describe:        ix := &nbtree.Index{Locator, Name, HeapName, Desc, Keys, Unique, NullsNotDistinct, AllEqualImage}
//	CREATE INDEX:    create the main fork empty (smgr), then
//	                 nbtree.Build(env, ix, next) with entries sorted in index order,
//	                 or b := nbtree.NewBuild(env, ix); b.Add(values, tid, live)...; b.Finish()
//	                 (an empty index: Build with no entries, a metapage without root)
//	INSERT:          nbtree.Insert(env, ix, values, heapTID, &nbtree.HeapAccess{Check, Wait, DeleteHorizon})
//	                 (nil, or any callback nil: no uniqueness check / no deletion of dead entries)
//	scan:            sc, _ := nbtree.BeginScan(env, ix, keys, nbtree.Forward)
//	                 for { tid, ok, err := sc.Next() ...; vals, _ := sc.Values(); sc.KillPrior() }; sc.Close()
//	VACUUM:          stats, _ := nbtree.BulkDelete(env, ix, dead, stats) per index pass, then
//	                 stats, _ = nbtree.Cleanup(env, ix, stats, heapTuples, estimated) (nil: no scan needed)
//	amcheck:         nbtree.Check(env, ix)
//
// See README.md for the locking and WAL rules and the deviations from
// PostgreSQL.
package nbtree
