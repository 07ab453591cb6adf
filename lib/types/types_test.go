// Unit tests of the data types: Datum encoding, text and binary round
// trips, and the error texts of input functions. The datadriven tests in
// lib/sql compare the same functions with PostgreSQL end to end.

package types

import (
	"bytes"
	"errors"
	"math"
	"math/rand"
	"strconv"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

func TestDatumBasics(t *testing.T) {
	var zero Datum
	if !zero.IsNull() || !Null.IsNull() {
		t.Fatal("the zero Datum must be NULL")
	}
	if Text("").IsNull() || Bytes(nil).IsNull() || Int(0).IsNull() || Bool(false).IsNull() {
		t.Fatal("empty and zero values must not be NULL")
	}
	if Int(-5).Int() != -5 || !Bool(true).Bool() || Bool(false).Bool() {
		t.Fatal("by-value round trip")
	}
	if Float8(math.Pi).Float8() != math.Pi || Float4(1.5).Float4() != 1.5 {
		t.Fatal("float round trip")
	}
	if Text("héllo").Text() != "héllo" || Text("").Text() != "" {
		t.Fatal("text round trip")
	}
	if n := testing.AllocsPerRun(100, func() { _ = Int(42); _ = Text("abc"); _ = Float8(1) }); n != 0 {
		t.Fatalf("by-value and string datums allocate: %v", n)
	}
}

// roundTrip checks text and binary output read back to the same value.
func roundTrip(t *testing.T, oid uint32, typmod int32, in string) {
	t.Helper()
	opts := DefaultFormatOptions()
	d, err := ParseText(oid, typmod, in, opts)
	if err != nil {
		t.Fatalf("%s %q: %v", FormatType(oid, typmod), in, err)
	}
	text := FormatText(oid, d, opts)
	d2, err := ParseText(oid, typmod, text, opts)
	if err != nil {
		t.Fatalf("%s: reading back %q: %v", FormatType(oid, typmod), text, err)
	}
	if Compare(oid, d, d2) != 0 || FormatText(oid, d2, opts) != text {
		t.Fatalf("%s: %q printed %q, which reads back as %q", FormatType(oid, typmod), in, text, FormatText(oid, d2, opts))
	}
	b, err := AppendBinary(nil, oid, d)
	if err != nil {
		t.Fatalf("%s %q: send: %v", FormatType(oid, typmod), in, err)
	}
	d3, err := ParseBinary(oid, typmod, b)
	if err != nil {
		t.Fatalf("%s %q: receive %x: %v", FormatType(oid, typmod), in, b, err)
	}
	if FormatText(oid, d3, opts) != text {
		t.Fatalf("%s: binary round trip of %q gave %q", FormatType(oid, typmod), text, FormatText(oid, d3, opts))
	}
}

func TestRoundTrips(t *testing.T) {
	cases := []struct {
		oid    uint32
		typmod int32
		vals   []string
	}{
		{OidBool, -1, []string{"t", "f", "yes", "off"}},
		{OidInt2, -1, []string{"0", "-32768", "32767"}},
		{OidInt4, -1, []string{"0", "-2147483648", "2147483647", " 42 "}},
		{OidInt8, -1, []string{"-9223372036854775808", "9223372036854775807"}},
		{OidOid, -1, []string{"0", "4294967295", "-1"}},
		{OidFloat4, -1, []string{"1.5", "-0", "NaN", "Infinity", "3.4028235e+38", "1e-45", "0.1"}},
		{OidFloat8, -1, []string{"0.1", "1e308", "5e-324", "-Infinity", "NaN", "123456789012345678"}},
		{OidNumeric, -1, []string{"0", "0.000", "-1.5", "123456789012345678901234567890.123456789", "NaN", "Infinity", "-Infinity", "1e-20", "10000", "0.0001"}},
		{OidNumeric, NumericTypmod(10, 2), []string{"12345678.9", "-0.005"}},
		{OidText, -1, []string{"", "héllo", "a\tb"}},
		{OidVarchar, CharTypmod(3), []string{"ab", "abc", "abc   "}},
		{OidBpchar, CharTypmod(4), []string{"ab", "abcd"}},
		{OidName, -1, []string{"pg_catalog"}},
		{OidBytea, -1, []string{`\x`, `\x00ff10`, `abc`, `a\\b`}},
		{OidChar, -1, []string{"a", ""}},
		{OidDate, -1, []string{"2000-01-01", "1999-12-31", "0044-03-15 BC", "infinity", "-infinity", "5874897-12-31", "4713-11-24 BC"}},
		{OidTime, -1, []string{"00:00:00", "23:59:59.999999", "24:00:00", "12:34:56.5"}},
		{OidTimestamp, -1, []string{"2000-01-01 00:00:00", "1970-01-01 00:00:00.000001", "0001-01-01 00:00:00 BC", "294276-12-31 23:59:59.999999", "infinity"}},
		{OidTimestamptz, -1, []string{"2020-06-01 12:00:00+00", "1900-01-01 00:00:00+00", "-infinity"}},
		{OidInterval, -1, []string{"00:00:00", "1 year 2 mons 3 days 04:05:06.789", "-1 days +02:00:00", "-00:00:00.000001", "178000000 years", "2562047788:00:54.775807"}},
		{OidTextArray, -1, []string{"{}", `{a,"b c",NULL,"NULL","",""}`, `{"a\"b","c\\d"}`, "{{a,b},{c,d}}", "[2:3]={x,y}"}},
		{OidInt4Array, -1, []string{"{1,2,3}", "{NULL}", "{{1},{2}}"}},
		{OidRegtype, -1, []string{"integer", "text[]", "character varying", "-"}},
	}
	for _, c := range cases {
		for _, v := range c.vals {
			roundTrip(t, c.oid, c.typmod, v)
		}
	}
}

func TestRandomRoundTrips(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 2000; i++ {
		roundTrip(t, OidFloat8, -1, strconv.FormatFloat(math.Float64frombits(rng.Uint64()&^(0x7ff<<52)|uint64(rng.Intn(0x7ff))<<52), 'g', -1, 64))
		roundTrip(t, OidInt8, -1, strconv.FormatInt(rng.Int63()-rng.Int63(), 10))
		roundTrip(t, OidNumeric, -1, strconv.FormatInt(rng.Int63(), 10)+"."+strconv.Itoa(rng.Intn(100000)))
		ts := rng.Int63n(EndTimestamp) - rng.Int63n(-MinTimestamp)
		roundTrip(t, OidTimestamp, -1, FormatText(OidTimestamp, Int(ts), nil))
	}
}

// point1 and point2 are variables so that 0.1 + 0.2 rounds at run time
// instead of being folded exactly by the compiler.
var point1, point2 = 0.1, 0.2

func TestFloatOutput(t *testing.T) {
	for _, c := range []struct {
		f    float64
		bits int
		efd  int
		want string
	}{
		{point1 + point2, 64, 1, "0.30000000000000004"},
		{1e15, 64, 1, "1e+15"},
		{123456789012345, 64, 1, "123456789012345"},
		{0.0001, 64, 1, "0.0001"},
		{0.00001, 64, 1, "1e-05"},
		{1.0 / 3, 64, 0, "0.333333333333333"},
		{1.0 / 3, 64, -15, "0.3"},
		{float64(float32(1) / 3), 32, 1, "0.33333334"},
		{1234567, 32, 1, "1.234567e+06"},
		{123456, 32, 1, "123456"},
		{math.Copysign(0, -1), 64, 1, "-0"},
	} {
		if got := string(appendFloat(nil, c.f, c.bits, c.efd)); got != c.want {
			t.Errorf("float%d %v with extra_float_digits %d: got %q, want %q", c.bits, c.f, c.efd, got, c.want)
		}
	}
}

func TestInputErrors(t *testing.T) {
	for _, c := range []struct {
		oid    uint32
		typmod int32
		in     string
		code   string
		msg    string
	}{
		{OidInt4, -1, "abc", pgerr.InvalidTextRepresentation, `invalid input syntax for type integer: "abc"`},
		{OidInt4, -1, "99999999999", pgerr.NumericValueOutOfRange, `value "99999999999" is out of range for type integer`},
		{OidInt2, -1, "40000", pgerr.NumericValueOutOfRange, `value "40000" is out of range for type smallint`},
		{OidInt8, -1, "", pgerr.InvalidTextRepresentation, `invalid input syntax for type bigint: ""`},
		{OidBool, -1, "maybe", pgerr.InvalidTextRepresentation, `invalid input syntax for type boolean: "maybe"`},
		{OidFloat8, -1, "1e999", pgerr.NumericValueOutOfRange, `"1e999" is out of range for type double precision`},
		{OidFloat4, -1, "x", pgerr.InvalidTextRepresentation, `invalid input syntax for type real: "x"`},
		{OidNumeric, -1, "1.2.3", pgerr.InvalidTextRepresentation, `invalid input syntax for type numeric: "1.2.3"`},
		{OidNumeric, NumericTypmod(3, 1), "123.45", pgerr.NumericValueOutOfRange, "numeric field overflow"},
		{OidVarchar, CharTypmod(2), "abc", pgerr.StringDataRightTruncation, "value too long for type character varying(2)"},
		{OidBpchar, CharTypmod(2), "abc", pgerr.StringDataRightTruncation, "value too long for type character(2)"},
		{OidDate, -1, "2020-02-30", pgerr.DatetimeFieldOverflow, `date/time field value out of range: "2020-02-30"`},
		{OidDate, -1, "xyz", pgerr.InvalidDatetimeFormat, `invalid input syntax for type date: "xyz"`},
		{OidTimestamptz, -1, "2020-01-01 10:00 Mars/Base", pgerr.InvalidParameterValue, `time zone "mars/base" not recognized`},
		{OidInterval, -1, "1 fortnight", pgerr.InvalidDatetimeFormat, `invalid input syntax for type interval: "1 fortnight"`},
		{OidBytea, -1, `\x0`, pgerr.InvalidParameterValue, "invalid hexadecimal data: odd number of digits"},
		{OidInt4Array, -1, "{1,2", pgerr.InvalidTextRepresentation, `malformed array literal: "{1,2"`},
		{OidRegtype, -1, "nosuchtype", pgerr.UndefinedObject, `type "nosuchtype" does not exist`},
	} {
		_, err := ParseText(c.oid, c.typmod, c.in, nil)
		var pe *pgerr.Error
		if !errors.As(err, &pe) {
			t.Errorf("%s %q: want error %s, got %v", FormatType(c.oid, c.typmod), c.in, c.code, err)
			continue
		}
		if pe.Code != c.code || pe.Message != c.msg {
			t.Errorf("%s %q: got %s %q, want %s %q", FormatType(c.oid, c.typmod), c.in, pe.Code, pe.Message, c.code, c.msg)
		}
	}
}

func TestBinaryFormats(t *testing.T) {
	// Byte strings recorded from PostgreSQL 15's send functions.
	for _, c := range []struct {
		oid  uint32
		text string
		hex  string
	}{
		{OidNumeric, "-123456.789", "0003000140000003000c0d801ed2"},
		{OidNumeric, "0.0001", "0001ffff000000040001"},
		{OidNumeric, "Infinity", "00000000d0000020"},
		{OidInterval, "1 year 2 mons 3 days 04:05:06", "000000036c8bc080000000030000000e"},
		{OidTimestamp, "2020-01-01 10:00:00.5", "00023e0fe88e6920"},
		{OidDate, "1999-12-31", "ffffffff"},
		{OidInt4Array, "{1,2,3}", "0000000100000000000000170000000300000001000000040000000100000004000000020000000400000003"},
	} {
		d, err := ParseText(c.oid, -1, c.text, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, err := AppendBinary(nil, c.oid, d)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := hexDecode(c.hex)
		if !bytes.Equal(b, want) {
			t.Errorf("%s %q: sent %x, want %s", FormatType(c.oid, -1), c.text, b, c.hex)
		}
	}
	if _, err := ParseBinary(OidInt4, -1, []byte{1, 2}); err == nil {
		t.Error("a short int4 must be rejected")
	}
	if _, err := ParseBinary(OidText, -1, []byte{0xff}); pgerr.CodeOf(err) != pgerr.CharacterNotInRepertoire {
		t.Errorf("invalid UTF-8 must be rejected, got %v", err)
	}
}

func hexDecode(s string) ([]byte, error) {
	out := make([]byte, len(s)/2)
	for i := range out {
		v, err := strconv.ParseUint(s[2*i:2*i+2], 16, 8)
		if err != nil {
			return nil, err
		}
		out[i] = byte(v)
	}
	return out, nil
}

func TestTimeZones(t *testing.T) {
	ny, err := LoadZone("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	opts := &FormatOptions{Location: ny, ExtraFloatDigits: 1}
	for _, c := range []struct{ in, out string }{
		{"2020-03-08 02:30", "2020-03-08 03:30:00-04"}, // skipped by DST: the later instant
		{"2020-11-01 01:30", "2020-11-01 01:30:00-05"}, // repeated: standard time
		{"1800-01-01", "1800-01-01 00:00:00-04:56:02"},
		{"2020-06-01 12:00+00", "2020-06-01 08:00:00-04"},
	} {
		d, err := ParseText(OidTimestamptz, -1, c.in, opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := FormatText(OidTimestamptz, d, opts); got != c.out {
			t.Errorf("%q: got %q, want %q", c.in, got, c.out)
		}
	}
	now := time.Date(2021, 5, 6, 7, 8, 9, 0, time.UTC)
	d, err := ParseText(OidDate, -1, "tomorrow", &FormatOptions{Now: now})
	if err != nil || FormatText(OidDate, d, nil) != "2021-05-07" {
		t.Errorf("tomorrow: %v %v", FormatText(OidDate, d, nil), err)
	}
}

func TestFormatType(t *testing.T) {
	for _, c := range []struct {
		oid  uint32
		mod  int32
		want string
	}{
		{OidInt4, -1, "integer"},
		{OidVarchar, CharTypmod(10), "character varying(10)"},
		{OidNumeric, NumericTypmod(10, 2), "numeric(10,2)"},
		{OidTimestamptz, 3, "timestamp(3) with time zone"},
		{OidInterval, IntervalTypmod(IntervalFullPrecision, IntervalDay|IntervalHour), "interval day to hour"},
		{OidTextArray, -1, "text[]"},
		{OidChar, -1, `"char"`},
	} {
		if got := FormatType(c.oid, c.mod); got != c.want {
			t.Errorf("FormatType(%d, %d) = %q, want %q", c.oid, c.mod, got, c.want)
		}
	}
}
