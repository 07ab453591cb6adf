// Encoding a tree back into the wire format, for the C deparser.

package pgtree

import (
	"math"

	"github.com/pganalyze/pg_query_go/v6/parser"
)

// encodable is a generated message type.
type encodable interface {
	encode([]byte) []byte
}

// Marshal encodes tree as pg_query.proto's ParseResult.
func Marshal(tree *ParseResult) []byte { return tree.encode(nil) }

// Deparse prints tree as SQL with libpg_query's deparser, as pg_query_go's
// Deparse does.
func Deparse(tree *ParseResult) (string, error) {
	return parser.DeparseFromProtobuf(Marshal(tree))
}

func appendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func appendTag(b []byte, num int32, wt int) []byte {
	return appendVarint(b, uint64(num)<<3|uint64(wt))
}

func appendVarintField(b []byte, num int32, v uint64) []byte {
	return appendVarint(appendTag(b, num, wireVarint), v)
}

func appendString(b []byte, num int32, s string) []byte {
	b = appendVarint(appendTag(b, num, wireBytes), uint64(len(s)))
	return append(b, s...)
}

func appendDouble(b []byte, num int32, f float64) []byte {
	b = appendTag(b, num, wireFixed64)
	u := math.Float64bits(f)
	for i := 0; i < 8; i++ {
		b = append(b, byte(u>>(8*i)))
	}
	return b
}

// appendMessage writes m after its length. The body is encoded into the
// buffer's tail and moved up behind the length, so a tree is encoded
// with one growing buffer.
func appendMessage(b []byte, num int32, m encodable) []byte {
	b = appendTag(b, num, wireBytes)
	start := len(b)
	b = m.encode(b)
	body := len(b) - start
	var lenBuf [10]byte
	l := appendVarint(lenBuf[:0], uint64(body))
	b = append(b, l...)
	copy(b[start+len(l):], b[start:start+body])
	copy(b[start:], l)
	return b
}

func appendPacked(b []byte, num int32, l []uint64) []byte {
	if len(l) == 0 {
		return b
	}
	var run []byte
	for _, v := range l {
		run = appendVarint(run, v)
	}
	b = appendVarint(appendTag(b, num, wireBytes), uint64(len(run)))
	return append(b, run...)
}
