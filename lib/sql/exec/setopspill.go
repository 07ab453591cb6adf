// This file bounds hashed UNION, INTERSECT and EXCEPT to hash_mem: once
// the input rows held outgrow it, every row of both inputs goes to one of
// several partition files chosen by the hash of its key, and the
// operation is computed one partition at a time. Equal rows share a
// partition, so the result is the same rows; only their order differs
// from the in-memory computation's.

package exec

import (
	"github.com/gpostgres/gpostgres/lib/types"
)

// setOpPartitionCount is the number of partitions of a spilled set
// operation.
const setOpPartitionCount = 32

type setOpPartitions struct {
	files [2][]*rowFile // left, right
	side  *types.SpillSide
	next  int
}

func (s *setOpIter) partitionOf(row []types.Datum) int {
	return int(hashKey([]byte(s.key(row))) % setOpPartitionCount)
}

func (s *setOpIter) writePartitioned(side int, row []types.Datum) error {
	p := s.parts
	i := s.partitionOf(row)
	if p.files[side][i] == nil {
		f, err := newRowFile(s.files, s.node.Types, len(row), p.side, partitionBuffer)
		if err != nil {
			return err
		}
		p.files[side][i] = f
	}
	return p.files[side][i].write(row)
}

// computeSpilling reads both inputs, in memory while they fit in
// hash_mem, else into partitions.
func (s *setOpIter) computeSpilling() error {
	var held [2][][]types.Datum
	var used int64
	for side, in := range []iterator{s.left, s.right} {
		for {
			row, ok, err := in.Next()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			if s.parts != nil {
				if err := s.writePartitioned(side, row); err != nil {
					return err
				}
				continue
			}
			held[side] = append(held[side], row)
			used += rowBytes(row, s.node.Types)
			if used <= s.files.mem.HashBytes {
				continue
			}
			s.parts = &setOpPartitions{side: &types.SpillSide{}}
			for sd := range s.parts.files {
				s.parts.files[sd] = make([]*rowFile, setOpPartitionCount)
			}
			for sd, rows := range held {
				for i, r := range rows {
					if i&0x3FF == 0 {
						if err := s.ec.CheckCancel(); err != nil {
							return err
						}
					}
					if err := s.writePartitioned(sd, r); err != nil {
						return err
					}
				}
			}
			held = [2][][]types.Datum{}
		}
	}
	if s.parts == nil {
		s.combine(held[0], held[1])
		return nil
	}
	if s.info != nil {
		// The pass that spilled is a batch of its own, as HashAgg
		// counts it.
		s.info.Batches++
	}
	return nil
}

// nextPartition computes the next partition's rows into s.out; false
// when none is left.
func (s *setOpIter) nextPartition() (bool, error) {
	p := s.parts
	for p.next < setOpPartitionCount {
		i := p.next
		p.next++
		var rows [2][][]types.Datum
		for side := range p.files {
			f := p.files[side][i]
			if f == nil {
				continue
			}
			if err := f.finish(); err != nil {
				return false, err
			}
			if s.info != nil {
				s.info.Disk += f.f.Size()
			}
			r := f.reader()
			for n := 0; ; n++ {
				if n&0x3FF == 0 {
					if err := s.ec.CheckCancel(); err != nil {
						return false, err
					}
				}
				row, ok, err := r.next()
				if err != nil {
					return false, err
				}
				if !ok {
					break
				}
				rows[side] = append(rows[side], row)
			}
			f.close()
			p.files[side][i] = nil
		}
		if rows[0] == nil && rows[1] == nil {
			continue
		}
		s.combine(rows[0], rows[1])
		return true, nil
	}
	return false, nil
}
