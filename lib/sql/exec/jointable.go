// The hash join's in-memory table (the table of PostgreSQL's
// HashJoinTable): each inner row kept as only its inner columns (the
// join level row's InnerSegments), in chunks, and chained by key in
// arrival order, so that a row costs about its Datums, a chain link and
// its key's share of one map entry, close to PostgreSQL's hash tuple.

package exec

import "github.com/gpostgres/gpostgres/lib/types"

// joinChunkRows is how many rows one chunk of a joinTable holds.
const joinChunkRows = 1024

// joinTableKeyBytes is what a key costs in a joinTable's map besides its
// bytes: the map slot (string header and chain ends), its share of the
// map's control bytes and spare slots, and the key's allocation
// rounding. joinTableRowBytes is what a row costs besides its Datums and
// the bytes they point at: its chain link.
// joinTableWordKeyBytes is that cost for a key kept as a word
// (types.WordKey).
const (
	joinTableKeyBytes     = 48
	joinTableWordKeyBytes = 32
	joinTableRowBytes     = 4
)

type joinChain struct{ first, last int32 }

type joinTable struct {
	segs     [][2]int
	width    int // Datums a row keeps
	level    int // width of the join level's rows
	keyTypes []uint32
	chunks   [][]types.Datum
	n        int
	next     []int32 // the next row of the same key, -1 at the end
	index    map[string]joinChain
	// words indexes instead the keys of one column of a types.WordKey
	// type, by their word: no key bytes to keep, hash or compare.
	words     map[uint64]joinChain
	wordKeyed bool
	cands     []int         // lookup's result, reused
	expand    []types.Datum // expandRow's result, reused
}

// newJoinTable makes the table of a hash join whose level rows are level
// wide with the inner columns in segs, and whose keys are of keyTypes.
func newJoinTable(segs [][2]int, level int, keyTypes []uint32) *joinTable {
	t := &joinTable{segs: segs, level: level, keyTypes: keyTypes}
	t.wordKeyed = len(keyTypes) == 1 && types.WordKey(keyTypes[0])
	for _, s := range segs {
		t.width += s[1] - s[0]
	}
	t.reset()
	return t
}

// reset empties the table for another batch.
func (t *joinTable) reset() {
	t.chunks, t.n, t.next = nil, 0, nil
	if t.wordKeyed {
		t.words = map[uint64]joinChain{}
	} else {
		t.index = map[string]joinChain{}
	}
}

// len is the number of rows held.
func (t *joinTable) len() int { return t.n }

// row returns the inner columns kept of row k.
func (t *joinTable) row(k int) []types.Datum {
	c := t.chunks[k/joinChunkRows]
	i := (k % joinChunkRows) * t.width
	return c[i : i+t.width : i+t.width]
}

// add keeps the inner columns of the level row levelRow, chained under
// key when keyOK (a NULL key matches nothing: the row is only kept for a
// FULL join's unmatched rows). It returns the memory the row and a new
// key took.
func (t *joinTable) add(levelRow []types.Datum, key []byte, keyOK bool) int64 {
	k := t.n
	if k%joinChunkRows == 0 {
		t.chunks = append(t.chunks, make([]types.Datum, joinChunkRows*t.width))
	}
	dst := t.row(k)
	off := 0
	for _, s := range t.segs {
		off += copy(dst[off:], levelRow[s[0]:s[1]])
	}
	t.n++
	t.next = append(t.next, -1)
	used := int64(joinTableRowBytes)
	switch {
	case !keyOK:
	case t.wordKeyed:
		if chainRow(t.words, types.KeyWord(key), int32(k), t.next) {
			used += joinTableWordKeyBytes
		}
	default:
		if chainRow(t.index, string(key), int32(k), t.next) {
			used += int64(joinTableKeyBytes + len(key))
		}
	}
	return used
}

// chainRow appends row k to the chain of key in index (next links the
// rows), reporting whether key is new.
func chainRow[K comparable](index map[K]joinChain, key K, k int32, next []int32) bool {
	c, ok := index[key]
	if !ok {
		index[key] = joinChain{first: k, last: k}
		return true
	}
	next[c.last] = k
	c.last = k
	index[key] = c
	return false
}

// lookup lists the rows of key in arrival order; the slice is reused by
// the next lookup.
func (t *joinTable) lookup(key []byte) []int {
	var c joinChain
	var ok bool
	if t.wordKeyed {
		c, ok = t.words[types.KeyWord(key)]
	} else {
		c, ok = t.index[string(key)]
	}
	if !ok {
		return nil
	}
	t.cands = t.cands[:0]
	for k := c.first; k >= 0; k = t.next[k] {
		t.cands = append(t.cands, int(k))
	}
	return t.cands
}

// copyInto copies row k's columns to their places in the level row out.
func (t *joinTable) copyInto(out []types.Datum, k int) {
	r := t.row(k)
	off := 0
	for _, s := range t.segs {
		off += copy(out[s[0]:s[1]], r[off:])
	}
}

// expandRow returns row k as a level row (the other columns NULL), for
// computing its key again; the slice is reused by the next call.
func (t *joinTable) expandRow(k int) []types.Datum {
	if t.expand == nil {
		t.expand = make([]types.Datum, t.level)
	}
	t.copyInto(t.expand, k)
	return t.expand
}
