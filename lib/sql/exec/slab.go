package exec

import "github.com/gpostgres/gpostgres/lib/types"

// slabDatums is the most Datums a datumSlab allocates at a time (32KB);
// its first chunk is slabFirst Datums, each next one twice the last, so
// that a statement returning one row allocates little.
const (
	slabDatums = 2048
	slabFirst  = 32
)

// datumSlab hands out rows carved from larger allocations: one
// allocation per few hundred rows instead of one per row, for iterators
// that build a new row for every input row. A chunk stays alive while
// any of its rows does, so rows that are kept (by a sort, say) cost at
// most one chunk more than allocating them one by one.
type datumSlab struct {
	free []types.Datum
	next int // the size of the next chunk
}

// row returns a zeroed row of n Datums that the caller owns.
func (s *datumSlab) row(n int) []types.Datum {
	if n > len(s.free) {
		if n > slabDatums/8 {
			return make([]types.Datum, n)
		}
		if s.next < slabFirst {
			s.next = slabFirst
		}
		for s.next < n {
			s.next *= 2
		}
		s.free = make([]types.Datum, s.next)
		if s.next < slabDatums {
			s.next *= 2
		}
	}
	r := s.free[:n:n]
	s.free = s.free[n:]
	return r
}

// clone returns a copy of r carved from the slab.
func (s *datumSlab) clone(r []types.Datum) []types.Datum {
	c := s.row(len(r))
	copy(c, r)
	return c
}
