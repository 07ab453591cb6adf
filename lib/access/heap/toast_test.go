// TOAST: values compressed inline and moved out of line, read back,
// reused and freed by UPDATE and DELETE; compared with what PostgreSQL 15
// stored for the same rows (testdata/capture_pg15.sh).

package heap

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/toast"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// pgRows are the rows capture_pg15.sh inserted, regenerated.
func pgRows() map[int]*string {
	var in3, in4 strings.Builder
	for i := 1; i <= 100; i++ {
		in3.WriteString(md5hex(strconv.Itoa(i)))
	}
	for i := 1; i <= 4000; i++ {
		in4.WriteString(md5hex(strconv.Itoa(i % 50)))
	}
	str := func(s string) *string { return &s }
	return map[int]*string{
		1: str("short"),
		2: str(strings.Repeat("abcdefghij", 300)),
		3: str(in3.String()),
		4: str(in4.String()),
		5: str(strings.Repeat("x", 1000000)),
		6: nil,
	}
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func pgToastRelID(t *testing.T) uint32 {
	for _, line := range strings.Split(string(readTestdata(t, "toast_meta.txt")), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "toastrelid" {
			n, _ := strconv.Atoi(f[1])
			return uint32(n)
		}
	}
	t.Fatal("no toastrelid in toast_meta.txt")
	return 0
}

// storedS returns each row's stored s varlena (nil for NULL) by k, from a
// page image.
func storedS(t *testing.T, p page.Page, rel *Relation) map[int][]byte {
	t.Helper()
	out := map[int][]byte{}
	for off := page.FirstOffset; off <= p.MaxOffset(); off++ {
		if !p.ItemId(off).IsNormal() {
			continue
		}
		tup := p.Item(off)
		k := int(int32(le.Uint32(tup[tuple.Header(tup).Hoff():])))
		out[k] = nil
		tuple.StoredVarlenas(rel.Desc, tup, func(i int, s []byte) {
			if i == 2 {
				out[k] = bytes.Clone(s)
			}
		})
	}
	return out
}

// chunksOf collects a value's chunks from TOAST table pages, in order.
func chunksOf(t *testing.T, pages []page.Page, valueID uint32, trel *Relation) []byte {
	t.Helper()
	parts := map[int32][]byte{}
	for _, p := range pages {
		if p.IsNew() {
			continue
		}
		for off := page.FirstOffset; off <= p.MaxOffset(); off++ {
			if !p.ItemId(off).IsNormal() {
				continue
			}
			id, seq, data, err := chunkOf(tuple.Header(p.Item(off)), trel)
			if err != nil {
				t.Fatal(err)
			}
			if id == valueID {
				parts[seq] = data
			}
		}
	}
	var out []byte
	for seq := int32(0); seq < int32(len(parts)); seq++ {
		part, ok := parts[seq]
		if !ok {
			t.Fatalf("value %d: chunk %d missing", valueID, seq)
		}
		if seq < int32(len(parts))-1 && len(part) != toast.MaxChunkSize {
			t.Fatalf("value %d: chunk %d has %d bytes", valueID, seq, len(part))
		}
		out = append(out, part...)
	}
	return out
}

func splitPages(b []byte) []page.Page {
	var ps []page.Page
	for i := 0; i+page.Size <= len(b); i += page.Size {
		ps = append(ps, page.Page(b[i:i+page.Size]))
	}
	return ps
}

// Our scan reads PostgreSQL's TOASTed rows: pglz-compressed inline
// values and external values, compressed or not, from PostgreSQL's own
// (checksummed) files.
func TestReadsPostgreSQLToast(t *testing.T) {
	c := newCluster(t)
	for loc, name := range map[storage.RelFileLocator]string{testLoc: "toast_main.page", testToastLoc: "toast_toast.rel"} {
		if err := os.WriteFile(filepath.Join(c.dir, loc.Path(storage.MainFork, 0)), readTestdata(t, name), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	b := c.backend()
	b.rel.Toast.OID = pgToastRelID(t)
	want := pgRows()
	b.begin()
	s := BeginScan(b.env, b.rel, b.snap())
	defer s.Close()
	n := 0
	for {
		_, vals, ok, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		n++
		k := int(vals[0].Int())
		w, known := want[k]
		switch {
		case !known || vals[1].Int() != int64(k*10):
			t.Fatalf("row %d: v %d", k, vals[1].Int())
		case w == nil && !vals[2].IsNull():
			t.Fatalf("row %d: s should be NULL", k)
		case w != nil && vals[2].Text() != *w:
			t.Fatalf("row %d: s has %d bytes, want %d", k, len(vals[2].Text()), len(*w))
		}
	}
	if n != len(want) {
		t.Fatalf("%d rows", n)
	}
	b.commit()
}

// The toaster makes PostgreSQL's decisions: the same rows come out
// stored the same way (inline compressed bytes identical, pglz output
// identical, external pointers identical but for the value and table
// ids, chunks identical).
func TestToastLayoutMatchesPostgreSQL(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	want := pgRows()
	b.begin()
	for k := 1; k <= 6; k++ {
		vals := row(k, int64(k*10), "")
		if want[k] == nil {
			vals[2] = types.Null
		} else {
			vals[2] = types.Text(*want[k])
		}
		if _, err := Insert(b.env, b.rel, vals, b.xid, b.cid); err != nil {
			t.Fatal(err)
		}
	}
	b.commit()
	if err := b.pool.FlushRelationBuffers(testLoc); err != nil {
		t.Fatal(err)
	}
	if err := b.pool.FlushRelationBuffers(testToastLoc); err != nil {
		t.Fatal(err)
	}
	ours := page.Page(readFile(t, c.dir, testLoc)[:page.Size])
	ourToast := splitPages(readFile(t, c.dir, testToastLoc))
	theirs := page.Page(readTestdata(t, "toast_main.page"))
	theirToast := splitPages(readTestdata(t, "toast_toast.rel"))
	pgRel := testRelation()
	pgRel.Toast.OID = pgToastRelID(t)

	o, p := storedS(t, ours, b.rel), storedS(t, theirs, pgRel)
	// What PostgreSQL did with each row: 2 compressed inline, 3 external
	// as is, 4 and 5 external compressed.
	if !toast.IsCompressed(p[2]) || !toast.IsExternal(p[3]) || !toast.IsExternal(p[4]) || !toast.IsExternal(p[5]) || p[6] != nil {
		t.Fatal("reference data is not what capture_pg15.sh should have made")
	}
	for k := 1; k <= 6; k++ {
		ourS, pgS := o[k], p[k]
		switch {
		case pgS == nil || !toast.IsExternal(pgS):
			if !bytes.Equal(ourS, pgS) {
				t.Errorf("row %d: stored %d bytes %x...,\nPostgreSQL %d bytes %x...", k, len(ourS), head(ourS), len(pgS), head(pgS))
			}
		default:
			oe, err1 := toast.DecodeExternal(ourS)
			pe, err2 := toast.DecodeExternal(pgS)
			if err1 != nil || err2 != nil {
				t.Fatalf("row %d: %v %v", k, err1, err2)
			}
			if oe.RawSize != pe.RawSize || oe.ExtInfo != pe.ExtInfo || oe.ToastRelID != 16385 {
				t.Errorf("row %d: pointer %+v, PostgreSQL %+v", k, oe, pe)
			}
			if !bytes.Equal(chunksOf(t, ourToast, oe.ValueID, b.rel.Toast), chunksOf(t, theirToast, pe.ValueID, pgRel.Toast)) {
				t.Errorf("row %d: TOAST chunks differ", k)
			}
		}
	}
	// The compressed inline row is the same tuple, bytes for bytes.
	for off := page.FirstOffset; off <= 2; off++ {
		ot, pt := tuple.Header(ours.Item(off)), tuple.Header(theirs.Item(off))
		if !bytes.Equal(ot[ot.Hoff():], pt[pt.Hoff():]) || ot.Hoff() != pt.Hoff() ||
			ot.Infomask()&^heapXactMask != pt.Infomask()&^heapXactMask || ot.Infomask2() != pt.Infomask2() {
			t.Errorf("tuple %d differs from PostgreSQL's", off)
		}
	}
}

func head(b []byte) []byte { return b[:min(len(b), 24)] }

func readFile(t *testing.T, dir string, loc storage.RelFileLocator) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, loc.Path(storage.MainFork, 0)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// randomText is incompressible text of n bytes.
func randomText(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_+*/()[]{}<>!?=&%$#@"
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, ^seed))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		le.PutUint64(b[i:], r.Uint64())
	}
	return b
}

