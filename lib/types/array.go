// This file implements arrays of the built-in types: their in-memory form
// and array_in/array_out/array_send/array_recv.

package types

import (
	"encoding/binary"
	"slices"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// Array is an array value: elements of one type in row-major order, with
// PostgreSQL's per-dimension lengths and lower bounds. A zero-dimensional
// array (no Dims) is the empty array '{}'.
type Array struct {
	Elem   uint32 // element type OID
	Dims   []int32
	Lbound []int32
	Elems  []Datum
}

// NewArray1 builds a one-dimensional array with lower bound 1.
func NewArray1(elem uint32, elems []Datum) *Array {
	if len(elems) == 0 {
		return &Array{Elem: elem}
	}
	return &Array{Elem: elem, Dims: []int32{int32(len(elems))}, Lbound: []int32{1}, Elems: elems}
}

// needsQuote reports whether an element's text must be double-quoted in
// array_out.
func needsQuote(s string) bool {
	if s == "" || strings.EqualFold(s, "null") {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '{', '}', ',', '"', '\\':
			return true
		default:
			if isSpace(c) {
				return true
			}
		}
	}
	return false
}

func appendArray(dst []byte, a *Array, opts *FormatOptions) []byte {
	if len(a.Dims) == 0 {
		return append(dst, '{', '}')
	}
	decorate := false
	for _, lb := range a.Lbound {
		if lb != 1 {
			decorate = true
		}
	}
	if decorate {
		for i, n := range a.Dims {
			dst = append(dst, '[')
			dst = strconv.AppendInt(dst, int64(a.Lbound[i]), 10)
			dst = append(dst, ':')
			dst = strconv.AppendInt(dst, int64(a.Lbound[i]+n-1), 10)
			dst = append(dst, ']')
		}
		dst = append(dst, '=')
	}
	var elemBuf []byte
	idx := 0
	var rec func(dim int)
	rec = func(dim int) {
		dst = append(dst, '{')
		for i := int32(0); i < a.Dims[dim]; i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			if dim+1 < len(a.Dims) {
				rec(dim + 1)
				continue
			}
			e := a.Elems[idx]
			idx++
			if e.IsNull() {
				dst = append(dst, "NULL"...)
				continue
			}
			elemBuf = AppendText(elemBuf[:0], a.Elem, e, opts)
			s := string(elemBuf)
			if !needsQuote(s) {
				dst = append(dst, s...)
				continue
			}
			dst = append(dst, '"')
			for j := 0; j < len(s); j++ {
				if s[j] == '"' || s[j] == '\\' {
					dst = append(dst, '\\')
				}
				dst = append(dst, s[j])
			}
			dst = append(dst, '"')
		}
		dst = append(dst, '}')
	}
	rec(0)
	return dst
}

func malformedArray(s, detail string, args ...any) *pgerr.Error {
	return pgerr.Newf(pgerr.InvalidTextRepresentation, "malformed array literal: \"%s\"", s).WithDetail(detail, args...)
}

// Array parser states, as in PostgreSQL 15's ArrayCount.
type arrayState int

const (
	asNoLevel arrayState = iota
	asLevelStarted
	asElemStarted
	asElemCompleted
	asQuotedElemStarted
	asQuotedElemCompleted
	asElemDelimited
	asLevelCompleted
	asLevelDelimited
)

