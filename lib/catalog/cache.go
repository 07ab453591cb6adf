// The run-time catalog cache of one backend: PostgreSQL's relcache
// (relation descriptors by OID), syscache/catcache (relation, namespace,
// type and role lookups by key, including negative entries) and inval.c
// (the invalidations a transaction queues, applies to itself at each
// command boundary, sends to the other backends at commit and undoes at
// abort). Misses are answered by sequential scans of the catalog heaps
// through a Reader, under the transaction's catalog snapshot; the system
// catalogs' own descriptors come from the static definitions.

package catalog

import (
	"encoding/binary"
	"hash/fnv"
	"sync"

	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/sinval"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Reader reads a catalog for the cache: ScanCatalog calls fn for every
// row of catalog c visible to the current transaction's catalog snapshot
// (its own changes of earlier commands included), in the catalog's
// physical form (Catalog.Desc), until fn returns false.
type Reader interface {
	ScanCatalog(c *Catalog, fn func(row []types.Datum) (bool, error)) error
	// ScanCatalogFrom is ScanCatalog for the rows whose OID (the first
	// column, see TupleOID) is minOID or above; it may pass over the
	// others without decoding them.
	ScanCatalogFrom(c *Catalog, minOID uint32, fn func(row []types.Datum) (bool, error)) error
}

// TupleOID reads the first column of a catalog heap tuple without
// decoding it, when that column is an OID (oid, or pg_aggregate's
// regproc aggfnoid): fixed-width and NOT NULL, it starts at the header's
// t_hoff. It returns 0 for other catalogs.
func TupleOID(c *Catalog, h tuple.Header) uint32 {
	if len(c.Columns) == 0 || len(h) < h.Hoff()+4 {
		return 0
	}
	if col := c.Columns[0]; !col.NotNull || col.Type != types.OidOid && col.Type != types.OidRegproc {
		return 0
	}
	return binary.LittleEndian.Uint32(h[h.Hoff():])
}

// Attribute is a pg_attribute row of a user column (attnum > 0).
type Attribute struct {
	Name      string
	Type      uint32
	TypMod    int32
	Len       int16
	ByVal     bool
	Align     byte
	Storage   byte
	NotNull   bool
	HasDef    bool
	Dropped   bool
	Collation uint32
	NDims     int32
	// Identity is attidentity: 'a' GENERATED ALWAYS, 'd' BY DEFAULT, 0
	// for a column that is not an identity column.
	Identity byte
	// IdentitySequence is the sequence of an identity column (the one
	// with an internal dependency on it).
	IdentitySequence uint32
}

// Relation is a relation cache entry: the pg_class row, the user columns
// and their defaults. Entries are immutable; an invalidated entry is
// replaced by a new one, so holders of the old one (cached plans) can
// tell it changed by comparing pointers.
type Relation struct {
	OID           uint32
	Name          string
	Namespace     uint32
	NamespaceName string
	Type          uint32 // reltype
	Owner         uint32
	AM            uint32
	FileNode      uint32
	Tablespace    uint32 // 0: the database's default
	ToastOID      uint32
	Shared        bool
	Persistence   byte
	Kind          byte
	Attrs         []Attribute // attnum 1..len
	// Defaults holds pg_attrdef.adbin of each column ("" for none).
	Defaults []string
	// Checks are the relation's CHECK constraints (pg_constraint rows of
	// contype 'c'), in name order.
	Checks []Check
	// Desc forms and deforms the relation's tuples.
	Desc *tuple.Desc
}

// Check is a CHECK constraint of a relation.
type Check struct {
	OID       uint32
	Name      string
	Expr      string // conbin: the expression as SQL text
	Validated bool   // convalidated: existing rows were checked
}

// Locator names the relation's files in database db.
func (r *Relation) Locator(db uint32) storage.RelFileLocator {
	if r.Shared {
		return storage.RelFileLocator{Spc: GlobalTablespace, DB: 0, Rel: r.FileNode}
	}
	spc := r.Tablespace
	if spc == 0 {
		spc = DefaultTablespace
	}
	return storage.RelFileLocator{Spc: spc, DB: db, Rel: r.FileNode}
}

// Type is a pg_type cache entry.
type Type struct {
	OID       uint32
	Name      string
	Namespace uint32
	Len       int16
	ByVal     bool
	TypType   byte
	Category  byte
	RelID     uint32
	Elem      uint32
	Array     uint32
	Align     byte
	Storage   byte
	Collation uint32
	Preferred bool   // typispreferred
	NotNull   bool   // typnotnull (domains)
	BaseType  uint32 // typbasetype: a domain's base type, else 0
	TypMod    int32  // typtypmod: a domain's typmod, else -1
}

// PhysicalAttr is the tuple descriptor attribute of a column as stored
// (StoredAsBytes types as bytea).
func PhysicalAttr(a *Attribute) tuple.Attr {
	oid := a.Type
	if StoredAsBytes(oid, a.Len) {
		oid = types.OidBytea
	}
	return tuple.Attr{Name: a.Name, TypeOID: oid, TypMod: a.TypMod, Len: a.Len, ByVal: a.ByVal,
		Align: a.Align, Storage: a.Storage, NotNull: a.NotNull, Dropped: a.Dropped}
}

type nameKey struct {
	nsp  uint32
	name string
}

// Cache is one backend's catalog cache. Its methods may be called from
// several goroutines (a mutex protects it), but lookups are meant to run
// on the backend's one session goroutine.
type Cache struct {
	mu    sync.Mutex
	db    uint32
	inval *sinval.Backend

	rels      map[uint32]*Relation // nil value: known not to exist
	relByName map[nameKey]uint32   // 0: known not to exist
	nspByName map[string]uint32
	nspByOID  map[uint32]string
	types     map[uint32]*Type
	typeNames map[nameKey]uint32
	roles     map[uint32]string
	roleNames map[string]uint32
	// Rows users created in pg_proc, pg_operator, pg_cast and
	// pg_aggregate (syscache.go); nil until read.
	procs *userProcs
	opers *userOperators
	casts map[[2]uint32]*Cast
	aggs  map[uint32]*Aggregate

	// cmd holds the invalidations of the current command, xact those of
	// the current (sub)transaction level's earlier commands, outer those
	// of the enclosing levels, innermost last.
	cmd, xact []sinval.Message
	outer     [][]sinval.Message
	smgrHooks map[string]func(storage.RelFileLocator)
	buf       []sinval.Message
	resets    int
}

// NewCache makes the catalog cache of a backend connected to database
// db. inval is the backend's reader of the shared invalidation queue (nil
// in a process that is alone, as in tests and single-user mode).
func NewCache(db uint32, inval *sinval.Backend) *Cache {
	c := &Cache{db: db, inval: inval, buf: make([]sinval.Message, 64), smgrHooks: map[string]func(storage.RelFileLocator){}}
	c.clear()
	return c
}

func (c *Cache) clear() {
	c.rels = map[uint32]*Relation{}
	c.relByName = map[nameKey]uint32{}
	c.nspByName = map[string]uint32{}
	c.nspByOID = map[uint32]string{}
	c.types = map[uint32]*Type{}
	c.typeNames = map[nameKey]uint32{}
	c.roles = map[uint32]string{}
	c.roleNames = map[string]uint32{}
	c.procs, c.opers, c.casts, c.aggs = nil, nil, nil, nil
}

// Database is the database the cache serves.
func (c *Cache) Database() uint32 { return c.db }

// OnSmgrInvalidation registers f, under name (replacing an earlier hook
// of that name), to be called with the files of a relation another
// backend truncated or dropped (or this one, at its commit), so that
// per-process state about them (the heap's insertion target, open file
// descriptors) can be dropped.
func (c *Cache) OnSmgrInvalidation(name string, f func(storage.RelFileLocator)) {
	c.mu.Lock()
	c.smgrHooks[name] = f
	c.mu.Unlock()
}

// Resets counts how often the whole cache was discarded because the
// invalidation queue overflowed.
func (c *Cache) Resets() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.resets
}

