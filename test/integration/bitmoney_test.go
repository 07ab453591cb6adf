// bit, bit varying and money on the wire: their binary formats, which
// must be PostgreSQL's bytes, as results, as parameters, through a table
// and through COPY ... (FORMAT binary).

package integration

import (
	"bytes"
	"context"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
)

// TestBitAndMoneyWire reads bit, bit varying, money and arrays of them
// in the binary format (the expected bytes are PostgreSQL 15's), sends
// the same bytes back as binary parameters into a table with typmods,
// reads the table in binary, copies it out and in with binary COPY, and
// checks that binary input honours the typmods and the bit count.
func TestBitAndMoneyWire(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	conn := c.connect()
	defer conn.Close(ctx)

	const query = `SELECT B'10110'::bit(5), X'ABC'::varbit(20), B''::varbit, '-12.34'::money,
		'92233720368547758.07'::money, '{101,01}'::varbit[], '{1,-2}'::money[]`
	want := []string{
		"00000005b0", "0000000cabc0", "00000000", "fffffffffffffb2e", "7fffffffffffffff",
		"00000001000000000000061a00000002000000010000000500000003a0000000050000000240",
		"000000010000000000000316000000020000000100000008000000000000006400000008ffffffffffffff38",
	}
	check := func(what string, values [][]byte) {
		t.Helper()
		if len(values) != len(want) {
			t.Fatalf("%s: %d values, want %d", what, len(values), len(want))
		}
		for i, v := range values {
			if got := hex.EncodeToString(v); got != want[i] {
				t.Errorf("%s: column %d is %s, want %s", what, i+1, got, want[i])
			}
		}
	}
	pc := conn.PgConn()
	res := pc.ExecParams(ctx, query, nil, nil, nil, []int16{1}).Read()
	if res.Err != nil || len(res.Rows) != 1 {
		t.Fatalf("binary results: %v, %d rows", res.Err, len(res.Rows))
	}
	check("literals", res.Rows[0])

	if _, err := conn.Exec(ctx, `CREATE TABLE wire_bits (a bit(5), b varbit(20), c varbit, m money, n money, va varbit[], ma money[])`); err != nil {
		t.Fatal(err)
	}
	params := make([][]byte, len(want))
	formats := make([]int16, len(want))
	for i, h := range want {
		params[i], _ = hex.DecodeString(h)
		formats[i] = 1
	}
	oids := []uint32{1560, 1562, 1562, 790, 790, 1563, 791}
	var insert strings.Builder
	insert.WriteString("INSERT INTO wire_bits VALUES (")
	for i := range want {
		if i > 0 {
			insert.WriteString(", ")
		}
		insert.WriteString("$" + strconv.Itoa(i+1))
	}
	insert.WriteString(")")
	if res := pc.ExecParams(ctx, insert.String(), params, oids, formats, nil).Read(); res.Err != nil {
		t.Fatal(res.Err)
	}
	res = pc.ExecParams(ctx, `SELECT * FROM wire_bits`, nil, nil, nil, []int16{1}).Read()
	if res.Err != nil || len(res.Rows) != 1 {
		t.Fatalf("table: %v, %d rows", res.Err, len(res.Rows))
	}
	check("table", res.Rows[0])
	var text string
	if err := conn.QueryRow(ctx, `SELECT a::text || ' ' || b::text || ' ' || m::text || ' ' || n::text FROM wire_bits`).Scan(&text); err != nil {
		t.Fatal(err)
	}
	if text != "10110 101010111100 -$12.34 $92,233,720,368,547,758.07" {
		t.Errorf("table as text: %q", text)
	}

	// Binary COPY out and back in gives the same rows.
	var out bytes.Buffer
	if _, err := pc.CopyTo(ctx, &out, `COPY wire_bits TO STDOUT (FORMAT binary)`); err != nil {
		t.Fatal(err)
	}
	if _, err := pc.CopyFrom(ctx, bytes.NewReader(out.Bytes()), `COPY wire_bits FROM STDIN (FORMAT binary)`); err != nil {
		t.Fatal(err)
	}
	res = pc.ExecParams(ctx, `SELECT * FROM wire_bits`, nil, nil, nil, []int16{1}).Read()
	if res.Err != nil || len(res.Rows) != 2 {
		t.Fatalf("after binary COPY: %v, %d rows", res.Err, len(res.Rows))
	}
	check("copied row", res.Rows[1])

	// Binary input checks the typmod, the bit count against the bytes,
	// and clears padding bits.
	for _, bad := range []struct {
		sql, hex string
		oid      uint32
	}{
		{`INSERT INTO wire_bits (a) VALUES ($1)`, "00000004b0", 1560},
		{`INSERT INTO wire_bits (b) VALUES ($1)`, "00000015abcdef", 1562},
		{`SELECT $1::varbit`, "00000010ab", 1562},
		{`SELECT $1::varbit`, "ffffffff", 1562},
		{`SELECT $1::money`, "00000001", 790},
	} {
		p, _ := hex.DecodeString(bad.hex)
		if res := pc.ExecParams(ctx, bad.sql, [][]byte{p}, []uint32{bad.oid}, []int16{1}, nil).Read(); res.Err == nil {
			t.Errorf("%s with %s accepted", bad.sql, bad.hex)
		}
	}
	padded, _ := hex.DecodeString("00000003ff")
	res = pc.ExecParams(ctx, `SELECT $1::varbit`, [][]byte{padded}, []uint32{1562}, []int16{1}, []int16{1}).Read()
	if res.Err != nil || len(res.Rows) != 1 || hex.EncodeToString(res.Rows[0][0]) != "00000003e0" {
		t.Errorf("padding bits: %v %x", res.Err, res.Rows)
	}
}
