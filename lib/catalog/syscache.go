// The lookups of functions, operators, casts, aggregates and types
// (PostgreSQL's syscache over pg_proc, pg_operator, pg_cast, pg_aggregate
// and pg_type). Built-in rows (OID below FirstNormalOID) are the rows
// gpinitdb wrote: found through sort orders generated with them and
// decoded from the compiled-in bootstrap data, once per process, the
// first time each is asked for. Rows users create are read from the
// database's catalog heaps through the backend's Cache and dropped from
// it on invalidation.

package catalog

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gpostgres/gpostgres/lib/types"
)

// Languages of pg_proc.prolang (pg_language OIDs).
const (
	LangInternal uint32 = 12
	LangC        uint32 = 13
	LangSQL      uint32 = 14
)

// OIDs of the catalogs whose rows the syscache serves, besides pg_type
// and pg_proc.
const (
	OperatorRelationID  uint32 = 2617
	CastRelationID      uint32 = 2605
	AggregateRelationID uint32 = 2600
)

// Proc is a pg_proc row, with the columns resolution and execution use.
type Proc struct {
	OID          uint32
	Name         string
	Namespace    uint32
	Owner        uint32
	Lang         uint32
	Kind         byte // prokind: 'f' function, 'a' aggregate, 'w' window, 'p' procedure
	Strict       bool
	RetSet       bool
	Volatile     byte // 'i', 's', 'v'
	NArgDefaults int
	RetType      uint32
	ArgTypes     []uint32 // proargtypes: the input arguments
	Variadic     uint32   // provariadic: element type of a VARIADIC argument, 0 if none
	AllArgTypes  []uint32 // proallargtypes: nil unless there are OUT arguments
	ArgModes     []byte   // proargmodes: nil when all arguments are IN
	ArgNames     []string // proargnames: nil when none has a name
	ArgDefaults  string   // proargdefaults: a pg_node_tree list, "" if none
	Src          string   // prosrc
	SQLBody      string   // prosqlbody, "" if none
	// Config is proconfig: the "name=value" settings of the routine's
	// SET clauses, which its calls run under; nil if none.
	Config []string
	// Cost and Rows are procost and prorows, Parallel is proparallel
	// ('s' safe, 'r' restricted, 'u' unsafe), Leakproof proleakproof:
	// what CREATE FUNCTION declared, printed back by pg_get_functiondef.
	Cost, Rows float64
	Parallel   byte
	Leakproof  bool
	// Support is prosupport (0 if none), Bin probin (a C function's
	// library), printed by pg_get_functiondef.
	Support uint32
	Bin     string
}

// Operator is a pg_operator row.
type Operator struct {
	OID         uint32
	Name        string
	Namespace   uint32
	Kind        byte // 'b' infix, 'l' prefix
	Left, Right uint32
	Result      uint32
	Com, Negate uint32
	Code        uint32 // the pg_proc OID of the implementation
	// CanMerge and CanHash are oprcanmerge and oprcanhash: the operator
	// is an equality a merge join or a hash join can use.
	CanMerge, CanHash bool
}

// Cast is a pg_cast row.
type Cast struct {
	OID            uint32
	Source, Target uint32
	Func           uint32 // 0 for binary-coercible and I/O casts
	Context        byte   // 'i' implicit, 'a' assignment, 'e' explicit
	Method         byte   // 'f' function, 'b' binary-coercible, 'i' I/O
}

// Aggregate is a pg_aggregate row.
type Aggregate struct {
	FnOID         uint32
	Kind          byte // 'n' normal, 'o' ordered-set, 'h' hypothetical-set
	NumDirectArgs int
	TransFn       uint32
	FinalFn       uint32
	CombineFn     uint32
	TransType     uint32
	InitVal       string
	InitValNull   bool
}

// fields reads the columns of one catalog row by attribute number: the
// bootstrap data's text or a deformed heap tuple.
type fields interface {
	null(att int) bool
	oid(att int) uint32
	str(att int) string
	char(att int) byte
	boolean(att int) bool
	int(att int) int
	float4(att int) float64
	oidVector(att int) []uint32
	oidArray(att int) []uint32
	textArray(att int) []string
	charArray(att int) []byte
}

// textFields are bki text values.
type textFields []string