// parseArray is array_in for arrays of the element type elem: optional
// dimension decoration, then nested braces, with PostgreSQL's checks and
// messages for malformed input.
func parseArray(s string, elem uint32, elemTypmod int32, opts *FormatOptions) (Datum, error) {
	p := strings.TrimLeft(s, " \t\n\r\v\f")
	var lbounds, declared []int32
	if strings.HasPrefix(p, "[") {
		for strings.HasPrefix(p, "[") {
			end := strings.IndexByte(p, ']')
			if end < 0 {
				return Null, malformedArray(s, "Missing \"]\" after array dimensions.")
			}
			lo, hi, ok := strings.Cut(p[1:end], ":")
			var lb, ub int
			var err1, err2 error
			if ok {
				lb, err1 = strconv.Atoi(strings.TrimSpace(lo))
				ub, err2 = strconv.Atoi(strings.TrimSpace(hi))
			} else {
				lb = 1
				ub, err2 = strconv.Atoi(strings.TrimSpace(lo))
			}
			if err1 != nil || err2 != nil {
				return Null, malformedArray(s, "\"[\" must introduce explicitly-specified array dimensions.")
			}
			if ub < lb {
				return Null, pgerr.New(pgerr.ArraySubscriptError, "upper bound cannot be less than lower bound")
			}
			lbounds = append(lbounds, int32(lb))
			declared = append(declared, int32(ub-lb+1))
			p = strings.TrimLeft(p[end+1:], " \t\n\r\v\f")
		}
		if !strings.HasPrefix(p, "=") {
			return Null, malformedArray(s, "Missing \"=\" after array dimensions.")
		}
		p = strings.TrimLeft(p[1:], " \t\n\r\v\f")
	}
	if !strings.HasPrefix(p, "{") {
		return Null, malformedArray(s, "Array value must start with \"{\" or dimension information.")
	}
	const maxDim = MaxArrayDims
	var (
		state    = asNoLevel
		nest     int
		ndim     int
		nelems   [maxDim]int32 // elements seen at each level so far
		lastSeen [maxDim]int32 // element count of the sub-arrays closed at each level
		seen     [maxDim]bool
		elems    []Datum
		cur      strings.Builder
		quoted   bool
		pending  bool // an element is being collected
		trimTo   int  // length of cur without unescaped trailing spaces
	)
	flush := func() error {
		if !pending {
			return nil
		}
		v := cur.String()
		if !quoted {
			v = v[:trimTo]
		}
		if !quoted && strings.EqualFold(v, "null") {
			elems = append(elems, Null)
		} else {
			d, err := ParseText(elem, elemTypmod, v, opts)
			if err != nil {
				return err
			}
			elems = append(elems, d)
		}
		cur.Reset()
		pending, quoted, trimTo = false, false, 0
		return nil
	}
	unexpected := func(c byte) error { return malformedArray(s, "Unexpected \"%c\" character.", c) }
	i := 0
	for ; i < len(p) && !(state == asLevelCompleted && nest == 0); i++ {
		c := p[i]
		switch {
		case state == asQuotedElemStarted:
			switch c {
			case '\\':
				if i+1 >= len(p) {
					return Null, malformedArray(s, "Unexpected end of input.")
				}
				i++
				cur.WriteByte(p[i])
			case '"':
				state = asQuotedElemCompleted
			default:
				cur.WriteByte(c)
			}
		case c == '{':
			if state != asNoLevel && state != asLevelStarted && state != asLevelDelimited {
				return Null, unexpected(c)
			}
			if nest >= maxDim {
				return Null, pgerr.Newf(pgerr.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", nest+1, maxDim)
			}
			nelems[nest] = 0
			nest++
			ndim = max(ndim, nest)
			state = asLevelStarted
		case c == '}':
			if state != asElemStarted && state != asElemCompleted && state != asQuotedElemCompleted &&
				state != asLevelCompleted && !(nest == 1 && state == asLevelStarted) {
				return Null, unexpected(c)
			}
			if state == asElemStarted || state == asElemCompleted || state == asQuotedElemCompleted {
				nelems[nest-1]++
				if err := flush(); err != nil {
					return Null, err
				}
			}
			// Every sub-array of a level must have as many elements as
			// the first one.
			level := nest - 1
			if seen[level] && lastSeen[level] != nelems[level] {
				return Null, malformedArray(s, "Multidimensional arrays must have sub-arrays with matching dimensions.")
			}
			lastSeen[level], seen[level] = nelems[level], true
			nest--
			if nest > 0 {
				nelems[nest-1]++
			}
			state = asLevelCompleted
		case c == ',':
			switch state {
			case asElemStarted, asElemCompleted, asQuotedElemCompleted:
				nelems[nest-1]++
				if err := flush(); err != nil {
					return Null, err
				}
				state = asElemDelimited
			case asLevelCompleted:
				state = asLevelDelimited
			default:
				return Null, unexpected(c)
			}
		case c == '"':
			if state != asLevelStarted && state != asElemDelimited {
				return Null, malformedArray(s, "Unexpected array element.")
			}
			pending, quoted = true, true
			state = asQuotedElemStarted
		case isSpace(c):
			if state == asElemStarted {
				cur.WriteByte(c)
			}
		default:
			if state != asLevelStarted && state != asElemStarted && state != asElemDelimited {
				return Null, malformedArray(s, "Unexpected array element.")
			}
			if c == '\\' {
				if i+1 >= len(p) {
					return Null, malformedArray(s, "Unexpected end of input.")
				}
				i++
				c = p[i]
			}
			cur.WriteByte(c)
			trimTo = cur.Len()
			pending = true
			state = asElemStarted
		}
	}
	if nest > 0 || state != asLevelCompleted {
		return Null, malformedArray(s, "Unexpected end of input.")
	}
	if strings.TrimLeft(p[i:], " \t\n\r\v\f") != "" {
		return Null, malformedArray(s, "Junk after closing right brace.")
	}
	a := &Array{Elem: elem}
	if len(elems) == 0 {
		return ArrayDatum(a), nil
	}
	dims := make([]int32, ndim)
	total := 1
	for d := 0; d < ndim; d++ {
		dims[d] = lastSeen[d]
		total *= int(dims[d])
	}
	if total != len(elems) {
		return Null, malformedArray(s, "Multidimensional arrays must have sub-arrays with matching dimensions.")
	}
	a.Dims, a.Elems = dims, elems
	if declared != nil {
		if len(declared) != len(dims) {
			return Null, malformedArray(s, "Specified array dimensions do not match array contents.")
		}
		for i := range dims {
			if declared[i] != dims[i] {
				return Null, malformedArray(s, "Specified array dimensions do not match array contents.")
			}
		}
		a.Lbound = lbounds
		if err := ArrayCheckBounds(a.Dims, a.Lbound); err != nil {
			return Null, err
		}
	} else {
		a.Lbound = make([]int32, len(dims))
		for i := range a.Lbound {
			a.Lbound[i] = 1
		}
	}
	return ArrayDatum(a), nil
}

func sendArray(dst []byte, a *Array) ([]byte, error) {
	hasNull := int32(0)
	for _, e := range a.Elems {
		if e.IsNull() {
			hasNull = 1
		}
	}
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(a.Dims)))
	dst = binary.BigEndian.AppendUint32(dst, uint32(hasNull))
	dst = binary.BigEndian.AppendUint32(dst, a.Elem)
	for i := range a.Dims {
		dst = binary.BigEndian.AppendUint32(dst, uint32(a.Dims[i]))
		dst = binary.BigEndian.AppendUint32(dst, uint32(a.Lbound[i]))
	}
	for _, e := range a.Elems {
		if e.IsNull() {
			dst = binary.BigEndian.AppendUint32(dst, 0xFFFFFFFF)
			continue
		}
		at := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		var err error
		dst, err = AppendBinary(dst, a.Elem, e)
		if err != nil {
			return nil, err
		}
		binary.BigEndian.PutUint32(dst[at:], uint32(len(dst)-at-4))
	}
	return dst, nil
}