func TestToastRoundTrips(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	sizes := []int{0, 1, 126, 127, 1000, 2000, 2020, 2040, 2100, 5000, 8200, 20000, 1 << 20}
	type want struct {
		k int
		s string
	}
	var wants []want
	b.begin()
	k := 0
	for _, n := range sizes {
		for _, kind := range []string{"random", "repeat"} {
			var s string
			if kind == "random" {
				s = randomText(n, uint64(n))
			} else {
				s = strings.Repeat("gpostgres ", n/10+1)[:n]
			}
			k++
			b.insert(k, int64(n), s)
			wants = append(wants, want{k, s})
		}
	}
	// Several long values in one row of the bytea table.
	br := byteaRelation()
	var bytesWant [][]byte
	for i, n := range []int{3000, 100000, 300000} {
		v := randomBytes(n, uint64(i))
		bytesWant = append(bytesWant, v)
		if _, err := Insert(b.env, br, []types.Datum{types.Int(int64(i)), types.Bytes(v)}, b.xid, b.cid); err != nil {
			t.Fatal(err)
		}
	}
	b.commit()

	b.begin()
	rows := b.scanAll(b.snap())
	if len(rows) != len(wants) {
		t.Fatalf("%d rows, want %d", len(rows), len(wants))
	}
	for i, r := range rows {
		if r.k != wants[i].k || r.s != wants[i].s {
			t.Fatalf("row %d: %d bytes, want %d", r.k, len(r.s), len(wants[i].s))
		}
		// Fetch by TID decodes the same value.
		vals, ok, err := Fetch(b.env, b.rel, r.tid, b.snap())
		if err != nil || !ok || vals[2].Text() != wants[i].s {
			t.Fatalf("Fetch row %d: %v %v", r.k, ok, err)
		}
	}
	s := BeginScan(b.env, br, b.snap())
	for i := 0; ; i++ {
		_, vals, ok, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			if i != len(bytesWant) {
				t.Fatalf("%d bytea rows", i)
			}
			break
		}
		if !bytes.Equal([]byte(vals[1].Text()), bytesWant[vals[0].Int()]) {
			t.Fatalf("bytea row %d differs", vals[0].Int())
		}
	}
	s.Close()
	b.commit()
}