func (f textFields) null(att int) bool { return f[att-1] == NullValue }
func (f textFields) oid(att int) uint32 {
	s := f[att-1]
	if s == "-" || s == NullValue {
		return 0
	}
	n, _ := strconv.ParseUint(s, 10, 32)
	return uint32(n)
}
func (f textFields) str(att int) string {
	if f.null(att) {
		return ""
	}
	return f[att-1]
}
func (f textFields) char(att int) byte {
	if s := f[att-1]; s != "" && s != NullValue {
		return s[0]
	}
	return 0
}
func (f textFields) boolean(att int) bool { return f[att-1] == "t" }
func (f textFields) float4(att int) float64 {
	v, _ := strconv.ParseFloat(f[att-1], 64)
	return v
}
func (f textFields) int(att int) int {
	n, _ := strconv.Atoi(f[att-1])
	return n
}
func (f textFields) oidVector(att int) []uint32 {
	s := f[att-1]
	if s == "" {
		return []uint32{}
	}
	out := make([]uint32, 0, strings.Count(s, " ")+1)
	var n uint32
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			out = append(out, n)
			n = 0
			continue
		}
		n = n*10 + uint32(s[i]-'0')
	}
	return out
}
func (f textFields) oidArray(att int) []uint32 {
	elems := f.textArray(att)
	if elems == nil {
		return nil
	}
	out := make([]uint32, len(elems))
	for i, e := range elems {
		n, _ := strconv.ParseUint(e, 10, 32)
		out[i] = uint32(n)
	}
	return out
}

// textArray reads a one-dimensional array literal of the bki data
// ({a,b}, elements possibly double-quoted).
func (f textFields) textArray(att int) []string {
	s := f[att-1]
	if s == NullValue || len(s) < 2 || s[0] != '{' {
		return nil
	}
	s = s[1 : len(s)-1]
	out := []string{}
	for len(s) > 0 {
		if s[0] == '"' {
			var e strings.Builder
			i := 1
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				e.WriteByte(s[i])
			}
			out = append(out, e.String())
			s = s[min(i+1, len(s)):]
		} else {
			i := strings.IndexByte(s, ',')
			if i < 0 {
				i = len(s)
			}
			out = append(out, strings.TrimSpace(s[:i]))
			s = s[i:]
		}
		s = strings.TrimPrefix(s, ",")
	}
	return out
}

func (f textFields) charArray(att int) []byte {
	elems := f.textArray(att)
	if elems == nil {
		return nil
	}
	out := make([]byte, len(elems))
	for i, e := range elems {
		if e != "" {
			out[i] = e[0]
		}
	}
	return out
}

// datumFields are a deformed heap tuple in the catalog's physical form
// (Catalog.Desc).
type datumFields []types.Datum

func (f datumFields) null(att int) bool      { return f[att-1].IsNull() }
func (f datumFields) oid(att int) uint32     { return u32(f[att-1]) }
func (f datumFields) char(att int) byte      { return byte(f[att-1].Int()) }
func (f datumFields) boolean(att int) bool   { return f[att-1].Bool() }
func (f datumFields) int(att int) int        { return int(f[att-1].Int()) }
func (f datumFields) float4(att int) float64 { return float64(f[att-1].Float4()) }
func (f datumFields) str(att int) string {
	if f.null(att) {
		return ""
	}
	return f[att-1].Text()
}
func (f datumFields) oidVector(att int) []uint32 {
	if f.null(att) {
		return nil
	}
	oids, _ := DecodeOidVector([]byte(f[att-1].Text()))
	return oids
}
func (f datumFields) oidArray(att int) []uint32 {
	if f.null(att) {
		return nil
	}
	elems := f[att-1].Array().Elems
	out := make([]uint32, len(elems))
	for i, e := range elems {
		out[i] = u32(e)
	}
	return out
}
func (f datumFields) textArray(att int) []string {
	if f.null(att) {
		return nil
	}
	elems := f[att-1].Array().Elems
	out := make([]string, len(elems))
	for i, e := range elems {
		if !e.IsNull() {
			out[i] = e.Text()
		}
	}
	return out
}

func (f datumFields) charArray(att int) []byte {
	if f.null(att) {
		return nil
	}
	elems := f[att-1].Array().Elems
	out := make([]byte, len(elems))
	for i, e := range elems {
		out[i] = byte(e.Int())
	}
	return out
}

