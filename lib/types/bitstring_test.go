// Tests of bit, bit varying and money input, output, binary format,
// ordering and length coercion.

package types

import (
	"encoding/hex"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

func TestBitString(t *testing.T) {
	for _, c := range []struct {
		oid      uint32
		typmod   int32
		in, want string
		send     string
	}{
		{OidBit, -1, "0101", "0101", "0000000450"},
		{OidBit, 4, "B0101", "0101", "0000000450"},
		{OidVarbit, -1, "x1F", "00011111", "000000081f"},
		{OidVarbit, -1, "X", "", "00000000"},
		{OidVarbit, 8, "", "", "00000000"},
		{OidVarbit, 12, "xabc", "101010111100", "0000000cabc0"},
		{OidBit, 9, "111111111", "111111111", "00000009ff80"},
	} {
		d, err := ParseText(c.oid, c.typmod, c.in, nil)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := FormatText(c.oid, d, nil); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
		b, err := AppendBinary(nil, c.oid, d)
		if err != nil || hex.EncodeToString(b) != c.send {
			t.Errorf("%q: send %x %v, want %s", c.in, b, err, c.send)
		}
		back, err := ParseBinary(c.oid, c.typmod, b)
		if err != nil || Compare(c.oid, back, d) != 0 {
			t.Errorf("%q: recv %v", c.in, err)
		}
	}
	for _, c := range []struct {
		oid    uint32
		typmod int32
		in     string
		code   string
	}{
		{OidBit, 4, "101", pgerr.StringDataLengthMismatch},
		{OidVarbit, 2, "101", pgerr.StringDataRightTruncation},
		{OidBit, -1, "012", pgerr.InvalidTextRepresentation},
		{OidBit, -1, "x1g", pgerr.InvalidTextRepresentation},
	} {
		_, err := ParseText(c.oid, c.typmod, c.in, nil)
		if pe := pgerr.As(err); pe == nil || pe.Code != c.code {
			t.Errorf("%q as %d(%d): %v, want SQLSTATE %s", c.in, c.oid, c.typmod, err, c.code)
		}
	}
	// Padding bits are cleared on receipt; a count that does not match
	// the bytes is refused.
	b, _ := hex.DecodeString("00000003ff")
	if d, err := ParseBinary(OidVarbit, -1, b); err != nil || FormatText(OidVarbit, d, nil) != "111" || d.Text()[4] != 0xe0 {
		t.Errorf("padding: %v", err)
	}
	b, _ = hex.DecodeString("00000010ff")
	if _, err := ParseBinary(OidVarbit, -1, b); err == nil {
		t.Error("16 bits in one byte accepted")
	}
	bits := func(s string) Datum {
		d, err := ParseText(OidVarbit, -1, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, c := range []struct {
		a, b string
		want int
	}{{"10", "100", -1}, {"100", "11", -1}, {"0", "00", -1}, {"", "0", -1}, {"1", "1", 0}, {"11", "1", 1}} {
		if got := CompareBits(bits(c.a), bits(c.b)); got != c.want {
			t.Errorf("CompareBits(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	if d, err := CoerceBit(OidBit, bits("101"), 5, true); err != nil || FormatText(OidBit, d, nil) != "10100" {
		t.Errorf("bit(5) of 101: %v", err)
	}
	if d, err := CoerceBit(OidVarbit, bits("10111"), 2, true); err != nil || FormatText(OidBit, d, nil) != "10" {
		t.Errorf("varbit(2) of 10111: %v", err)
	}
	if _, err := CoerceBit(OidBit, bits("101"), 2, false); err == nil {
		t.Error("implicit bit(2) of 101 accepted")
	}
}

func TestMoney(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"12.34", "$12.34"}, {"$1,234.56", "$1,234.56"}, {"(12.34)", "-$12.34"}, {"-$12.345", "-$12.35"},
		{"12.344", "$12.34"}, {"", "$0.00"}, {"12.34-", "-$12.34"}, {" $ 0.5 ", "$0.50"},
		{"92233720368547758.07", "$92,233,720,368,547,758.07"}, {"-92233720368547758.08", "-$92,233,720,368,547,758.08"},
	} {
		d, err := ParseText(OidMoney, -1, c.in, nil)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := FormatText(OidMoney, d, nil); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ in, code string }{
		{"92233720368547758.08", pgerr.NumericValueOutOfRange}, {"-92233720368547758.09", pgerr.NumericValueOutOfRange},
		{"12a", pgerr.InvalidTextRepresentation}, {"1.2.3", pgerr.InvalidTextRepresentation},
	} {
		_, err := ParseText(OidMoney, -1, c.in, nil)
		if pe := pgerr.As(err); pe == nil || pe.Code != c.code {
			t.Errorf("%q: %v, want SQLSTATE %s", c.in, err, c.code)
		}
	}
	d, _ := ParseText(OidMoney, -1, "-12.34", nil)
	if b, err := AppendBinary(nil, OidMoney, d); err != nil || hex.EncodeToString(b) != "fffffffffffffb2e" {
		t.Errorf("send -12.34: %x %v", b, err)
	}
}