func TestToast100MB(t *testing.T) {
	if testing.Short() {
		t.Skip("100 MB values in -short mode")
	}
	c := newCluster(t)
	b := c.backend()
	br := byteaRelation()
	const n = 100 << 20
	random := randomBytes(n, 7)
	repeat := []byte(strings.Repeat("0123456789abcdefghijklmnopqrstuvwxyz", n/36+1)[:n])
	b.begin()
	if _, err := Insert(b.env, br, []types.Datum{types.Int(1), types.Bytes(random)}, b.xid, b.cid); err != nil {
		t.Fatal(err)
	}
	if _, err := Insert(b.env, br, []types.Datum{types.Int(2), types.Bytes(repeat)}, b.xid, b.cid); err != nil {
		t.Fatal(err)
	}
	tid := b.insert(3, 3, string(repeat[:n/2])+string(random[:n/2]))
	b.commit()

	b.begin()
	s := BeginScan(b.env, br, b.snap())
	got := 0
	for {
		_, vals, ok, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		want := random
		if vals[0].Int() == 2 {
			want = repeat
		}
		if !bytes.Equal([]byte(vals[1].Text()), want) {
			t.Fatalf("100 MB value %d differs", vals[0].Int())
		}
		got++
	}
	s.Close()
	if got != 2 {
		t.Fatalf("%d rows", got)
	}
	vals, ok, err := Fetch(b.env, b.rel, tid, b.snap())
	if err != nil || !ok || vals[2].Text() != string(repeat[:n/2])+string(random[:n/2]) {
		t.Fatalf("text value: %v %v", ok, err)
	}
	b.commit()
}

