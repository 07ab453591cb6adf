package catalog

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/sinval"
	"github.com/gpostgres/gpostgres/lib/types"
)

// fakeReader serves catalog rows from memory and counts scans.
type fakeReader struct {
	rows  map[string][][]types.Datum
	scans map[string]int
}

func newFakeReader() *fakeReader {
	r := &fakeReader{rows: map[string][][]types.Datum{}, scans: map[string]int{}}
	nsp := Lookup("pg_namespace")
	for _, n := range []struct {
		oid  uint32
		name string
	}{{PgCatalogNamespace, "pg_catalog"}, {PgToastNamespace, "pg_toast"}, {PublicNamespace, "public"}} {
		row := make([]types.Datum, len(nsp.Columns))
		row[nsp.Column("oid")], row[nsp.Column("nspname")] = types.Int(int64(n.oid)), types.Text(n.name)
		r.rows["pg_namespace"] = append(r.rows["pg_namespace"], row)
	}
	return r
}

func (r *fakeReader) ScanCatalogFrom(c *Catalog, _ uint32, fn func(row []types.Datum) (bool, error)) error {
	return r.ScanCatalog(c, fn)
}

func (r *fakeReader) ScanCatalog(c *Catalog, fn func(row []types.Datum) (bool, error)) error {
	r.scans[c.Name]++
	for _, row := range r.rows[c.Name] {
		more, err := fn(row)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// addTable adds the pg_class and pg_attribute rows of a one-column table.
func (r *fakeReader) addTable(oid uint32, name string, col string) {
	pc, pa := Lookup("pg_class"), Lookup("pg_attribute")
	row := make([]types.Datum, len(pc.Columns))
	set := func(c *Catalog, row []types.Datum, name string, d types.Datum) { row[c.Column(name)] = d }
	set(pc, row, "oid", types.Int(int64(oid)))
	set(pc, row, "relname", types.Text(name))
	set(pc, row, "relnamespace", types.Int(int64(PublicNamespace)))
	set(pc, row, "relfilenode", types.Int(int64(oid)))
	set(pc, row, "relkind", types.Int('r'))
	set(pc, row, "relpersistence", types.Int('p'))
	set(pc, row, "relisshared", types.Bool(false))
	for _, c := range []string{"reltype", "relowner", "relam", "reltablespace", "reltoastrelid"} {
		set(pc, row, c, types.Int(0))
	}
	r.rows["pg_class"] = append(r.rows["pg_class"], row)
	arow := make([]types.Datum, len(pa.Columns))
	set(pa, arow, "attrelid", types.Int(int64(oid)))
	set(pa, arow, "attname", types.Text(col))
	set(pa, arow, "atttypid", types.Int(int64(types.OidInt4)))
	set(pa, arow, "attnum", types.Int(1))
	set(pa, arow, "attlen", types.Int(4))
	set(pa, arow, "atttypmod", types.Int(-1))
	set(pa, arow, "attndims", types.Int(0))
	set(pa, arow, "attbyval", types.Bool(true))
	set(pa, arow, "attalign", types.Int('i'))
	set(pa, arow, "attstorage", types.Int('p'))
	for _, c := range []string{"attnotnull", "atthasdef", "attisdropped"} {
		set(pa, arow, c, types.Bool(false))
	}
	set(pa, arow, "attcollation", types.Int(0))
	r.rows["pg_attribute"] = append(r.rows["pg_attribute"], arow)
}

func (r *fakeReader) dropTable(oid uint32) {
	for _, cat := range []string{"pg_class", "pg_attribute"} {
		c := Lookup(cat)
		col := c.Column("oid")
		if cat == "pg_attribute" {
			col = c.Column("attrelid")
		}
		var keep [][]types.Datum
		for _, row := range r.rows[cat] {
			if uint32(row[col].Int()) != oid {
				keep = append(keep, row)
			}
		}
		r.rows[cat] = keep
	}
}

func newQueue(t *testing.T) *sinval.Queue {
	s := config.New()
	if err := s.Set("max_connections", "4", config.ContextPostmaster, config.SourceCommandLine); err != nil {
		t.Fatal(err)
	}
	seg, err := shmem.Create(int64(sinval.ShmemSize(s)) + 4096)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	q, err := sinval.CreateShared(seg, s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestCacheLookupsAndNegativeEntries(t *testing.T) {
	r := newFakeReader()
	c := NewCache(PostgresDB, nil)
	// System catalogs need no scan.
	if oid, err := c.RelationOID(r, PgCatalogNamespace, "pg_class"); err != nil || oid != RelationRelationID {
		t.Fatalf("pg_class: %d %v", oid, err)
	}
	rel, err := c.RelationByOID(r, TypeRelationID)
	if err != nil || rel.Name != "pg_type" || len(rel.Attrs) != len(Lookup("pg_type").Columns) {
		t.Fatalf("pg_type descriptor: %+v %v", rel, err)
	}
	if r.scans["pg_class"] != 0 {
		t.Fatal("a system catalog lookup scanned pg_class")
	}
	// A miss is remembered.
	if oid, _ := c.RelationOID(r, PublicNamespace, "t"); oid != 0 {
		t.Fatal("found a table that does not exist")
	}
	c.RelationOID(r, PublicNamespace, "t")
	if r.scans["pg_class"] != 1 {
		t.Fatalf("negative entry not cached: %d scans", r.scans["pg_class"])
	}
	// Another backend creates t: its message removes the negative entry.
	r.addTable(16384, "t", "x")
	c.apply(sinval.Message{Kind: sinval.KindCatcache, DB: PostgresDB, ID: RelationRelationID, Hash: classNameHash(PublicNamespace, "t")})
	if oid, _ := c.RelationOID(r, PublicNamespace, "t"); oid != 16384 {
		t.Fatalf("table not found after invalidation: %d", oid)
	}
	rel, err = c.RelationByOID(r, 16384)
	if err != nil || rel == nil || rel.Name != "t" || rel.NamespaceName != "public" || len(rel.Attrs) != 1 || rel.Attrs[0].Name != "x" {
		t.Fatalf("descriptor %+v %v", rel, err)
	}
	if loc := rel.Locator(PostgresDB); loc != (storage.RelFileLocator{Spc: DefaultTablespace, DB: PostgresDB, Rel: 16384}) {
		t.Fatalf("locator %v", loc)
	}
	// A relcache message replaces the descriptor with a new one.
	before := rel
	c.apply(sinval.Message{Kind: sinval.KindRelcache, DB: PostgresDB, ID: 16384})
	after, _ := c.RelationByOID(r, 16384)
	if after == before || after.Name != "t" {
		t.Fatal("descriptor was not reloaded")
	}
	// Messages for other databases are ignored.
	c.apply(sinval.Message{Kind: sinval.KindRelcache, DB: 4, ID: 16384})
	if again, _ := c.RelationByOID(r, 16384); again != after {
		t.Fatal("another database's message dropped the entry")
	}
}

func TestCacheTransactionInvalidations(t *testing.T) {
	r := newFakeReader()
	c := NewCache(PostgresDB, nil)

	// CREATE TABLE in this transaction: the lookup before the command
	// counter increment caches a miss, CommandEnd drops it.
	c.RelationOID(r, PublicNamespace, "u")
	r.addTable(16400, "u", "y")
	c.InvalidateClassName(PublicNamespace, "u")
	c.InvalidateRelation(16400, false)
	if oid, _ := c.RelationOID(r, PublicNamespace, "u"); oid != 0 {
		t.Fatal("the command's own change is visible before CommandEnd")
	}
	c.CommandEnd()
	if oid, _ := c.RelationOID(r, PublicNamespace, "u"); oid != 16400 {
		t.Fatal("the change is not visible after CommandEnd")
	}
	// The transaction aborts: what it loaded is forgotten.
	r.dropTable(16400)
	c.AtAbort()
	if oid, _ := c.RelationOID(r, PublicNamespace, "u"); oid != 0 {
		t.Fatal("a rolled-back table is still cached")
	}
	if c.HasPending() {
		t.Fatal("invalidations left after abort")
	}
}

// A savepoint's invalidations are its own: rolled back alone, they are
// applied here and dropped, while the parent's stay queued for commit.
func TestCacheSubtransactionInvalidations(t *testing.T) {
	q := newQueue(t)
	r := newFakeReader()
	o1, o2 := &shmem.Owner{Pid: 1}, &shmem.Owner{Pid: 2}
	c := NewCache(PostgresDB, q.Attach(o1, 0))
	other := q.Attach(o2, 1)

	// The parent creates t1; a savepoint creates t2 and is rolled back.
	r.addTable(16401, "t1", "a")
	c.InvalidateClassName(PublicNamespace, "t1")
	c.CommandEnd()
	c.SubStart()
	c.RelationOID(r, PublicNamespace, "t2")
	r.addTable(16402, "t2", "b")
	c.InvalidateClassName(PublicNamespace, "t2")
	c.CommandEnd()
	if oid, _ := c.RelationOID(r, PublicNamespace, "t2"); oid != 16402 {
		t.Fatal("the savepoint's table is not visible inside it")
	}
	r.dropTable(16402)
	c.SubAbort()
	if oid, _ := c.RelationOID(r, PublicNamespace, "t2"); oid != 0 {
		t.Fatal("a rolled-back savepoint's table is still cached")
	}
	if !c.HasPending() {
		t.Fatal("the parent's invalidations were dropped with the savepoint's")
	}
	// A released savepoint's messages go out with the parent's.
	c.SubStart()
	c.InvalidateRelation(16401, false)
	c.SubCommit()
	c.AtCommit()
	buf := make([]sinval.Message, 16)
	n, _ := other.Receive(buf)
	if n != 2 {
		t.Fatalf("other backend received %d messages, want the parent's and the released savepoint's: %v", n, buf[:n])
	}
	if c.HasPending() {
		t.Fatal("invalidations left after commit")
	}
}

func TestCacheInvalidationAcrossBackends(t *testing.T) {
	q := newQueue(t)
	r := newFakeReader()
	o1, o2 := &shmem.Owner{Pid: 1}, &shmem.Owner{Pid: 2}
	c1 := NewCache(PostgresDB, q.Attach(o1, 0))
	c2 := NewCache(PostgresDB, q.Attach(o2, 1))
	var smgr []storage.RelFileLocator
	c2.OnSmgrInvalidation("test", func(l storage.RelFileLocator) { smgr = append(smgr, l) })

	r.addTable(16384, "t", "x")
	rel2, _ := c2.RelationByOID(r, 16384)
	if oid, _ := c2.RelationOID(r, PublicNamespace, "gone"); oid != 0 {
		t.Fatal("unexpected table")
	}
	// Backend 1 drops t and creates "gone", then commits.
	loc := rel2.Locator(PostgresDB)
	r.dropTable(16384)
	r.addTable(16390, "gone", "z")
	c1.InvalidateRelation(16384, false)
	c1.InvalidateClassName(PublicNamespace, "t")
	c1.InvalidateSmgr(loc)
	c1.InvalidateClassName(PublicNamespace, "gone")
	c1.AtCommit()
	// Backend 2 reads the messages when it next takes a lock.
	if again, _ := c2.RelationByOID(r, 16384); again != rel2 {
		t.Fatal("messages applied before Accept")
	}
	c2.Accept()
	if again, _ := c2.RelationByOID(r, 16384); again != nil {
		t.Fatal("dropped table still cached")
	}
	if oid, _ := c2.RelationOID(r, PublicNamespace, "gone"); oid != 16390 {
		t.Fatal("negative entry survived the other backend's CREATE")
	}
	if len(smgr) != 1 || smgr[0] != loc {
		t.Fatalf("smgr hook calls: %v", smgr)
	}

	// Overflow: backend 2 falls behind and resets its whole cache.
	c2.RelationOID(r, PublicNamespace, "gone")
	for i := 0; i < 2*sinval.MaxMessages/3; i++ {
		c1.InvalidateRelation(uint32(20000+i), false)
		c1.InvalidateRelation(uint32(20000+i), false)
		c1.AtCommit()
	}
	scans := r.scans["pg_class"]
	c2.Accept()
	if c2.Resets() != 1 {
		t.Fatalf("resets %d, want 1", c2.Resets())
	}
	if oid, _ := c2.RelationOID(r, PublicNamespace, "gone"); oid != 16390 || r.scans["pg_class"] != scans+1 {
		t.Fatal("cache not rebuilt after reset")
	}
}