// ---- hashing of lookup keys (the catcache hash values) ----

func hashKey(catalog uint32, parts ...any) uint32 {
	h := fnv.New32a()
	var b [4]byte
	put := func(v uint32) {
		b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
		h.Write(b[:])
	}
	put(catalog)
	for _, p := range parts {
		switch v := p.(type) {
		case uint32:
			put(v)
		case string:
			h.Write([]byte(v))
			h.Write([]byte{0})
		}
	}
	return h.Sum32()
}

func classNameHash(nsp uint32, name string) uint32 { return hashKey(RelationRelationID, nsp, name) }
func typeOIDHash(oid uint32) uint32                { return hashKey(TypeRelationID, oid) }
func typeNameHash(nsp uint32, name string) uint32  { return hashKey(TypeRelationID, nsp, name) }
func nspNameHash(name string) uint32               { return hashKey(NamespaceRelationID, name) }
func nspOIDHash(oid uint32) uint32                 { return hashKey(NamespaceRelationID, oid) }
func roleOIDHash(oid uint32) uint32                { return hashKey(AuthIDRelationID, oid) }
func roleNameHash(name string) uint32              { return hashKey(AuthIDRelationID, name) }

// ---- registering invalidations (inval.c's CacheInvalidate*) ----

func (c *Cache) add(m sinval.Message) {
	c.mu.Lock()
	c.cmd = append(c.cmd, m)
	c.mu.Unlock()
}

