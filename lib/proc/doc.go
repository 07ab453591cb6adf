// Package proc is what every gpostgres process knows about itself and its
// siblings: its role, its slot in the shared proc array, its process title,
// and the contract by which the postmaster hands a child its inherited
// descriptors.
//
// It corresponds to PostgreSQL's storage/lmgr/proc.c (PGPROC slots),
// utils/activity/backend_status.c (what pg_stat_activity shows) and
// utils/misc/ps_status.c (process titles).
//
// Proc array. A fixed array of Slot in shared memory: MaxBackends slots for
// client backends followed by a few for auxiliary processes. A process claims
// a free slot by compare-and-swap of its pid into Slot.Owner.Pid and clears
// it on a clean exit. The postmaster clears the slot of a child that died
// without doing so, unless the slot says the child died holding an LWLock or
// inside a critical section: then shared memory may be inconsistent and the
// postmaster restarts every process instead.
//
// Text fields of a slot (user, database, query...) are written by their owner
// only, bracketed by ChangeCount increments (odd while writing), so readers
// such as pg_stat_activity retry until they see an even, unchanged count —
// PostgreSQL's st_changecount protocol.
//
// Titles. A child is exec'd with argv like ["gpostgres:", "checkpointer"],
// so ps shows "gpostgres: checkpointer" and pstree -a shows the role. A
// backend changes its title as it works (idle, SELECT, idle in transaction)
// by overwriting its own argv area in place; the postmaster
// pads a backend's argv so there is room.
package proc
