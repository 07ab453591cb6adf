// Binary-format values carry text too: PostgreSQL's send and receive
// functions of text-like types (textsend, namesend, enum_send, json_send,
// jsonb_send, ...) convert between the server's and the client's encoding
// (pq_sendtext, pq_getmsgtext), and arrays and records do it element by
// element. TranscodeBinary applies a conversion to exactly those bytes.

package mb

import (
	"encoding/binary"

	"github.com/gpostgres/gpostgres/lib/types"
)

// Converter converts the text of one value (FromServer or ToServer bound
// to the client's encoding).
type Converter func([]byte) ([]byte, error)

// maxTranscodeDepth bounds the nesting of records and arrays followed;
// deeper values cannot come from the server, and a client's are refused
// by the receive functions anyway.
const maxTranscodeDepth = 64

// TranscodeBinary converts the text inside b, the binary form of a value
// of type oid; ut describes user types (enums, domains, composites), and
// may be nil. Malformed input is returned unchanged, for the receive
// function to reject with its own error.
func TranscodeBinary(oid uint32, b []byte, ut types.UserTypes, conv Converter) ([]byte, error) {
	return transcode(oid, b, ut, conv, 0)
}

func transcode(oid uint32, b []byte, ut types.UserTypes, conv Converter, depth int) ([]byte, error) {
	if depth > maxTranscodeDepth {
		return b, nil
	}
	switch oid {
	case types.OidText, types.OidVarchar, types.OidBpchar, types.OidName, types.OidUnknown,
		types.OidCstring, types.OidJSON, types.OidPgNodeTree:
		return conv(b)
	case types.OidJSONB, types.OidJSONPath:
		// A version byte, then the text.
		if len(b) < 1 {
			return b, nil
		}
		rest, err := conv(b[1:])
		if err != nil {
			return nil, err
		}
		return append([]byte{b[0]}, rest...), nil
	case types.OidRecord:
		return transcodeRecord(b, ut, conv, depth)
	}
	if t := types.ByOID(oid); t != nil {
		if t.IsArray() {
			return transcodeArray(b, ut, conv, depth)
		}
		return b, nil
	}
	if base := types.DomainBase(oid); base != oid {
		return transcode(base, b, ut, conv, depth+1)
	}
	if ut == nil {
		return b, nil
	}
	kind, elem, base := ut.UserType(oid)
	switch {
	case kind == 'e':
		return conv(b)
	case kind == 'd' && base != 0:
		return transcode(base, b, ut, conv, depth+1)
	case kind == 'c':
		return transcodeRecord(b, ut, conv, depth)
	case elem != 0:
		return transcodeArray(b, ut, conv, depth)
	}
	return b, nil
}

// transcodeArray follows array_send's layout: dimensions, flags, element
// type, a length and lower bound per dimension, then each element as a
// length (-1 for NULL) and its bytes.
func transcodeArray(b []byte, ut types.UserTypes, conv Converter, depth int) ([]byte, error) {
	if len(b) < 12 {
		return b, nil
	}
	ndim := int(int32(binary.BigEndian.Uint32(b)))
	elem := binary.BigEndian.Uint32(b[8:])
	head := 12 + 8*ndim
	if ndim < 0 || ndim > 6 || len(b) < head {
		return b, nil
	}
	out := append([]byte(nil), b[:head]...)
	for p := head; p < len(b); {
		var ok bool
		var err error
		if out, p, ok, err = transcodeValue(out, b, p, elem, ut, conv, depth); !ok || err != nil {
			return b, err
		}
	}
	return out, nil
}

// transcodeRecord follows record_send's layout: a column count, then per
// column its type, a length (-1 for NULL) and its bytes.
func transcodeRecord(b []byte, ut types.UserTypes, conv Converter, depth int) ([]byte, error) {
	if len(b) < 4 {
		return b, nil
	}
	out := append([]byte(nil), b[:4]...)
	for p := 4; p < len(b); {
		if len(b)-p < 4 {
			return b, nil
		}
		typ := binary.BigEndian.Uint32(b[p:])
		out = append(out, b[p:p+4]...)
		var ok bool
		var err error
		if out, p, ok, err = transcodeValue(out, b, p+4, typ, ut, conv, depth); !ok || err != nil {
			return b, err
		}
	}
	return out, nil
}

// transcodeValue converts the value at b[p:], a length (-1 for NULL)
// and that many bytes of type typ, appending it to out; it returns the
// position after it, and ok false when b ends too soon.
func transcodeValue(out, b []byte, p int, typ uint32, ut types.UserTypes, conv Converter, depth int) ([]byte, int, bool, error) {
	if len(b)-p < 4 {
		return out, p, false, nil
	}
	n := int(int32(binary.BigEndian.Uint32(b[p:])))
	p += 4
	if n < 0 {
		return binary.BigEndian.AppendUint32(out, uint32(0xffffffff)), p, true, nil
	}
	if len(b)-p < n {
		return out, p, false, nil
	}
	v, err := transcode(typ, b[p:p+n], ut, conv, depth+1)
	if err != nil {
		return out, p, false, err
	}
	out = binary.BigEndian.AppendUint32(out, uint32(len(v)))
	return append(out, v...), p + n, true, nil
}
