// This file is the hash join's batching beyond hash_mem (PostgreSQL's
// hybrid hash join, nodeHash.c and nodeHashjoin.c): when the inner rows
// held outgrow hash_mem the number of batches doubles, and the inner rows
// of batches other than the current one go to that batch's file. Outer
// rows of a later batch are written to its outer file instead of being
// probed. When the current batch is done, the next batch's inner rows are
// read into a fresh table and its outer rows probed against it; a row
// that a later doubling moved to another batch is passed on to that
// batch's file. A batch is a hash partition of the keys, so every pair of
// rows that can match meets in one batch, and the join's answer is the
// same with any number of batches (only its output order changes).

package exec

import (
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// maxHashBatches bounds the doubling (and the write buffers of the batch
// files, two per batch); a batch that still does not fit is held in
// memory whatever its size.
const maxHashBatches = 1 << 12

// hashBatches is a hash join's batching state.
type hashBatches struct {
	h     *hashJoinIter
	files *spillFiles
	limit int64
	used  int64
	// nbatch is the number of batches (a power of two), cur the one in
	// memory; a row with hash v belongs to batch v & (nbatch-1).
	nbatch, cur int
	inner       []*rowFile // per batch: inner rows and their hash
	outer       []*rowFile // per batch: outer rows
	innerTypes  []uint32
	side        *types.SpillSide
	// nullSeq spreads FULL JOIN inner rows with a NULL key (which match
	// nothing but are returned) over the batches.
	nullSeq uint64
	// lastRow and lastKey are the outer row the batching filter passed
	// last and its key, so that the probe does not compute it again.
	lastRow []types.Datum
	lastKey []byte
	lastOK  bool
	keyBuf  []byte
	rowBuf  []types.Datum
}

func newHashBatches(h *hashJoinIter, files *spillFiles, typs []uint32) *hashBatches {
	b := &hashBatches{h: h, files: files, limit: files.mem.HashBytes, nbatch: 1, side: &types.SpillSide{}}
	b.innerTypes = append(append(make([]uint32, 0, len(typs)+1), typs...), types.OidInt8)
	return b
}

// hashKey is the 64-bit FNV-1a hash of a key, computed in place (every
// inner and outer row of a hash join is hashed).
func hashKey(key []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range key {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

func (b *hashBatches) batchOf(hash uint64) int { return int(hash & uint64(b.nbatch-1)) }

// add puts an inner row of hash value hash and key key (ok false: NULL)
// in the current batch's table or in its batch's file.
func (b *hashBatches) add(row []types.Datum, key []byte, ok bool, hash uint64) error {
	if bt := b.batchOf(hash); bt != b.cur {
		return b.writeInner(bt, row, hash)
	}
	b.used += b.h.tab.add(row, key, ok) + b.keptBytes(row)
	if b.used > b.limit && b.nbatch < maxHashBatches {
		return b.grow()
	}
	return nil
}

// addInner hashes an inner row read from the input and adds it.
func (b *hashBatches) addInner(row []types.Datum) error {
	h := b.h
	k, ok, err := h.key(h.ikeys, row)
	if err != nil {
		return err
	}
	var hash uint64
	if ok {
		hash = hashKey(k)
	} else if h.typ != plan.JoinFull && h.typ != plan.JoinRight {
		// It matches nothing and only a FULL or RIGHT join returns it.
		return nil
	} else {
		b.nullSeq++
		hash = b.nullSeq
	}
	return b.add(row, k, ok, hash)
}

// grow doubles the batches until the rows held fit, writing out those
// that now belong to later batches. A row's hash is computed again from
// its key (the table keeps no hashes); a FULL join's inner row with a
// NULL key, spread by nullSeq when it came, stays where it is.
func (b *hashBatches) grow() error {
	h := b.h
	for b.used > b.limit && b.nbatch < maxHashBatches {
		b.nbatch *= 2
		old := h.tab
		h.tab = newJoinTable(old.segs, old.level, old.keyTypes)
		b.used = 0
		for k := 0; k < old.len(); k++ {
			row := old.expandRow(k)
			key, ok, err := h.key(h.ikeys, row)
			if err != nil {
				return err
			}
			if ok {
				hash := hashKey(key)
				if bt := b.batchOf(hash); bt != b.cur {
					if err := b.writeInner(bt, row, hash); err != nil {
						return err
					}
					continue
				}
			}
			b.used += h.tab.add(row, key, ok) + b.keptBytes(row)
		}
	}
	return nil
}

// keptBytes is what the inner columns of the level row row cost in the
// table: their Datums and what these point at.
func (b *hashBatches) keptBytes(row []types.Datum) int64 {
	var n int64
	for _, s := range b.h.iseg {
		for i := s[0]; i < s[1]; i++ {
			n += datumOverhead + types.SpillSize(b.innerTypes[i], row[i])
		}
	}
	return n
}

func (b *hashBatches) file(files *[]*rowFile, bt int, typs []uint32, width int) (*rowFile, error) {
	for len(*files) <= bt {
		*files = append(*files, nil)
	}
	if (*files)[bt] == nil {
		f, err := newRowFile(b.files, typs, width, b.side, partitionBuffer)
		if err != nil {
			return nil, err
		}
		(*files)[bt] = f
	}
	return (*files)[bt], nil
}

func (b *hashBatches) writeInner(bt int, row []types.Datum, hash uint64) error {
	f, err := b.file(&b.inner, bt, b.innerTypes, len(b.innerTypes))
	if err != nil {
		return err
	}
	b.rowBuf = append(append(b.rowBuf[:0], row...), types.Int(int64(hash)))
	return f.write(b.rowBuf)
}

func (b *hashBatches) writeOuter(bt int, row []types.Datum) error {
	f, err := b.file(&b.outer, bt, b.innerTypes[:len(b.innerTypes)-1], len(b.innerTypes)-1)
	if err != nil {
		return err
	}
	return f.write(row)
}

// outerFilter passes the outer rows of the current batch and writes
// those of later batches to their files.
type outerFilter struct {
	b  *hashBatches
	in iterator
}

func (o *outerFilter) Next() ([]types.Datum, bool, error) {
	b := o.b
	h := b.h
	for {
		row, ok, err := o.in.Next()
		if err != nil || !ok {
			return nil, false, err
		}
		k, keyOK, err := h.key(h.okeys, row)
		if err != nil {
			return nil, false, err
		}
		if keyOK && b.nbatch > 1 {
			if bt := b.batchOf(hashKey(k)); bt != b.cur {
				if err := b.writeOuter(bt, row); err != nil {
					return nil, false, err
				}
				continue
			}
		}
		b.lastRow, b.lastOK = row, keyOK
		b.lastKey = append(b.lastKey[:0], k...)
		return row, true, nil
	}
}

// probeKey is the key of an outer row the filter just passed.
func (b *hashBatches) probeKey(row []types.Datum) ([]byte, bool, error) {
	if len(row) > 0 && len(b.lastRow) == len(row) && &b.lastRow[0] == &row[0] {
		return b.lastKey, b.lastOK, nil
	}
	return b.h.key(b.h.okeys, row)
}

// startProbe makes the join read its outer rows through the filter.
func (b *hashBatches) startProbe() {
	b.h.outer = &outerFilter{b: b, in: b.h.outer}
}

// nextBatch loads the next batch with rows, if any: its inner rows into
// a fresh table, its outer file as the join's outer input.
func (b *hashBatches) nextBatch() (bool, error) {
	h := b.h
	// The finished batch's files and rows are no longer needed.
	if b.cur < len(b.inner) && b.inner[b.cur] != nil {
		b.inner[b.cur].close()
		b.inner[b.cur] = nil
	}
	if b.cur < len(b.outer) && b.outer[b.cur] != nil {
		b.outer[b.cur].close()
		b.outer[b.cur] = nil
	}
	for b.cur+1 < b.nbatch {
		b.cur++
		var in, out *rowFile
		if b.cur < len(b.inner) {
			in = b.inner[b.cur]
		}
		if b.cur < len(b.outer) {
			out = b.outer[b.cur]
		}
		if in == nil && out == nil {
			continue
		}
		h.tab.reset()
		b.used = 0
		if in != nil {
			if err := in.finish(); err != nil {
				return false, err
			}
			err := in.reader().each(h.ec, func(row []types.Datum) error {
				hash := uint64(row[len(row)-1].Int())
				row = row[: len(row)-1 : len(row)-1]
				k, keyOK, err := h.key(h.ikeys, row)
				if err != nil {
					return err
				}
				return b.add(row, k, keyOK, hash)
			})
			if err != nil {
				return false, err
			}
		}
		if h.typ == plan.JoinFull || h.typ == plan.JoinRight {
			h.matched = make([]bool, h.tab.len())
		}
		var src iterator = emptyIter{}
		if out != nil {
			if err := out.finish(); err != nil {
				return false, err
			}
			src = &rowFileIter{r: out.reader()}
		}
		h.outer = &outerFilter{b: b, in: src}
		h.cur, h.candidates, h.pos, h.curMatched = nil, nil, 0, false
		h.outerDone, h.tailPos = false, 0
		return true, nil
	}
	return false, nil
}

type emptyIter struct{}

func (emptyIter) Next() ([]types.Datum, bool, error) { return nil, false, nil }

// rowFileIter reads a row file as an iterator.
type rowFileIter struct{ r *rowReader }

func (f *rowFileIter) Next() ([]types.Datum, bool, error) { return f.r.next() }
