package integration

// client_encoding: text crosses the connection in the client's encoding
// in every message (queries, parameters in text and binary format,
// results in both formats including arrays and records, column names,
// errors, notifications, COPY), a character the client's encoding lacks is
// PostgreSQL's 22P05 error, and text that is not valid in the client's
// encoding is refused. The expected bytes were read from PostgreSQL 15:
// GPOSTGRES_ENCODING_REFERENCE=<conninfo> runs the same checks against a
// reference server.

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestClientEncoding(t *testing.T) {
	if ref := os.Getenv("GPOSTGRES_ENCODING_REFERENCE"); ref != "" {
		t.Run("reference", func(t *testing.T) { clientEncodingChecks(t, ref, true) })
		return
	}
	c := newCluster(t)
	c.start()
	clientEncodingChecks(t, c.connString(""), false)
}

// win1252 spells s (UTF8 text with only WIN1252's characters) in WIN1252.
func win1252(s string) []byte {
	var out []byte
	for _, r := range s {
		switch {
		case r < 0x80 || r >= 0xa0 && r <= 0xff:
			out = append(out, byte(r))
		case r == '€':
			out = append(out, 0x80)
		case r == 'œ':
			out = append(out, 0x9c)
		default:
			panic("not in WIN1252: " + string(r))
		}
	}
	return out
}