func procFrom(p *Proc, f fields) {
	*p = Proc{OID: f.oid(AnumPgProcOid), Name: f.str(AnumPgProcProname), Namespace: f.oid(AnumPgProcPronamespace),
		Owner: f.oid(AnumPgProcProowner), Lang: f.oid(AnumPgProcProlang), Kind: f.char(AnumPgProcProkind),
		Strict: f.boolean(AnumPgProcProisstrict), RetSet: f.boolean(AnumPgProcProretset),
		Volatile: f.char(AnumPgProcProvolatile), NArgDefaults: f.int(AnumPgProcPronargdefaults),
		RetType: f.oid(AnumPgProcProrettype), ArgTypes: f.oidVector(AnumPgProcProargtypes),
		Variadic: f.oid(AnumPgProcProvariadic), AllArgTypes: f.oidArray(AnumPgProcProallargtypes),
		ArgNames: f.textArray(AnumPgProcProargnames), ArgDefaults: f.str(AnumPgProcProargdefaults),
		ArgModes: f.charArray(AnumPgProcProargmodes), Src: f.str(AnumPgProcProsrc), SQLBody: f.str(AnumPgProcProsqlbody),
		Config: f.textArray(AnumPgProcProconfig), Cost: f.float4(AnumPgProcProcost), Rows: f.float4(AnumPgProcProrows),
		Parallel: f.char(AnumPgProcProparallel), Leakproof: f.boolean(AnumPgProcProleakproof),
		Support: f.oid(AnumPgProcProsupport), Bin: f.str(AnumPgProcProbin)}
}

func operatorFrom(f fields) *Operator {
	return &Operator{OID: f.oid(AnumPgOperatorOid), Name: f.str(AnumPgOperatorOprname),
		Namespace: f.oid(AnumPgOperatorOprnamespace), Kind: f.char(AnumPgOperatorOprkind),
		Left: f.oid(AnumPgOperatorOprleft), Right: f.oid(AnumPgOperatorOprright), Result: f.oid(AnumPgOperatorOprresult),
		Com: f.oid(AnumPgOperatorOprcom), Negate: f.oid(AnumPgOperatorOprnegate), Code: f.oid(AnumPgOperatorOprcode),
		CanMerge: f.boolean(AnumPgOperatorOprcanmerge), CanHash: f.boolean(AnumPgOperatorOprcanhash)}
}

func castFrom(f fields) *Cast {
	return &Cast{OID: f.oid(AnumPgCastOid), Source: f.oid(AnumPgCastCastsource), Target: f.oid(AnumPgCastCasttarget),
		Func: f.oid(AnumPgCastCastfunc), Context: f.char(AnumPgCastCastcontext), Method: f.char(AnumPgCastCastmethod)}
}

func aggregateFrom(f fields) *Aggregate {
	return &Aggregate{FnOID: f.oid(AnumPgAggregateAggfnoid), Kind: f.char(AnumPgAggregateAggkind),
		NumDirectArgs: f.int(AnumPgAggregateAggnumdirectargs), TransFn: f.oid(AnumPgAggregateAggtransfn),
		FinalFn: f.oid(AnumPgAggregateAggfinalfn), CombineFn: f.oid(AnumPgAggregateAggcombinefn),
		TransType: f.oid(AnumPgAggregateAggtranstype), InitVal: f.str(AnumPgAggregateAgginitval),
		InitValNull: f.null(AnumPgAggregateAgginitval)}
}

func typeFrom(f fields) *Type {
	return &Type{OID: f.oid(AnumPgTypeOid), Name: f.str(AnumPgTypeTypname), Namespace: f.oid(AnumPgTypeTypnamespace),
		Len: int16(f.int(AnumPgTypeTyplen)), ByVal: f.boolean(AnumPgTypeTypbyval), TypType: f.char(AnumPgTypeTyptype),
		Category: f.char(AnumPgTypeTypcategory), Preferred: f.boolean(AnumPgTypeTypispreferred),
		RelID: f.oid(AnumPgTypeTyprelid), Elem: f.oid(AnumPgTypeTypelem), Array: f.oid(AnumPgTypeTyparray),
		Align: f.char(AnumPgTypeTypalign), Storage: f.char(AnumPgTypeTypstorage), NotNull: f.boolean(AnumPgTypeTypnotnull),
		BaseType: f.oid(AnumPgTypeTypbasetype), TypMod: int32(f.int(AnumPgTypeTyptypmod)),
		Collation: f.oid(AnumPgTypeTypcollation), Shell: !f.boolean(AnumPgTypeTypisdefined)}
}

