package types

import (
	"encoding/binary"
	"testing"
)

// TestWordKeys checks WordKey against AppendKey: every type it names is
// written as the byte 1 and one 8-byte word, the word KeyWord reads, and
// keys of equal words are equal keys.
func TestWordKeys(t *testing.T) {
	for oid := uint32(0); oid < 10000; oid++ {
		if !WordKey(oid) {
			continue
		}
		for _, v := range []int64{0, 1, -1, 42, 1 << 40} {
			key := AppendKey(nil, oid, Int(v))
			if len(key) != 9 || key[0] != 1 {
				t.Fatalf("type %d: AppendKey(%d) = %x, want 1 and one word", oid, v, key)
			}
			if w := KeyWord(key); w != binary.LittleEndian.Uint64(key[1:]) {
				t.Fatalf("type %d: KeyWord(%x) = %d", oid, key, w)
			}
		}
	}
	if !WordKey(OidInt4) || WordKey(OidText) || WordKey(OidNumeric) || WordKey(OidTimetz) {
		t.Fatal("WordKey: int4 must be a word key; text, numeric and timetz must not")
	}
}