func clientEncodingChecks(t *testing.T, connString string, reference bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	connect := func(extra string) *pgconn.PgConn {
		conn, err := pgconn.Connect(ctx, connString+" "+extra)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close(context.Background()) })
		return conn
	}
	setup := connect("")
	exec := func(conn *pgconn.PgConn, sql string) ([]*pgconn.Result, error) {
		return conn.Exec(ctx, sql).ReadAll()
	}
	if _, err := exec(setup, `DROP TABLE IF EXISTS enc_t; DROP TYPE IF EXISTS enc_mood; DROP TYPE IF EXISTS enc_pair;
		CREATE TYPE enc_mood AS ENUM ('heureux', 'bien sûr');
		CREATE TYPE enc_pair AS (a text, b int);
		CREATE TABLE enc_t (id int, t text, v varchar(10), arr text[], j json, jb jsonb, m enc_mood, p enc_pair)`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		exec(setup, "DROP TABLE IF EXISTS enc_t; DROP TYPE IF EXISTS enc_mood; DROP TYPE IF EXISTS enc_pair")
	})

	conn := connect("client_encoding=WIN1252")
	if got := conn.ParameterStatus("client_encoding"); got != "WIN1252" {
		t.Fatalf("client_encoding reported %q", got)
	}

	// A simple query in WIN1252, its text stored as UTF8.
	insert := append([]byte("INSERT INTO enc_t VALUES (1, '"), win1252("café €")...)
	insert = append(insert, "', '"...)
	insert = append(insert, win1252("œuvre")...)
	insert = append(insert, "', ARRAY['"...)
	insert = append(insert, win1252("à")...)
	insert = append(insert, "', NULL, '"...)
	insert = append(insert, win1252("€5")...)
	insert = append(insert, `'], '{"k": "`...)
	insert = append(insert, win1252("é")...)
	insert = append(insert, `"}', '{"k": "`...)
	insert = append(insert, win1252("é")...)
	insert = append(insert, `"}', '`...)
	insert = append(insert, win1252("bien sûr")...)
	insert = append(insert, `', ROW('`...)
	insert = append(insert, win1252("ñ")...)
	insert = append(insert, `', 7))`...)
	if _, err := exec(conn, string(insert)); err != nil {
		t.Fatal(err)
	}
	var stored string
	res, err := exec(setup, "SELECT t || '|' || v || '|' || arr::text || '|' || j::text || '|' || jb::text || '|' || m::text || '|' || p::text FROM enc_t WHERE id = 1")
	if err != nil {
		t.Fatal(err)
	}
	stored = string(res[0].Rows[0][0])
	if want := `café €|œuvre|{à,NULL,€5}|{"k": "é"}|{"k": "é"}|bien sûr|(ñ,7)`; stored != want {
		t.Fatalf("stored %q, want %q", stored, want)
	}

	// Results in text format, and the column name, in WIN1252.
	rr := conn.ExecParams(ctx, `SELECT t AS "plat du jour", v AS "`+string(win1252("résumé"))+`", arr, j, jb, m, p FROM enc_t WHERE id = 1`,
		nil, nil, nil, nil).Read()
	if rr.Err != nil {
		t.Fatal(rr.Err)
	}
	if got := string(rr.FieldDescriptions[1].Name); got != string(win1252("résumé")) {
		t.Errorf("column name %x", got)
	}
	wantText := [][]byte{win1252("café €"), win1252("œuvre"), win1252("{à,NULL,€5}"), win1252(`{"k": "é"}`),
		win1252(`{"k": "é"}`), win1252("bien sûr"), win1252("(ñ,7)")}
	for i, w := range wantText {
		if !bytes.Equal(rr.Rows[0][i], w) {
			t.Errorf("text column %d: %x, want %x", i, rr.Rows[0][i], w)
		}
	}

	// Results in binary format: the text inside arrays, json, jsonb,
	// enums and records is converted too.
	rr = conn.ExecParams(ctx, "SELECT t, arr, jb, m, p FROM enc_t WHERE id = 1", nil, nil, nil, []int16{1}).Read()
	if rr.Err != nil {
		t.Fatal(rr.Err)
	}
	if !bytes.Equal(rr.Rows[0][0], win1252("café €")) {
		t.Errorf("binary text %x", rr.Rows[0][0])
	}
	arr := rr.Rows[0][1]
	// ndim 1, has nulls, element text, dimension 3 from 1; "à", NULL, "€5".
	wantArr := binary.BigEndian.AppendUint32(nil, 1)
	wantArr = binary.BigEndian.AppendUint32(wantArr, 1)
	wantArr = binary.BigEndian.AppendUint32(wantArr, 25)
	wantArr = binary.BigEndian.AppendUint32(wantArr, 3)
	wantArr = binary.BigEndian.AppendUint32(wantArr, 1)
	wantArr = binary.BigEndian.AppendUint32(wantArr, 1)
	wantArr = append(wantArr, win1252("à")...)
	wantArr = binary.BigEndian.AppendUint32(wantArr, 0xffffffff)
	wantArr = binary.BigEndian.AppendUint32(wantArr, 2)
	wantArr = append(wantArr, win1252("€5")...)
	if !bytes.Equal(arr, wantArr) {
		t.Errorf("binary array %x, want %x", arr, wantArr)
	}
	if want := append([]byte{1}, win1252(`{"k": "é"}`)...); !bytes.Equal(rr.Rows[0][2], want) {
		t.Errorf("binary jsonb %x", rr.Rows[0][2])
	}
	if !bytes.Equal(rr.Rows[0][3], win1252("bien sûr")) {
		t.Errorf("binary enum %x", rr.Rows[0][3])
	}
	if p := rr.Rows[0][4]; len(p) < 16 || !bytes.Equal(p[12:12+len(win1252("ñ"))], win1252("ñ")) {
		t.Errorf("binary record %x", p)
	}

	// Parameters in text and binary format are read in WIN1252.
	rr = conn.ExecParams(ctx, "SELECT $1::text = 'x' || chr(8364), octet_length($1::text), $2::text[] = ARRAY[chr(233)]",
		[][]byte{win1252("x€"), binaryTextArray(win1252("é"))}, []uint32{25, 1009}, []int16{0, 1}, nil).Read()
	if rr.Err != nil {
		t.Fatal(rr.Err)
	}
	if got := strings.Join([]string{string(rr.Rows[0][0]), string(rr.Rows[0][1]), string(rr.Rows[0][2])}, " "); got != "t 4 t" {
		t.Errorf("parameters: %s", got)
	}

	// A character WIN1252 lacks, in a result and in an error's text.
	expectCode := func(sql, code, msg string) {
		t.Helper()
		_, err := exec(conn, sql)
		var pe *pgconn.PgError
		if err == nil || !asPgError(err, &pe) || pe.Code != code || pe.Message != msg {
			t.Errorf("%s: %v, want %s %s", sql, err, code, msg)
		}
	}
	expectCode("SELECT chr(937)", "22P05", `character with byte sequence 0xce 0xa9 in encoding "UTF8" has no equivalent in encoding "WIN1252"`)
	expectCode("SELECT chr(937)::int", "22P05", `character with byte sequence 0xce 0xa9 in encoding "UTF8" has no equivalent in encoding "WIN1252"`)
	expectCode("SELECT '\x81'", "22P05", `character with byte sequence 0x81 in encoding "WIN1252" has no equivalent in encoding "UTF8"`)
	if !reference {
		// PostgreSQL converts its multi-byte encodings; gpostgres refuses
		// them rather than convert them differently (lib/mb).
		expectCode("SET client_encoding = 'SJIS'", "0A000", `invalid value for parameter "client_encoding": "SJIS"`)
	}
	// The session goes on.
	if _, err := exec(conn, "SELECT 1"); err != nil {
		t.Fatal(err)
	}

	// COPY's data is in the client's encoding unless ENCODING says
	// otherwise.
	var out bytes.Buffer
	if _, err := conn.CopyTo(ctx, &out, "COPY (SELECT t, arr FROM enc_t WHERE id = 1) TO STDOUT"); err != nil {
		t.Fatal(err)
	}
	if want := append(append(win1252("café €"), '\t'), append(win1252("{à,NULL,€5}"), '\n')...); !bytes.Equal(out.Bytes(), want) {
		t.Errorf("COPY TO %x, want %x", out.Bytes(), want)
	}
	// Binary COPY's text values are in the client's encoding even with
	// ENCODING: PostgreSQL's textsend converts them.
	out.Reset()
	if _, err := conn.CopyTo(ctx, &out, "COPY (SELECT t FROM enc_t WHERE id = 1) TO STDOUT (FORMAT binary, ENCODING 'UTF8')"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out.Bytes(), append([]byte{0, 0, 0, 6}, win1252("café €")...)) {
		t.Errorf("binary COPY TO %x", out.Bytes())
	}
	in := append([]byte("2\t"), append(win1252("œ€"), '\n')...)
	if _, err := conn.CopyFrom(ctx, bytes.NewReader(in), "COPY enc_t (id, t) FROM STDIN"); err != nil {
		t.Fatal(err)
	}
	res, err = exec(setup, "SELECT t FROM enc_t WHERE id = 2")
	if err != nil || string(res[0].Rows[0][0]) != "œ€" {
		t.Fatalf("COPY FROM stored %v %v", res, err)
	}

	// A notification's payload, and a notice's text.
	cfg, err := pgconn.ParseConfig(connString + " client_encoding=WIN1252")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	cfg.OnNotification = func(_ *pgconn.PgConn, n *pgconn.Notification) { got = append(got, n.Payload) }
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) { got = append(got, n.Message) }
	listener, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close(context.Background())
	if _, err := exec(listener, "LISTEN enc_channel"); err != nil {
		t.Fatal(err)
	}
	if _, err := exec(setup, "NOTIFY enc_channel, 'déjà'"); err != nil {
		t.Fatal(err)
	}
	if _, err := exec(listener, "DROP TABLE IF EXISTS \"nulle_part_"+string(win1252("é"))+"\""); err != nil {
		t.Fatal(err)
	}
	// The notification may come before or after the command's notice.
	slices.Sort(got)
	if want := []string{string(win1252("déjà")), string(win1252(`table "nulle_part_é" does not exist, skipping`))}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("notification and notice %q, want %q", got, want)
	}

	// Back to UTF8 within the session.
	if _, err := exec(conn, "SET client_encoding = 'UTF8'"); err != nil {
		t.Fatal(err)
	}
	res, err = exec(conn, "SELECT t FROM enc_t WHERE id = 1")
	if err != nil || string(res[0].Rows[0][0]) != "café €" {
		t.Fatalf("after SET client_encoding = UTF8: %q %v", res[0].Rows[0][0], err)
	}
	// A UTF8 client's invalid UTF8 is refused as PostgreSQL refuses it.
	_, err = exec(conn, "SELECT 'a\xe9b'")
	var pe *pgconn.PgError
	if !asPgError(err, &pe) || pe.Code != "22021" || pe.Message != `invalid byte sequence for encoding "UTF8": 0xe9 0x62 0x27` {
		t.Errorf("invalid UTF8: %v", err)
	}
}

// binaryTextArray is array_send of a one-element text[].
func binaryTextArray(elem []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, 1)
	b = binary.BigEndian.AppendUint32(b, 0)
	b = binary.BigEndian.AppendUint32(b, 25)
	b = binary.BigEndian.AppendUint32(b, 1)
	b = binary.BigEndian.AppendUint32(b, 1)
	b = binary.BigEndian.AppendUint32(b, uint32(len(elem)))
	return append(b, elem...)
}

func asPgError(err error, pe **pgconn.PgError) bool { return errors.As(err, pe) }
