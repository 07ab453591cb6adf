package mb

import (
	"bytes"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// The expected names, bytes and messages were printed by PostgreSQL 15
// (pg_char_to_encoding, convert_to, convert_from) for the same input.

func TestCanonicalMatchesReference(t *testing.T) {
	for alias, want := range map[string]string{
		"ISO-8859-1": "LATIN1", "windows-1252": "WIN1252", "Unicode": "UTF8",
		"koi8": "KOI8R", "Shift_JIS": "SJIS", "iso_8859_5": "ISO_8859_5",
		"win": "WIN1251", "TCVN5712": "WIN1258", "latin-9": "LATIN9",
	} {
		if got, ok := Canonical(alias); !ok || got != want {
			t.Errorf("%s -> %q %v, want %s", alias, got, ok, want)
		}
	}
	for _, n := range Names() {
		if got, ok := Canonical(n); !ok || got != n {
			t.Errorf("canonical %s -> %s", n, got)
		}
	}
	if _, ok := Canonical("nosuch"); ok {
		t.Error("nosuch is an encoding")
	}
}

func TestLookupRefusesMultiByte(t *testing.T) {
	for _, n := range []string{"SJIS", "EUC_JP", "BIG5", "GB18030", "MULE_INTERNAL"} {
		if Lookup(n) != nil {
			t.Errorf("%s converts", n)
		}
	}
	for _, n := range []string{"UTF8", "SQL_ASCII", "LATIN1", "WIN1252", "KOI8R"} {
		if Lookup(n) == nil {
			t.Errorf("%s does not convert", n)
		}
	}
}

func TestConvertMatchesReference(t *testing.T) {
	for _, tc := range []struct {
		text, enc string
		want      []byte
	}{
		{"café €", "WIN1252", []byte{0x63, 0x61, 0x66, 0xe9, 0x20, 0x80}},
		{"Привет", "KOI8R", []byte{0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4}},
		{"Ωμέγα", "ISO_8859_7", []byte{0xd9, 0xec, 0xdd, 0xe3, 0xe1}},
		{"plain ascii", "LATIN1", []byte("plain ascii")},
	} {
		e := Lookup(tc.enc)
		got, err := FromServer([]byte(tc.text), e)
		if err != nil || !bytes.Equal(got, tc.want) {
			t.Errorf("%q to %s: %x %v, want %x", tc.text, tc.enc, got, err, tc.want)
			continue
		}
		back, err := ToServer(got, e)
		if err != nil || string(back) != tc.text {
			t.Errorf("%x from %s: %q %v", got, tc.enc, back, err)
		}
	}
}

func TestConvertErrorsMatchReference(t *testing.T) {
	for _, tc := range []struct {
		in       []byte
		src, dst string
		code     string
		msg      string
	}{
		{[]byte("€"), "UTF8", "LATIN1", pgerr.UntranslatableCharacter,
			`character with byte sequence 0xe2 0x82 0xac in encoding "UTF8" has no equivalent in encoding "LATIN1"`},
		{[]byte{0x81}, "WIN1252", "UTF8", pgerr.UntranslatableCharacter,
			`character with byte sequence 0x81 in encoding "WIN1252" has no equivalent in encoding "UTF8"`},
		{[]byte{'a', 0}, "LATIN1", "UTF8", pgerr.CharacterNotInRepertoire,
			`invalid byte sequence for encoding "LATIN1": 0x00`},
		{[]byte{'a', 0xe9, 'b'}, "SQL_ASCII", "UTF8", pgerr.CharacterNotInRepertoire,
			`invalid byte sequence for encoding "UTF8": 0xe9 0x62`},
	} {
		_, err := Convert(tc.in, Lookup(tc.src), Lookup(tc.dst))
		pe := pgerr.As(err)
		if err == nil || pe.Code != tc.code || pe.Message != tc.msg {
			t.Errorf("%x %s->%s: %v, want %s %s", tc.in, tc.src, tc.dst, err, tc.code, tc.msg)
		}
	}
}

func TestEncodingIDs(t *testing.T) {
	// pg_database.encoding and pg_encoding_to_char's numbers.
	for name, id := range map[string]int{"SQL_ASCII": 0, "UTF8": 6, "LATIN1": 8, "WIN1252": 24, "SJIS": 35, "SHIFT_JIS_2004": 41} {
		if got, ok := ID(name); !ok || got != id {
			t.Errorf("ID(%s) = %d %v, want %d", name, got, ok, id)
		}
		if got, ok := NameOfID(id); !ok || got != name {
			t.Errorf("NameOfID(%d) = %s %v", id, got, ok)
		}
	}
	if _, ok := NameOfID(42); ok {
		t.Error("encoding 42 exists")
	}
}

func TestTranscodeBinary(t *testing.T) {
	win := Lookup("WIN1252")
	conv := func(b []byte) ([]byte, error) { return FromServer(b, win) }
	be := func(vals ...uint32) []byte {
		var b []byte
		for _, v := range vals {
			b = append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
		}
		return b
	}
	// text[] {"é", NULL}: ndim 1, has nulls, element text, 2 from 1.
	arr := append(be(1, 1, 25, 2, 1, 2), "é"...)
	arr = append(arr, be(0xffffffff)...)
	want := append(be(1, 1, 25, 2, 1, 1), 0xe9)
	want = append(want, be(0xffffffff)...)
	if got, err := TranscodeBinary(1009, arr, nil, conv); err != nil || !bytes.Equal(got, want) {
		t.Errorf("array: %x %v, want %x", got, err, want)
	}
	// record (int4 7, text "€"): the int4 is left alone.
	rec := append(be(2, 23, 4, 7, 25, 3), "€"...)
	want = append(be(2, 23, 4, 7, 25, 1), 0x80)
	if got, err := TranscodeBinary(2249, rec, nil, conv); err != nil || !bytes.Equal(got, want) {
		t.Errorf("record: %x %v, want %x", got, err, want)
	}
	// A truncated array is returned unchanged, for array_recv to refuse.
	if got, err := TranscodeBinary(1009, arr[:len(arr)-2], nil, conv); err != nil || !bytes.Equal(got, arr[:len(arr)-2]) {
		t.Errorf("truncated: %x %v", got, err)
	}
	// A character WIN1252 lacks is the conversion's error.
	if _, err := TranscodeBinary(25, []byte("Ω"), nil, conv); err == nil {
		t.Error("Ω converted to WIN1252")
	}
}

func TestIsServerEncoding(t *testing.T) {
	for name, want := range map[string]bool{"UTF8": true, "SQL_ASCII": true, "LATIN1": true, "KOI8U": true, "SJIS": false, "GB18030": false, "SHIFT_JIS_2004": false} {
		if got := IsServerEncoding(name); got != want {
			t.Errorf("%s: %v", name, got)
		}
	}
}