// chunkXmaxes reads the xmax of every chunk of the TOAST table.
func (b *backend) toastChunks(trel *Relation) map[uint32][]uint32 {
	b.t.Helper()
	out := map[uint32][]uint32{}
	nb, err := b.files.NBlocks(trel.Locator, storage.MainFork)
	if err != nil {
		b.t.Fatal(err)
	}
	for blk := storage.BlockNumber(0); blk < nb; blk++ {
		buf, err := b.pool.ReadBuffer(trel.Locator, storage.MainFork, blk)
		if err != nil {
			b.t.Fatal(err)
		}
		b.pool.LockBuffer(buf, buffer.Share)
		p := page.Page(b.pool.Page(buf))
		for off := page.FirstOffset; off <= p.MaxOffset(); off++ {
			h := tuple.Header(p.Item(off))
			id, _, _, _ := chunkOf(h, trel)
			out[id] = append(out[id], h.Xmax())
		}
		b.pool.UnlockRelease(buf)
	}
	return out
}

func TestToastUpdateReusesAndFrees(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	big := randomText(50000, 1)
	b.begin()
	tid := b.insert(1, 1, big)
	b.commit()
	chunks := b.toastChunks(b.rel.Toast)
	if len(chunks) != 1 {
		t.Fatalf("values in the TOAST table: %d", len(chunks))
	}
	var first uint32
	for id := range chunks {
		first = id
	}

	// UPDATE t SET v = 2: the s Datum read from the row is passed back
	// unchanged, so its TOAST value is reused, not copied or freed.
	b.begin()
	vals, ok, err := Fetch(b.env, b.rel, tid, b.snap())
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	vals[1] = types.Int(2)
	res, _, tid2, err := Update(ctx(), b.env, b.rel, tid, vals, b.cur(), b.xid, b.cid, nil, true)
	if err != nil || res != TMOk {
		t.Fatal(res, err)
	}
	b.commit()
	chunks = b.toastChunks(b.rel.Toast)
	if len(chunks) != 1 {
		t.Fatalf("unchanged value copied: %d values", len(chunks))
	}
	for _, xmax := range chunks[first] {
		if xmax != 0 {
			t.Fatal("reused value's chunks deleted")
		}
	}

	// UPDATE t SET s = other: new chunks, the old ones deleted; after a
	// rollback the old value is intact.
	b.begin()
	other := randomText(40000, 2)
	res, _, _, err = Update(ctx(), b.env, b.rel, tid2, row(1, 3, other), b.cur(), b.xid, b.cid, nil, true)
	if err != nil || res != TMOk {
		t.Fatal(res, err)
	}
	xid := b.xid
	chunks = b.toastChunks(b.rel.Toast)
	if len(chunks) != 2 {
		t.Fatalf("%d values after update", len(chunks))
	}
	for _, xmax := range chunks[first] {
		if xmax != uint32(xid) {
			t.Fatalf("old chunks not deleted by the update: xmax %d", xmax)
		}
	}
	b.abort()
	b.begin()
	if r, ok := b.find(b.snap(), 1); !ok || r.v != 2 || r.s != big {
		t.Fatalf("after rollback: %v", r)
	}
	// DELETE frees the value.
	if res, _, err := Delete(ctx(), b.env, b.rel, tid2, b.cur(), b.xid, b.cid, nil, true); err != nil || res != TMOk {
		t.Fatal(res, err)
	}
	xid = b.xid
	b.commit()
	for _, xmax := range b.toastChunks(b.rel.Toast)[first] {
		if xmax != uint32(xid) {
			t.Fatalf("chunks not deleted with the row: xmax %d", xmax)
		}
	}
	b.begin()
	if rows := b.scanAll(b.snap()); len(rows) != 0 {
		t.Fatalf("rows: %v", rows)
	}
	b.commit()
}

