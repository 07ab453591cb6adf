// This file bounds hashed aggregation to hash_mem (work_mem times
// hash_mem_multiplier), as PostgreSQL 15's nodeAgg.c does: once the
// groups held reach it, no new group is made; an input row whose group is
// not in the table is written, its keys and aggregate inputs already
// computed, to one of several partition files chosen by the hash of its
// group key, while the groups in the table go on aggregating. When the
// input ends the groups held are returned, then each partition is read
// back as the input of a fresh table, and may spill again with a
// different hash. Every group is thus computed from all its rows in one
// table, and each row's expressions are evaluated once.

package exec

import (
	"github.com/gpostgres/gpostgres/lib/types"
)

// maxAggSpillDepth bounds how many times rows are partitioned again; a
// partition deeper than that is aggregated in memory whatever its size
// (its rows then share a 64-bit hash ever more often).
const maxAggSpillDepth = 8

// Partition counts of one spill (hash_choose_num_partitions' bounds).
const (
	minAggPartitions = 4
	maxAggPartitions = 32
)

// groupOverhead estimates what a group costs besides its keys: the group,
// its accumulator slices and the index entry.
const groupOverhead = 160

// accOverhead estimates one aggregate's accumulator.
const accOverhead = 64

type aggSpill struct {
	a     *aggIter
	files *spillFiles
	limit int64
	used  int64
	// full is set once the groups held reach limit: new groups spill.
	full  bool
	depth int
	parts []*rowFile // this pass's partitions, made on the first spill
	// pending are the partitions still to aggregate.
	pending []aggPartition
	// typs is the layout of a spilled row: the grouping set, every group
	// key, then for each aggregate a skip flag and its input (its
	// arguments, and the ORDER BY values of one that collects its rows).
	typs   []uint32
	side   *types.SpillSide
	row    []types.Datum
	keyBuf []byte
}

type aggPartition struct {
	file  *rowFile
	depth int
}

func newAggSpill(a *aggIter, files *spillFiles) *aggSpill {
	sp := &aggSpill{a: a, files: files, limit: files.mem.HashBytes, side: &types.SpillSide{}}
	sp.typs = append(sp.typs, types.OidInt4)
	sp.typs = append(sp.typs, a.keyTypes...)
	for _, s := range a.aggs {
		sp.typs = append(sp.typs, types.OidBool)
		if s.collects {
			sp.typs = append(sp.typs, s.rowTypes...)
		} else {
			sp.typs = append(sp.typs, s.argTypes...)
		}
	}
	sp.row = make([]types.Datum, len(sp.typs))
	return sp
}

// chargeGroup accounts for a new group with keys.
func (sp *aggSpill) chargeGroup(keyLen int, keys []types.Datum) {
	n := int64(groupOverhead+keyOverhead+keyLen) + int64(accOverhead*len(sp.a.aggs))
	sp.charge(n + rowBytes(keys, sp.a.keyTypes))
}

// charge accounts for n more bytes held.
func (sp *aggSpill) charge(n int64) {
	sp.used += n
	if info := sp.a.info; info != nil && sp.used > info.Peak {
		info.Peak = sp.used
	}
	if sp.used > sp.limit && sp.depth < maxAggSpillDepth {
		sp.full = true
	}
}

func (sp *aggSpill) partitions() int {
	n := sp.limit / rowFileBuffer
	return int(max(minAggPartitions, min(maxAggPartitions, n)))
}

// write spills in's row for grouping set si, whose group key is keyBuf.
func (sp *aggSpill) write(si int, in *aggInput, keyBuf []byte) error {
	if sp.parts == nil {
		sp.parts = make([]*rowFile, sp.partitions())
	}
	// A different hash at each depth splits a partition again.
	h := hashKey(keyBuf) ^ (uint64(sp.depth) * 0x9E3779B97F4A7C15)
	h ^= h >> 29
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 32
	p := int(h % uint64(len(sp.parts)))
	if sp.parts[p] == nil {
		f, err := newRowFile(sp.files, sp.typs, len(sp.typs), sp.side, partitionBuffer)
		if err != nil {
			return err
		}
		sp.parts[p] = f
	}
	row := sp.row
	clear(row)
	row[0] = types.Int(int64(si))
	for _, k := range sp.a.sets[si] {
		row[1+k] = in.allKeys[k]
	}
	c := 1 + len(sp.a.keyTypes)
	for i, s := range sp.a.aggs {
		row[c] = types.Bool(in.skip[i])
		c++
		vals := in.args[i]
		width := len(s.argTypes)
		if s.collects {
			vals, width = in.extra[i], len(s.rowTypes)
		}
		if !in.skip[i] {
			copy(row[c:c+width], vals)
		}
		c += width
	}
	return sp.parts[p].write(row)
}

// endPass queues the partitions written while reading one input.
func (sp *aggSpill) endPass() error {
	for _, f := range sp.parts {
		if f == nil {
			continue
		}
		if err := f.finish(); err != nil {
			return err
		}
		if info := sp.a.info; info != nil {
			info.Disk += f.f.Size()
		}
		sp.pending = append(sp.pending, aggPartition{file: f, depth: sp.depth + 1})
	}
	sp.parts = nil
	return nil
}

// nextPartition aggregates the next pending partition into a fresh
// table; false when none is left.
func (sp *aggSpill) nextPartition() (bool, error) {
	if len(sp.pending) == 0 {
		return false, nil
	}
	part := sp.pending[0]
	sp.pending = sp.pending[1:]
	a := sp.a
	a.index, a.last = map[string]*group{}, nil
	if a.words != nil {
		a.words = map[uint64]*group{}
	}
	a.groups, a.pos = nil, 0
	sp.used, sp.full, sp.depth = 0, false, part.depth
	if a.info != nil {
		a.info.Batches++
	}
	in := a.newInput()
	err := part.file.reader().each(a.ec, func(row []types.Datum) error {
		si := int(row[0].Int())
		for k := range in.allKeys {
			in.allKeys[k] = row[1+k]
		}
		c := 1 + len(a.keyTypes)
		for i, s := range a.aggs {
			in.skip[i] = row[c].Bool()
			c++
			in.extra[i] = nil
			if s.collects {
				width := len(s.rowTypes)
				if !in.skip[i] {
					in.extra[i] = row[c : c+width : c+width]
				}
				c += width
				continue
			}
			copy(in.args[i], row[c:c+len(s.argTypes)])
			c += len(s.argTypes)
		}
		sp.keyBuf = a.groupKey(sp.keyBuf, si, in)
		return a.advance(si, in, sp.keyBuf)
	})
	if err != nil {
		return false, err
	}
	if err := part.file.close(); err != nil {
		return false, err
	}
	return true, sp.endPass()
}