// Built-in rows are found through the sort orders gen_catalog.go
// writes (bootProcByOID, bootProcByName, ...: positions in bkiRows) and
// decoded the first time they are asked for. The decoded rows are kept in
// these tables, one slot per row, each written once with the immutable
// result of decoding a constant row: a process pays only for the rows it
// uses, and nothing at start-up.
type (
	bootOID struct {
		oid uint32
		row uint16
	}
	bootCast struct {
		source, target uint32
		row            uint16
	}
)

// Numbers of built-in rows, for tables indexed by row position.
const (
	NumBuiltinProcs     = len(bootProcByOID)
	NumBuiltinOperators = len(bootOperatorByOID)
	NumBuiltinCasts     = len(bootCastByTypes)
)

var (
	procMemo [NumBuiltinProcs]atomic.Pointer[Proc]
	operMemo [NumBuiltinOperators]atomic.Pointer[Operator]
	castMemo [NumBuiltinCasts]atomic.Pointer[Cast]
	aggMemo  [len(bootAggregateByFn)]atomic.Pointer[Aggregate]
	typeMemo [len(bootTypeByOID)]atomic.Pointer[Type]
)

// memo returns the value in slot, decoding it first if it is empty.
func memo[T any](slot *atomic.Pointer[T], decode func() *T) *T {
	if v := slot.Load(); v != nil {
		return v
	}
	slot.CompareAndSwap(nil, decode())
	return slot.Load()
}

// searchOID returns the row position of oid in keys, or -1.
func searchOID(keys []bootOID, oid uint32) int {
	i := sort.Search(len(keys), func(i int) bool { return keys[i].oid >= oid })
	if i < len(keys) && keys[i].oid == oid {
		return int(keys[i].row)
	}
	return -1
}

// searchName returns the range of order (positions of rows of catalog
// idx sorted by the name in column att) whose rows are called name.
func searchName(order []uint16, idx, att int, name string) (lo, hi int) {
	rows := bkiRows[idx]
	lo = sort.Search(len(order), func(i int) bool { return rows[order[i]][att-1] >= name })
	hi = lo
	for hi < len(order) && rows[order[hi]][att-1] == name {
		hi++
	}
	return lo, hi
}

// BuiltinProcAt returns the built-in pg_proc row at position row (0 to
// NumBuiltinProcs-1). Rows are shared: do not modify them.
func BuiltinProcAt(row int) *Proc {
	return memo(&procMemo[row], func() *Proc {
		p := new(Proc)
		procFrom(p, textFields(bkiRows[idxPgProc][row]))
		return p
	})
}

// BuiltinProcRow returns the position of the built-in pg_proc row oid,
// or -1.
func BuiltinProcRow(oid uint32) int { return searchOID(bootProcByOID[:], oid) }

// BuiltinProcsNamed returns the positions of the built-in pg_proc rows
// called name, in OID order, and key, a number that identifies name
// among the built-in functions' names (0 to NumBuiltinProcs-1), for
// tables kept per name. The slice is shared: do not modify it.
func BuiltinProcsNamed(name string) (key int, rows []uint16) {
	lo, hi := searchName(bootProcByName[:], idxPgProc, AnumPgProcProname, name)
	return lo, bootProcByName[lo:hi:hi]
}

// BuiltinOperatorAt returns the built-in pg_operator row at position row.
func BuiltinOperatorAt(row int) *Operator {
	return memo(&operMemo[row], func() *Operator { return operatorFrom(textFields(bkiRows[idxPgOperator][row])) })
}

// BuiltinOperatorRow returns the position of the built-in pg_operator
// row oid, or -1.
func BuiltinOperatorRow(oid uint32) int { return searchOID(bootOperatorByOID[:], oid) }

// BuiltinOperatorsNamed is BuiltinProcsNamed for operators.
func BuiltinOperatorsNamed(name string) (key int, rows []uint16) {
	lo, hi := searchName(bootOperatorByName[:], idxPgOperator, AnumPgOperatorOprname, name)
	return lo, bootOperatorByName[lo:hi:hi]
}

