// This file tells the executor the types of a query level's row values,
// which it needs to write level rows to temporary files (a hash join's
// batches).

package plan

// levelTypes returns the type of each value of q's level rows: each FROM
// item's columns at its offset; system columns and the values of items
// without columns of their own are 0 (the spill encoding then goes by the
// values' representation).
func levelTypes(q *Query) []uint32 {
	out := make([]uint32, q.Width)
	for _, r := range q.RTEs {
		for i, c := range r.Columns {
			if i < r.Width && r.Offset+i < len(out) {
				out[r.Offset+i] = c.TypeOID
			}
		}
	}
	return out
}
