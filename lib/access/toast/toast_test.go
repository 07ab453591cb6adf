// pglz round trips, its output format, corrupt input, and the stored
// forms of compressed and external values.

package toast

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

func roundTrip(t *testing.T, name string, in []byte) (compressed bool) {
	t.Helper()
	c, ok := PGLZCompress(in, nil)
	if !ok {
		return false
	}
	if len(c) > PGLZMaxOutput(len(in)) || len(c) >= len(in)*(100-DefaultStrategy.MinCompRate)/100 {
		t.Fatalf("%s: %d bytes compressed to %d", name, len(in), len(c))
	}
	out, err := PGLZDecompress(c, len(in), true)
	if err != nil || !bytes.Equal(out, in) {
		t.Fatalf("%s: round trip failed: %v", name, err)
	}
	return true
}

func TestPGLZRoundTrips(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 1<<16)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	// Text with a small alphabet, long runs, repeats near and far (up to
	// the 4095-byte window), and bytes >= 0x80 (signed char in the hash).
	var text strings.Builder
	for text.Len() < 200000 {
		text.WriteString("the quick brown fox ")
		text.WriteString(strings.Repeat("\xe9\xff", r.IntN(40)))
		text.WriteByte(byte('a' + r.IntN(26)))
	}
	cases := map[string][]byte{
		"run":         bytes.Repeat([]byte{'x'}, 100000),
		"period 3":    bytes.Repeat([]byte("abc"), 5000),
		"period 900":  bytes.Repeat(random[:900], 50),
		"period 5000": bytes.Repeat(random[:5000], 10), // beyond the window
		"text":        []byte(text.String()),
		"min input":   bytes.Repeat([]byte{'y'}, 32),
		"long match":  append(append(bytes.Repeat([]byte{'q'}, 1000), random[:300]...), bytes.Repeat([]byte{'q'}, 1000)...),
	}
	for name, in := range cases {
		if !roundTrip(t, name, in) && name != "period 5000" {
			t.Errorf("%s did not compress", name)
		}
	}
	// Incompressible input and too-short input are refused.
	if _, ok := PGLZCompress(random, nil); ok {
		t.Error("random bytes compressed")
	}
	if _, ok := PGLZCompress(bytes.Repeat([]byte{'y'}, 31), nil); ok {
		t.Error("input below min_input_size compressed")
	}
	// Many sizes around history recycling (4096 entries).
	for _, n := range []int{4095, 4096, 4097, 8191, 8193, 70000} {
		in := make([]byte, n)
		for i := range in {
			in[i] = "abcd"[r.IntN(4)]
		}
		roundTrip(t, "4 letters", in)
	}
}

// Known output: a short compressible string as PostgreSQL 15 compresses
// it (checked against a real server by lib/access/heap's reference
// tests, which compare whole TOASTed rows).
func TestPGLZFormat(t *testing.T) {
	in := []byte(strings.Repeat("abcdefghij", 300))
	c, ok := PGLZCompress(in, nil)
	if !ok {
		t.Fatal("not compressed")
	}
	// The first control byte covers eight literals.
	if c[0] != 0x00 || string(c[1:9]) != "abcdefgh" {
		t.Fatalf("prefix %x", c[:12])
	}
	// Then i, j and tags (control bits 2..7 set), the first of length 273
	// (0x0f nibble, extension byte 255) at offset 10.
	if c[9] != 0xfc || c[10] != 'i' || c[11] != 'j' || c[12] != 0x0f || c[13] != 10 || c[14] != 255 {
		t.Fatalf("second group %x", c[9:15])
	}
}

