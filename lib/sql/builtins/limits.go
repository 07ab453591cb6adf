// This file holds PostgreSQL's size limits for values that functions
// build: no single allocation (a text or bytea value, an array, a string
// buffer) may reach MaxAllocSize, 1 GB. Functions check the size a
// result will have before building it, so that a statement asking for
// too much fails at once with PostgreSQL's error instead of growing the
// backend's memory until the system kills it.

package builtins

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// maxAllocSize is PostgreSQL's MaxAllocSize.
const maxAllocSize = 0x3fffffff

// varHdrSz is the length word of a varlena value (VARHDRSZ).
const varHdrSz = 4

// maxArrayElems is the number of elements at which array_agg's state
// (accumArrayResult, doubling from 64) would need an allocation of more
// than MaxAllocSize for its element pointers.
const maxArrayElems = 1 << 26

// errAllocSize is palloc's "invalid memory alloc request size" (an
// internal error in PostgreSQL too), for a value of n bytes.
func errAllocSize(n int64) *pgerr.Error {
	return pgerr.Newf(pgerr.InternalError, "invalid memory alloc request size %d", n)
}

// checkVarlena refuses a text or bytea result of n bytes that palloc
// could not allocate.
func checkVarlena(n int64) error {
	if n+varHdrSz > maxAllocSize {
		return errAllocSize(n + varHdrSz)
	}
	return nil
}

// checkAppend is enlargeStringInfo's check before appending more bytes
// to a buffer holding have.
func checkAppend(have, more int64) error {
	if more >= maxAllocSize-have {
		return pgerr.New(pgerr.ProgramLimitExceeded, "out of memory").
			WithDetail("Cannot enlarge string buffer containing %d bytes by %d more bytes.", have, more)
	}
	return nil
}

// errArraySize is the error for an array that would exceed MaxAllocSize.
func errArraySize() *pgerr.Error {
	return pgerr.Newf(pgerr.ProgramLimitExceeded, "array size exceeds the maximum allowed (%d)", maxAllocSize)
}
