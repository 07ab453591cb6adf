// The protobuf wire format, as far as pg_query.proto uses it: varints,
// length-delimited strings, messages and packed lists, and fixed64
// doubles. The generated decode methods call these.

package pgtree

import (
	"errors"
	"math"

	"github.com/pganalyze/pg_query_go/v6/parser"
)

// ErrTooDeep is the error of a tree nested deeper than the limit.
var ErrTooDeep = errors.New("parse tree nested too deeply")

var errMalformed = errors.New("malformed parse tree encoding")

// Wire types.
const (
	wireVarint  = 0
	wireFixed64 = 1
	wireBytes   = 2
	wireFixed32 = 5
)

// decoder carries the depth bound and the first error through a decode.
type decoder struct {
	depth, limit int
	err          error
}

// Unmarshal decodes b, a ParseResult as the C parser encodes it, into a
// new tree. Messages nested more than limit deep are ErrTooDeep.
func Unmarshal(b []byte, limit int) (*ParseResult, error) {
	d := &decoder{limit: limit}
	r := new(ParseResult)
	if err := r.decode(b, d); err != nil {
		return nil, err
	}
	return r, nil
}

// Parse parses SQL into its raw parse tree, as pg_query_go's Parse does.
// The nesting limit is protobuf-go's default.
func Parse(sql string) (*ParseResult, error) {
	b, err := parser.ParseToProtobuf(sql)
	if err != nil {
		return nil, err
	}
	return Unmarshal(b, 10000)
}

// Scan splits SQL into tokens, as pg_query_go's Scan does.
func Scan(sql string) (*ScanResult, error) {
	b, err := parser.ScanToProtobuf(sql)
	if err != nil {
		return nil, err
	}
	r := new(ScanResult)
	if err := r.decode(b, &decoder{limit: 10}); err != nil {
		return nil, err
	}
	return r, nil
}

// consumeTag reads a field's key: its number and wire type, and the
// bytes used (-1 when malformed).
func consumeTag(b []byte) (num int32, wt int, n int) {
	v, n := consumeVarint(b)
	if n < 0 || v>>3 == 0 || v>>3 > math.MaxInt32 {
		return 0, 0, -1
	}
	return int32(v >> 3), int(v & 7), n
}

func consumeVarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		c := b[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	return 0, -1
}

// consumeBytes reads a length-delimited value.
func consumeBytes(b []byte) ([]byte, int) {
	l, n := consumeVarint(b)
	if n < 0 || l > uint64(len(b)-n) {
		return nil, -1
	}
	return b[n : n+int(l)], n + int(l)
}

// skipField skips a value of wire type wt: the bytes used, -1 when
// malformed. Groups are not used by pg_query.proto and are malformed.
func skipField(b []byte, wt int) int {
	switch wt {
	case wireVarint:
		_, n := consumeVarint(b)
		return n
	case wireFixed64:
		if len(b) < 8 {
			return -1
		}
		return 8
	case wireBytes:
		_, n := consumeBytes(b)
		return n
	case wireFixed32:
		if len(b) < 4 {
			return -1
		}
		return 4
	}
	return -1
}

func (d *decoder) fail(err error) int {
	d.err = err
	return -1
}

// decodable is a generated message type.
type decodable interface {
	decode([]byte, *decoder) error
}

// message decodes a nested message into v.
func (d *decoder) message(b []byte, wt int, v decodable) int {
	if wt != wireBytes {
		return d.fail(errMalformed)
	}
	sub, n := consumeBytes(b)
	if n < 0 {
		return d.fail(errMalformed)
	}
	d.depth++
	if d.depth > d.limit {
		return d.fail(ErrTooDeep)
	}
	if err := v.decode(sub, d); err != nil {
		return d.fail(err)
	}
	d.depth--
	return n
}

func (d *decoder) varint(b []byte, wt int) (uint64, int) {
	if wt != wireVarint {
		return 0, d.fail(errMalformed)
	}
	v, n := consumeVarint(b)
	if n < 0 {
		return 0, d.fail(errMalformed)
	}
	return v, n
}

func (d *decoder) string(b []byte, wt int, s *string) int {
	if wt != wireBytes {
		return d.fail(errMalformed)
	}
	v, n := consumeBytes(b)
	if n < 0 {
		return d.fail(errMalformed)
	}
	*s = string(v)
	return n
}

func (d *decoder) double(b []byte, wt int, f *float64) int {
	if wt != wireFixed64 || len(b) < 8 {
		return d.fail(errMalformed)
	}
	var u uint64
	for i := 7; i >= 0; i-- {
		u = u<<8 | uint64(b[i])
	}
	*f = math.Float64frombits(u)
	return 8
}

// uint64s appends one element, or a packed run of them.
func (d *decoder) uint64s(b []byte, wt int, l *[]uint64) int {
	switch wt {
	case wireVarint:
		v, n := consumeVarint(b)
		if n < 0 {
			return d.fail(errMalformed)
		}
		*l = append(*l, v)
		return n
	case wireBytes:
		run, n := consumeBytes(b)
		if n < 0 {
			return d.fail(errMalformed)
		}
		for len(run) > 0 {
			v, k := consumeVarint(run)
			if k < 0 {
				return d.fail(errMalformed)
			}
			*l = append(*l, v)
			run = run[k:]
		}
		return n
	}
	return d.fail(errMalformed)
}

// skipAll checks the fields of a message without fields of its own.
func (d *decoder) skipAll(b []byte) error {
	for len(b) > 0 {
		_, wt, n := consumeTag(b)
		if n < 0 {
			return errMalformed
		}
		b = b[n:]
		if n = skipField(b, wt); n < 0 {
			return errMalformed
		}
		b = b[n:]
	}
	return nil
}