// BuiltinCastRow returns the position of the built-in pg_cast row from
// source to target (0 to NumBuiltinCasts-1), or -1.
func BuiltinCastRow(source, target uint32) int {
	k := bootCastByTypes[:]
	i := sort.Search(len(k), func(i int) bool {
		return k[i].source > source || k[i].source == source && k[i].target >= target
	})
	if i < len(k) && k[i].source == source && k[i].target == target {
		return int(k[i].row)
	}
	return -1
}

// BuiltinCastAt returns the built-in pg_cast row at position row.
func BuiltinCastAt(row int) *Cast {
	return memo(&castMemo[row], func() *Cast { return castFrom(textFields(bkiRows[idxPgCast][row])) })
}

func builtinAggregate(fn uint32) *Aggregate {
	row := searchOID(bootAggregateByFn[:], fn)
	if row < 0 {
		return nil
	}
	return memo(&aggMemo[row], func() *Aggregate { return aggregateFrom(textFields(bkiRows[idxPgAggregate][row])) })
}

func typeAt(row int) *Type {
	return memo(&typeMemo[row], func() *Type {
		t := typeFrom(textFields(bkiRows[idxPgType][row]))
		// information_schema's domains and their arrays are built-in
		// rows lib/types does not know: it dispatches them as it does
		// users' domains and arrays of them.
		if types.ByOID(t.OID) == nil {
			if t.TypType == 'd' {
				types.NoteDomain(t.OID, t.BaseType)
			} else if t.Elem != 0 && t.Len == -1 {
				types.NoteUserArrayType(t.OID, t.Elem)
			}
		}
		return t
	})
}

// derivedTypes are the row and array types heap_create_with_catalog gives
// the catalogs that are not bootstrap catalogs (derive.go), by OID and by
// name.
var derivedTypes = sync.OnceValues(func() (map[uint32]*Type, map[string]*Type) {
	byOID, byName := map[uint32]*Type{}, map[string]*Type{}
	for i := range catalogs {
		if catalogs[i].Bootstrap {
			continue
		}
		for _, r := range typeRows(&catalogs[i]) {
			t := typeFrom(textFields(r))
			byOID[t.OID], byName[t.Name] = t, t
		}
	}
	return byOID, byName
})

// BuiltinType returns the pg_type row of a built-in type, or nil.
func BuiltinType(oid uint32) *Type {
	if row := searchOID(bootTypeByOID[:], oid); row >= 0 {
		return typeAt(row)
	}
	byOID, _ := derivedTypes()
	return byOID[oid]
}

// IsBuiltinDomain reports whether oid is one of the domains initdb
// creates (information_schema's), the only built-in domains.
func IsBuiltinDomain(oid uint32) bool {
	t := BuiltinType(oid)
	return t != nil && t.TypType == 'd'
}

// builtinTypeNamed returns the built-in type of pg_catalog called name,
// or nil (information_schema's domains are built-in rows of another
// schema).
func builtinTypeNamed(name string) *Type {
	if lo, hi := searchName(bootTypeByName[:], idxPgType, AnumPgTypeTypname, name); lo < hi {
		if t := typeAt(int(bootTypeByName[lo])); t.Namespace == PgCatalogNamespace {
			return t
		}
		return nil
	}
	if !strings.HasPrefix(name, "pg_") && !strings.HasPrefix(name, "_pg_") {
		return nil
	}
	_, byName := derivedTypes()
	return byName[name]
}

// userProcs and userOperators are the rows of pg_proc and pg_operator
// that users created (OID FirstNormalOID and above), read with one scan
// of the catalog on first use and dropped when the catalog's rows change.
type userProcs struct {
	byName map[string][]*Proc
	byOID  map[uint32]*Proc
}

type userOperators struct {
	byName map[string][]*Operator
	byOID  map[uint32]*Operator
}

// Syscache answers lookups of functions, operators, casts, aggregates
// and types for one statement: built-in rows from the bootstrap index,
// users' rows through the backend's cache and the statement's catalog
// Reader. The zero Syscache (no storage, as in expression tests) sees
// only the built-in rows.
type Syscache struct {
	c *Cache
	r Reader
}

// Syscache returns the lookups through c that read catalogs with r.
func (c *Cache) Syscache(r Reader) Syscache { return Syscache{c: c, r: r} }