// RecvAnyArray reads an array whose element type its binary form names,
// as a column of type anyarray (pg_statistic.stavaluesN) stores it.
// Clients cannot send anyarray values (anyarray_recv refuses them): only
// storage reads them.
func RecvAnyArray(b []byte) (Datum, error) {
	if len(b) < 12 {
		return Null, errBinaryLength()
	}
	elem := binary.BigEndian.Uint32(b[8:])
	if elem == OidPgNodeTree {
		// pg_node_tree refuses binary input from clients; stored, its
		// values are text (the statistics of pg_rewrite's columns).
		c := slices.Clone(b)
		binary.BigEndian.PutUint32(c[8:], OidText)
		d, err := recvArray(c, OidText, -1, nil)
		if err == nil {
			d.Array().Elem = OidPgNodeTree
		}
		return d, err
	}
	return recvArray(b, elem, -1, nil)
}

func recvArray(b []byte, elem uint32, elemTypmod int32, ut UserTypes) (Datum, error) {
	if len(b) < 12 {
		return Null, errBinaryLength()
	}
	ndim := int(int32(binary.BigEndian.Uint32(b)))
	flags := binary.BigEndian.Uint32(b[4:])
	et := binary.BigEndian.Uint32(b[8:])
	b = b[12:]
	if ndim < 0 || ndim > 6 {
		return Null, invalidBinary("invalid number of dimensions: %d", ndim)
	}
	if flags != 0 && flags != 1 {
		return Null, invalidBinary("invalid array flags")
	}
	if et != elem {
		return Null, pgerr.Newf(pgerr.DatatypeMismatch, "binary data has array element type %d (%s) instead of expected %d (%s)",
			et, FormatType(et, -1), elem, FormatType(elem, -1))
	}
	a := &Array{Elem: elem}
	n := 1
	for i := 0; i < ndim; i++ {
		if len(b) < 8 {
			return Null, errBinaryLength()
		}
		d := int32(binary.BigEndian.Uint32(b))
		lb := int32(binary.BigEndian.Uint32(b[4:]))
		b = b[8:]
		if d < 0 {
			return Null, invalidBinary("invalid array dimensions")
		}
		a.Dims = append(a.Dims, d)
		a.Lbound = append(a.Lbound, lb)
		n *= int(d)
	}
	if ndim == 0 {
		n = 0
	}
	for i := 0; i < n; i++ {
		if len(b) < 4 {
			return Null, errBinaryLength()
		}
		l := int32(binary.BigEndian.Uint32(b))
		b = b[4:]
		if l == -1 {
			a.Elems = append(a.Elems, Null)
			continue
		}
		if l < 0 || int(l) > len(b) {
			return Null, errBinaryLength()
		}
		d, err := ParseBinaryUser(elem, elemTypmod, b[:l], ut)
		if err != nil {
			return Null, err
		}
		a.Elems = append(a.Elems, d)
		b = b[l:]
	}
	if len(b) != 0 {
		return Null, errBinaryLength()
	}
	if n == 0 {
		a.Dims, a.Lbound = nil, nil
	} else if err := ArrayCheckBounds(a.Dims, a.Lbound); err != nil {
		return Null, err
	}
	return ArrayDatum(a), nil
}
