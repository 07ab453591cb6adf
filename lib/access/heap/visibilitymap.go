// The visibility map's question (PostgreSQL's visibilitymap.c,
// VM_ALL_VISIBLE): is every tuple of a heap page visible to every
// transaction? An index-only scan asks it for each index entry, and
// reads the heap page to check the row's visibility only when the
// answer is no.

package heap

import "github.com/gpostgres/gpostgres/lib/storage"

// PageAllVisible reports whether rel's visibility map marks block
// all-visible. gpostgres keeps no visibility map yet: VACUUM, which
// will set its bits (and pg_class.relallvisible), does not exist, so
// no page is known all-visible and the answer is always no; every
// index-only scan then checks each row's visibility in the heap. This
// is where the map's lookup goes when it exists.
func PageAllVisible(env *Env, rel *Relation, block storage.BlockNumber) bool {
	return false
}