// InvalidateRelation queues the invalidation of relation oid's
// descriptor (its pg_class row, columns or defaults changed).
func (c *Cache) InvalidateRelation(oid uint32, shared bool) {
	db := c.db
	if shared {
		db = 0
	}
	c.add(sinval.Message{Kind: sinval.KindRelcache, DB: db, ID: oid})
}

// InvalidateClassName queues the invalidation of the name lookup of a
// relation (a pg_class row with this name was inserted or deleted).
func (c *Cache) InvalidateClassName(nsp uint32, name string) {
	c.add(sinval.Message{Kind: sinval.KindCatcache, DB: c.db, ID: RelationRelationID, Hash: classNameHash(nsp, name)})
}

// InvalidateType queues the invalidation of a pg_type row.
func (c *Cache) InvalidateType(oid, nsp uint32, name string) {
	c.add(sinval.Message{Kind: sinval.KindCatcache, DB: c.db, ID: TypeRelationID, Hash: typeOIDHash(oid)})
	c.add(sinval.Message{Kind: sinval.KindCatcache, DB: c.db, ID: TypeRelationID, Hash: typeNameHash(nsp, name)})
}

// InvalidateNamespace queues the invalidation of a pg_namespace row.
func (c *Cache) InvalidateNamespace(oid uint32, name string) {
	c.add(sinval.Message{Kind: sinval.KindCatcache, DB: c.db, ID: NamespaceRelationID, Hash: nspOIDHash(oid)})
	c.add(sinval.Message{Kind: sinval.KindCatcache, DB: c.db, ID: NamespaceRelationID, Hash: nspNameHash(name)})
}

// InvalidateProc queues the invalidation of a pg_proc row (a function
// was created, replaced or dropped).
func (c *Cache) InvalidateProc(oid uint32) {
	c.add(sinval.Message{Kind: sinval.KindCatcache, DB: c.db, ID: ProcedureRelationID, Hash: hashKey(ProcedureRelationID, oid)})
}

// InvalidateOperator queues the invalidation of a pg_operator row.
func (c *Cache) InvalidateOperator(oid uint32) {
	c.add(sinval.Message{Kind: sinval.KindCatcache, DB: c.db, ID: OperatorRelationID, Hash: hashKey(OperatorRelationID, oid)})
}

// InvalidateCast queues the invalidation of a pg_cast row.
func (c *Cache) InvalidateCast(oid uint32) {
	c.add(sinval.Message{Kind: sinval.KindCatcache, DB: c.db, ID: CastRelationID, Hash: hashKey(CastRelationID, oid)})
}

// InvalidateAggregate queues the invalidation of a pg_aggregate row.
func (c *Cache) InvalidateAggregate(fn uint32) {
	c.add(sinval.Message{Kind: sinval.KindCatcache, DB: c.db, ID: AggregateRelationID, Hash: hashKey(AggregateRelationID, fn)})
}

// InvalidateSmgr queues the message that a relation's files were
// replaced or removed.
func (c *Cache) InvalidateSmgr(loc storage.RelFileLocator) {
	c.add(sinval.Message{Kind: sinval.KindSmgr, DB: loc.DB, ID: loc.Rel, Hash: loc.Spc})
}

// HasPending reports whether the current transaction queued
// invalidations.
func (c *Cache) HasPending() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.cmd) > 0 || len(c.xact) > 0 {
		return true
	}
	for _, l := range c.outer {
		if len(l) > 0 {
			return true
		}
	}
	return false
}

// SubStart opens a subtransaction level (AtSubStart_Inval): its
// invalidations are kept apart until it commits into its parent or
// aborts.
func (c *Cache) SubStart() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.xact = append(c.xact, c.cmd...)
	c.cmd = nil
	c.outer = append(c.outer, c.xact)
	c.xact = nil
}

// SubCommit merges the innermost subtransaction level's invalidations
// into its parent's (AtEOSubXact_Inval(true)).
func (c *Cache) SubCommit() {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.outer)
	if n == 0 {
		return
	}
	parent := c.outer[n-1]
	c.outer = c.outer[:n-1]
	c.xact = append(append(parent, c.xact...), c.cmd...)
	c.cmd = nil
}

// SubAbort applies the innermost subtransaction level's invalidations
// here, since entries loaded meanwhile may reflect its rolled-back
// changes, and discards them (AtEOSubXact_Inval(false)).
func (c *Cache) SubAbort() {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.outer)
	if n == 0 {
		return
	}
	c.applyAll(c.xact)
	c.applyAll(c.cmd)
	c.xact, c.cmd = c.outer[n-1], nil
	c.outer = c.outer[:n-1]
}