// scanUser calls fn for each row of cat with an OID of FirstNormalOID or
// above, in heap order.
func (s Syscache) scanUser(cat *Catalog, oidAtt int, fn func(row []types.Datum)) error {
	scan := s.r.ScanCatalogFrom
	if oidAtt != 1 {
		scan = func(c *Catalog, _ uint32, fn func([]types.Datum) (bool, error)) error { return s.r.ScanCatalog(c, fn) }
	}
	return scan(cat, FirstNormalOID, func(row []types.Datum) (bool, error) {
		if u32(row[oidAtt-1]) >= FirstNormalOID {
			fn(row)
		}
		return true, nil
	})
}

func (s Syscache) userProcs() (*userProcs, error) {
	c := s.c
	c.mu.Lock()
	u := c.procs
	c.mu.Unlock()
	if u != nil {
		return u, nil
	}
	u = &userProcs{byName: map[string][]*Proc{}, byOID: map[uint32]*Proc{}}
	err := s.scanUser(&catalogs[idxPgProc], AnumPgProcOid, func(row []types.Datum) {
		p := new(Proc)
		procFrom(p, datumFields(row))
		u.byName[p.Name] = append(u.byName[p.Name], p)
		u.byOID[p.OID] = p
	})
	if err != nil {
		return nil, err
	}
	for _, ps := range u.byName {
		sort.Slice(ps, func(i, j int) bool { return ps[i].OID < ps[j].OID })
	}
	c.mu.Lock()
	c.procs = u
	c.mu.Unlock()
	return u, nil
}

func (s Syscache) userOperators() (*userOperators, error) {
	c := s.c
	c.mu.Lock()
	u := c.opers
	c.mu.Unlock()
	if u != nil {
		return u, nil
	}
	u = &userOperators{byName: map[string][]*Operator{}, byOID: map[uint32]*Operator{}}
	err := s.scanUser(&catalogs[idxPgOperator], AnumPgOperatorOid, func(row []types.Datum) {
		o := operatorFrom(datumFields(row))
		u.byName[o.Name] = append(u.byName[o.Name], o)
		u.byOID[o.OID] = o
	})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.opers = u
	c.mu.Unlock()
	return u, nil
}

func (s Syscache) userCasts() (map[[2]uint32]*Cast, error) {
	c := s.c
	c.mu.Lock()
	u := c.casts
	c.mu.Unlock()
	if u != nil {
		return u, nil
	}
	u = map[[2]uint32]*Cast{}
	err := s.scanUser(&catalogs[idxPgCast], AnumPgCastOid, func(row []types.Datum) {
		k := castFrom(datumFields(row))
		u[[2]uint32{k.Source, k.Target}] = k
	})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.casts = u
	c.mu.Unlock()
	return u, nil
}

func (s Syscache) userAggregates() (map[uint32]*Aggregate, error) {
	c := s.c
	c.mu.Lock()
	u := c.aggs
	c.mu.Unlock()
	if u != nil {
		return u, nil
	}
	u = map[uint32]*Aggregate{}
	err := s.scanUser(&catalogs[idxPgAggregate], AnumPgAggregateAggfnoid, func(row []types.Datum) {
		a := aggregateFrom(datumFields(row))
		u[a.FnOID] = a
	})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.aggs = u
	c.mu.Unlock()
	return u, nil
}

// ProcsVersion identifies one reading of the users' pg_proc rows: it
// changes whenever they are read again after an invalidation. Cached
// plans that call functions users created compare it.
type ProcsVersion struct{ p *userProcs }

// IsZero reports whether v is the zero ProcsVersion (no reading).
func (v ProcsVersion) IsZero() bool { return v.p == nil }

// ProcsVersion returns the current reading of the users' pg_proc rows.
func (s Syscache) ProcsVersion() (ProcsVersion, error) {
	if s.c == nil {
		return ProcsVersion{}, nil
	}
	u, err := s.userProcs()
	return ProcsVersion{u}, err
}

// Procs returns the functions (of every kind) called name, in every
// schema: the built-in ones first, each group in OID order.
func (s Syscache) Procs(name string) ([]*Proc, error) {
	_, rows := BuiltinProcsNamed(name)
	out := make([]*Proc, 0, len(rows))
	for _, r := range rows {
		out = append(out, BuiltinProcAt(int(r)))
	}
	user, err := s.UserProcs(name)
	return append(out, user...), err
}

// UserProcs returns the functions called name that users created, in
// OID order. The result must not be modified.
func (s Syscache) UserProcs(name string) ([]*Proc, error) {
	if s.c == nil {
		return nil, nil
	}
	u, err := s.userProcs()
	if err != nil {
		return nil, err
	}
	return u.byName[name], nil
}