func TestToastStorageModesAndLimits(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	noToast := testRelation()
	noToast.Toast = nil
	b.begin()
	// Without a TOAST table, compression alone may do...
	if _, err := Insert(b.env, noToast, row(1, 1, strings.Repeat("z", 100000)), b.xid, b.cid); err != nil {
		t.Fatal(err)
	}
	// ...or not.
	_, err := Insert(b.env, noToast, row(2, 2, randomText(10000, 3)), b.xid, b.cid)
	var pe *pgerr.Error
	if !errors.As(err, &pe) || pe.Code != pgerr.ProgramLimitExceeded || pe.Message != "row is too big: size 10048, maximum size 8160" {
		t.Fatalf("too big: %v", err)
	}
	// Storage EXTERNAL: moved out without compression.
	ext := testRelation()
	ext.Desc.Attrs[2].Storage = 'e'
	tid, err := Insert(b.env, ext, row(3, 3, strings.Repeat("y", 5000)), b.xid, b.cid)
	if err != nil {
		t.Fatal(err)
	}
	var stored []byte
	tuple.StoredVarlenas(ext.Desc, b.headerAt(tid), func(i int, s []byte) { stored = bytes.Clone(s) })
	if e, err := toast.DecodeExternal(stored); err != nil || e.IsCompressed() || e.ExtSize() != 5000 {
		t.Fatalf("storage external: %+v %v", e, err)
	}
	// Storage MAIN: compressed and kept inline.
	main := testRelation()
	main.Desc.Attrs[2].Storage = 'm'
	tid, err = Insert(b.env, main, row(4, 4, strings.Repeat("w", 5000)), b.xid, b.cid)
	if err != nil {
		t.Fatal(err)
	}
	tuple.StoredVarlenas(main.Desc, b.headerAt(tid), func(i int, s []byte) { stored = bytes.Clone(s) })
	if !toast.IsCompressed(stored) {
		t.Fatalf("storage main: %x", head(stored))
	}
	// Storage PLAIN: never toasted.
	plain := testRelation()
	plain.Desc.Attrs[2].Storage = 'p'
	if _, err := Insert(b.env, plain, row(5, 5, strings.Repeat("v", 9000)), b.xid, b.cid); err == nil {
		t.Fatal("plain storage toasted")
	}
	b.next()
	rows := b.scanAll(b.snap())
	if len(rows) != 3 || rows[0].s != strings.Repeat("z", 100000) || rows[1].s != strings.Repeat("y", 5000) || rows[2].s != strings.Repeat("w", 5000) {
		t.Fatalf("rows: %v", rows)
	}
	b.commit()
}

// TestToastCompressionMethods stores compressible values inline and out
// of line in a column that names lz4, and in one that names none under
// each default_toast_compression (Env.ToastCompression), and checks the
// method recorded in each stored value (the inline datum's va_tcinfo, the
// external pointer's va_extinfo) and that every value reads back.
func TestToastCompressionMethods(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	inline := strings.Repeat("1234567890", 1000)
	var sb strings.Builder
	for i := 0; sb.Len() < 96000; i++ {
		h := md5hex(strconv.Itoa(i))
		sb.WriteString(h + h + h)
	}
	external := sb.String()
	cases := []struct {
		attcompression byte
		def            func() int
		want           int
	}{
		{'l', nil, toast.MethodLZ4},
		{'p', func() int { return toast.MethodLZ4 }, toast.MethodPGLZ},
		{0, nil, toast.MethodPGLZ},
		{0, func() int { return toast.MethodLZ4 }, toast.MethodLZ4},
	}
	wantMethod := map[int]int{}
	values := map[int]string{}
	k := 0
	for _, cs := range cases {
		b.rel.Desc.Attrs[2].Compression = cs.attcompression
		b.env.ToastCompression = cs.def
		b.begin()
		for _, s := range []string{inline, external} {
			k++
			b.insert(k, int64(k), s)
			wantMethod[k], values[k] = cs.want, s
		}
		b.commit()
	}
	b.begin()
	for _, r := range b.scanAll(b.snap()) {
		if r.s != values[r.k] {
			t.Fatalf("row %d: %d bytes back, want %d", r.k, len(r.s), len(values[r.k]))
		}
	}
	b.commit()
	if err := b.pool.FlushRelationBuffers(testLoc); err != nil {
		t.Fatal(err)
	}
	stored := map[int][]byte{}
	for _, p := range splitPages(readFile(t, c.dir, testLoc)) {
		for k, s := range storedS(t, p, b.rel) {
			stored[k] = s
		}
	}
	for k := 1; k <= len(values); k++ {
		s := stored[k]
		var method int
		switch {
		case toast.IsCompressed(s):
			method = toast.CompressedMethod(s)
		case toast.IsExternal(s):
			e, err := toast.DecodeExternal(s)
			if err != nil || !e.IsCompressed() {
				t.Fatalf("row %d: external value not compressed: %+v %v", k, e, err)
			}
			method = e.Method()
		default:
			t.Fatalf("row %d: stored neither compressed nor external", k)
		}
		if method != wantMethod[k] {
			t.Errorf("row %d: compressed with method %d, want %d", k, method, wantMethod[k])
		}
	}
}