func TestPGLZCorruptInput(t *testing.T) {
	in := []byte(strings.Repeat("corruption test ", 200))
	c, _ := PGLZCompress(in, nil)
	check := func(name string, src []byte, rawsize int) {
		t.Helper()
		_, err := PGLZDecompress(src, rawsize, true)
		var pe *pgerr.Error
		if !errors.As(err, &pe) || pe.Code != pgerr.DataCorrupted || pe.Message != "compressed pglz data is corrupt" {
			t.Fatalf("%s: %v", name, err)
		}
	}
	check("truncated", c[:len(c)-1], len(in))
	check("too long", append(bytes.Clone(c), 0), len(in))
	check("wrong size", c, len(in)+1)
	// A tag pointing before the start of the output.
	check("offset 0", []byte{0x01, 0x00, 0x00}, 10)
	check("offset too far", []byte{0x02, 'a', 0x00, 0x05}, 10)
	check("cut tag", []byte{0x01, 0x00}, 10)
	// Random garbage must never panic.
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 2000; i++ {
		g := make([]byte, r.IntN(64))
		for j := range g {
			g[j] = byte(r.Uint32())
		}
		PGLZDecompress(g, r.IntN(200), i%2 == 0)
	}
	// Without check_complete, a short output is fine.
	out, err := PGLZDecompress(c, 20, false)
	if err != nil || string(out) != string(in[:20]) {
		t.Fatalf("partial: %q %v", out, err)
	}
}

func TestCompressedDatum(t *testing.T) {
	payload := []byte(strings.Repeat("datum ", 1000))
	for _, method := range []int{MethodPGLZ, MethodLZ4} {
		stored, ok := Compress(payload, method)
		if !ok || !IsCompressed(stored) || IsExternal(stored) {
			t.Fatalf("method %d: Compress: %v %x", method, ok, stored[:8])
		}
		if size := int(le.Uint32(stored) >> 2); size != len(stored) || CompressedRawSize(stored) != len(payload) ||
			int(stored[7]>>6) != method || CompressedMethod(stored) != method {
			t.Fatalf("method %d: header: size %d raw %d", method, size, CompressedRawSize(stored))
		}
		back, err := Decompress(stored)
		if err != nil || !bytes.Equal(back, payload) {
			t.Fatalf("method %d: Decompress: %v", method, err)
		}
		// The body stored in a TOAST table, with its header put back.
		body := CompressedBody(stored)
		again := make([]byte, VarHdrSz+len(body))
		le.PutUint32(again, uint32(len(again))<<2|0x02)
		copy(again[VarHdrSz:], body)
		if !bytes.Equal(again, stored) {
			t.Fatalf("method %d: body and header do not rebuild the datum", method)
		}
		// Saving two bytes or fewer is not worth it.
		if _, ok := Compress([]byte("the quick brown fox jumps over the lazy dog"), method); ok {
			t.Fatalf("method %d: incompressible text compressed", method)
		}
		// A stream cut short is corrupt data, not a panic.
		cut := bytes.Clone(stored[:len(stored)-3])
		le.PutUint32(cut, uint32(len(cut))<<2|0x02)
		var pe *pgerr.Error
		if _, err := Decompress(cut); !errors.As(err, &pe) || pe.Code != pgerr.DataCorrupted {
			t.Fatalf("method %d: cut stream: %v", method, err)
		}
	}
	// What PostgreSQL 15 (liblz4) stored for repeat('datum ', 1000) ||
	// 'end' in a column with COMPRESSION lz4 (pageinspect's
	// tuple_data_split).
	ref, _ := hex.DecodeString("be000000731700406f646174756d200600ffffffffffffffffffffffffffffffffffffffffffffff6c506d20656e64")
	back, err := Decompress(ref)
	if err != nil || string(back) != strings.Repeat("datum ", 1000)+"end" || CompressedMethod(ref) != MethodLZ4 {
		t.Fatalf("PostgreSQL's lz4 datum: %q %v", back, err)
	}
}

func TestExternalPointer(t *testing.T) {
	e := NewExternal(100004, 3210, MethodPGLZ, 16390, 16387)
	b := e.Encode()
	if len(b) != PointerSize || b[0] != 0x01 || b[1] != VartagOnDisk || !IsExternal(b) || IsCompressed(b) {
		t.Fatalf("encoded %x", b)
	}
	d, err := DecodeExternal(b)
	if err != nil || d != e || !d.IsCompressed() || d.ExtSize() != 3210 || d.Method() != MethodPGLZ {
		t.Fatalf("decoded %+v %v", d, err)
	}
	plain := NewExternal(5004, 5000, MethodInvalid, 1, 2)
	if plain.IsCompressed() || plain.ExtInfo != 5000 {
		t.Fatalf("uncompressed pointer %+v", plain)
	}
	b[1] = VartagIndirect
	if _, err := DecodeExternal(b); err == nil {
		t.Fatal("indirect pointer accepted on disk")
	}
}