// allPending returns every queued invalidation of the transaction and
// forgets them.
func (c *Cache) allPending() []sinval.Message {
	var all []sinval.Message
	for _, l := range c.outer {
		all = append(all, l...)
	}
	all = append(append(all, c.xact...), c.cmd...)
	c.xact, c.cmd, c.outer = nil, nil, nil
	return all
}

// CommandEnd applies the current command's invalidations to this
// backend (CommandEndInvalidationMessages, at CommandCounterIncrement),
// so that the next command reads the catalogs again and sees the change.
func (c *Cache) CommandEnd() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.applyAll(c.cmd)
	c.xact = append(c.xact, c.cmd...)
	c.cmd = nil
}

// AtCommit sends the transaction's invalidations to the other backends
// and applies them here (AtEOXact_Inval(true)). It must run after the
// commit is visible in the proc array and before the transaction's locks
// are released, so that a backend that waited for one of those locks
// finds the messages when it acquires it.
func (c *Cache) AtCommit() {
	c.mu.Lock()
	defer c.mu.Unlock()
	all := c.allPending()
	if len(all) == 0 {
		return
	}
	if c.inval != nil {
		c.inval.Insert(all)
	}
	c.applyAll(all)
}

// AtAbort discards the transaction's invalidations after applying them
// here, since entries loaded during the transaction may reflect its
// rolled-back changes (AtEOXact_Inval(false)).
func (c *Cache) AtAbort() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.applyAll(c.allPending())
}

// Accept reads and applies the invalidations other backends sent
// (AcceptInvalidationMessages): call it at transaction start and after
// taking a relation lock. When the queue overflowed for this backend the
// whole cache is discarded.
func (c *Cache) Accept() {
	if c.inval == nil || !c.inval.HasMessages() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		n, reset := c.inval.Receive(c.buf)
		if reset {
			// Every relation's files and descriptor may have changed;
			// new files always have new relfilenodes, so nothing keyed
			// by the old ones is used again.
			c.resets++
			c.clear()
			continue
		}
		if n == 0 {
			return
		}
		c.applyAll(c.buf[:n])
	}
}

func (c *Cache) applyAll(msgs []sinval.Message) {
	for _, m := range msgs {
		c.apply(m)
	}
}

// apply is LocalExecuteInvalidationMessage.
func (c *Cache) apply(m sinval.Message) {
	if m.DB != 0 && m.DB != c.db && m.Kind != sinval.KindSmgr {
		return
	}
	switch m.Kind {
	case sinval.KindRelcache:
		if m.ID == 0 {
			c.rels = map[uint32]*Relation{}
			c.relByName = map[nameKey]uint32{}
			return
		}
		delete(c.rels, m.ID)
		for k, v := range c.relByName {
			if v == m.ID {
				delete(c.relByName, k)
			}
		}
	case sinval.KindCatcache, sinval.KindCatalog:
		all := m.Kind == sinval.KindCatalog
		switch m.ID {
		case RelationRelationID:
			for k := range c.relByName {
				if all || classNameHash(k.nsp, k.name) == m.Hash {
					delete(c.relByName, k)
				}
			}
		case TypeRelationID:
			for oid := range c.types {
				if all || typeOIDHash(oid) == m.Hash {
					delete(c.types, oid)
				}
			}
			for k := range c.typeNames {
				if all || typeNameHash(k.nsp, k.name) == m.Hash {
					delete(c.typeNames, k)
				}
			}
		case NamespaceRelationID:
			for n := range c.nspByName {
				if all || nspNameHash(n) == m.Hash {
					delete(c.nspByName, n)
				}
			}
			for oid := range c.nspByOID {
				if all || nspOIDHash(oid) == m.Hash {
					delete(c.nspByOID, oid)
				}
			}
			// Relations carry their namespace's name.
			c.rels = map[uint32]*Relation{}
		// The users' rows of these catalogs are cached as a whole: any
		// change reads them again.
		case ProcedureRelationID:
			c.procs = nil
		case OperatorRelationID:
			c.opers = nil
		case CastRelationID:
			c.casts = nil
		case AggregateRelationID:
			c.aggs = nil
		case AuthIDRelationID:
			for oid := range c.roles {
				if all || roleOIDHash(oid) == m.Hash {
					delete(c.roles, oid)
				}
			}
			for n := range c.roleNames {
				if all || roleNameHash(n) == m.Hash {
					delete(c.roleNames, n)
				}
			}
		}
	case sinval.KindSmgr:
		loc := storage.RelFileLocator{Spc: m.Hash, DB: m.DB, Rel: m.ID}
		for _, f := range c.smgrHooks {
			f(loc)
		}
	}
}