// ProcByOID returns the pg_proc row oid, or nil.
func (s Syscache) ProcByOID(oid uint32) (*Proc, error) {
	if oid < FirstNormalOID || s.c == nil {
		if row := BuiltinProcRow(oid); row >= 0 {
			return BuiltinProcAt(row), nil
		}
		return nil, nil
	}
	u, err := s.userProcs()
	if err != nil {
		return nil, err
	}
	return u.byOID[oid], nil
}

// Operators returns the operators called name, built-in ones first, each
// group in OID order.
func (s Syscache) Operators(name string) ([]*Operator, error) {
	_, rows := BuiltinOperatorsNamed(name)
	out := make([]*Operator, 0, len(rows))
	for _, r := range rows {
		out = append(out, BuiltinOperatorAt(int(r)))
	}
	user, err := s.UserOperators(name)
	return append(out, user...), err
}

// UserOperators returns the operators called name that users created,
// in OID order. The result must not be modified.
func (s Syscache) UserOperators(name string) ([]*Operator, error) {
	if s.c == nil {
		return nil, nil
	}
	u, err := s.userOperators()
	if err != nil {
		return nil, err
	}
	return u.byName[name], nil
}

// OperatorByOID returns the pg_operator row oid, or nil.
func (s Syscache) OperatorByOID(oid uint32) (*Operator, error) {
	if oid < FirstNormalOID || s.c == nil {
		if row := BuiltinOperatorRow(oid); row >= 0 {
			return BuiltinOperatorAt(row), nil
		}
		return nil, nil
	}
	u, err := s.userOperators()
	if err != nil {
		return nil, err
	}
	return u.byOID[oid], nil
}

// Cast returns the pg_cast row from source to target, or nil.
func (s Syscache) Cast(source, target uint32) (*Cast, error) {
	if row := BuiltinCastRow(source, target); row >= 0 {
		return BuiltinCastAt(row), nil
	}
	return s.UserCast(source, target)
}

// UserCast returns the pg_cast row from source to target that a user
// created, or nil.
func (s Syscache) UserCast(source, target uint32) (*Cast, error) {
	if s.c == nil {
		return nil, nil
	}
	u, err := s.userCasts()
	if err != nil {
		return nil, err
	}
	return u[[2]uint32{source, target}], nil
}

// Aggregate returns the pg_aggregate row of the aggregate function fn,
// or nil.
func (s Syscache) Aggregate(fn uint32) (*Aggregate, error) {
	if fn < FirstNormalOID || s.c == nil {
		return builtinAggregate(fn), nil
	}
	u, err := s.userAggregates()
	if err != nil {
		return nil, err
	}
	return u[fn], nil
}

// TypeByOID returns the pg_type row oid, or nil.
func (s Syscache) TypeByOID(oid uint32) (*Type, error) {
	if oid < FirstNormalOID || s.c == nil {
		return BuiltinType(oid), nil
	}
	return s.c.TypeByOID(s.r, oid)
}

// TypeByName returns the type called name in schema nsp, or nil.
func (s Syscache) TypeByName(nsp uint32, name string) (*Type, error) {
	if nsp == PgCatalogNamespace {
		if t := builtinTypeNamed(name); t != nil {
			return t, nil
		}
	}
	if s.c == nil {
		return nil, nil
	}
	oid, err := s.c.TypeOID(s.r, nsp, name)
	if err != nil || oid == 0 {
		return nil, err
	}
	return s.TypeByOID(oid)
}

// RowDesc returns the fields of composite type typ (a table's, view's or
// composite type's row type), without its dropped columns, or nil when
// typ is not a composite type.
func (s Syscache) RowDesc(typ uint32) (*types.RowDesc, error) {
	t, err := s.TypeByOID(typ)
	if err != nil || t == nil || t.RelID == 0 || s.c == nil {
		return nil, err
	}
	rel, err := s.c.RelationByOID(s.r, t.RelID)
	if err != nil || rel == nil {
		return nil, err
	}
	d := &types.RowDesc{}
	for _, a := range rel.Attrs {
		if a.Dropped {
			continue
		}
		d.Names = append(d.Names, a.Name)
		d.Types = append(d.Types, a.Type)
		d.Mods = append(d.Mods, a.TypMod)
	}
	return d, nil
}
