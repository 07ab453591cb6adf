// param.go defines the vocabulary of the parameter table: types, contexts,
// sources, units and flags, with the exact names PostgreSQL displays for
// them, and the lookup of a parameter by name.

package config

import "github.com/gpostgres/gpostgres/lib/types"

// VarType is a parameter's data type (guc.h's config_type).
type VarType uint8

const (
	TypeBool VarType = iota
	TypeInt
	TypeReal
	TypeString
	TypeEnum
)

// String returns the name pg_settings.vartype shows.
func (t VarType) String() string {
	return [...]string{"bool", "integer", "real", "string", "enum"}[t]
}

// Context says when a parameter may be changed (GucContext). The same type
// names who is asking for a change: the order matters, a lower context is
// more privileged, as in PostgreSQL.
type Context uint8

const (
	ContextInternal         Context = iota // fixed at build or start-up; nobody may set it
	ContextPostmaster                      // only at server start (file, command line)
	ContextSighup                          // at start or by reloading the configuration file
	ContextSuperuserBackend                // at connection start by a superuser (or the file)
	ContextBackend                         // at connection start (or the file)
	ContextSuperuser                       // at any time by a superuser (SET)
	ContextUser                            // at any time by anyone (SET)
)

// String returns the name pg_settings.context shows.
func (c Context) String() string {
	return [...]string{"internal", "postmaster", "sighup", "superuser-backend",
		"backend", "superuser", "user"}[c]
}

// Source says where the current value came from (GucSource). A value from
// a higher source is never replaced by one from a lower source.
type Source uint8

const (
	SourceDefault        Source = iota // boot value
	SourceDynamicDefault               // computed at start-up (e.g. server_encoding)
	SourceEnvironment                  // PGPORT, PGDATESTYLE, PGCLIENTENCODING
	SourceFile                         // postgresql.conf and its includes
	SourceCommandLine                  // postmaster command line (-c, -p, ...)
	SourceGlobal                       // ALTER SYSTEM-like global catalog settings
	SourceDatabase                     // ALTER DATABASE ... SET
	SourceUser                         // ALTER ROLE ... SET
	SourceDatabaseUser                 // ALTER ROLE ... IN DATABASE ... SET
	SourceClient                       // start-up packet
	SourceOverride                     // forced by the server itself
	SourceInteractive                  // marks the boundary of interactive sources
	SourceTest                         // validity test only (ALTER ... SET)
	SourceSession                      // SET in this session
)

// String returns the name pg_settings.source shows.
func (s Source) String() string {
	return [...]string{"default", "default", "environment variable", "configuration file",
		"command line", "global", "database", "user", "database user", "client",
		"override", "interactive", "test", "session"}[s]
}

// Unit is the unit in which an integer or real parameter is stored (its
// base unit). Values given with another unit of the same kind are converted.
type Unit uint8

const (
	UnitNone   Unit = iota
	UnitBytes       // B
	UnitKB          // kB
	UnitMB          // MB
	UnitBlocks      // 8kB: BLCKSZ (and XLOG_BLCKSZ, the same size here)
	UnitMS          // ms
	UnitS           // s
	UnitMin         // min
)

// String returns the name pg_settings.unit shows ("" for none).
func (u Unit) String() string {
	return [...]string{"", "B", "kB", "MB", "8kB", "ms", "s", "min"}[u]
}

// IsMemory reports whether u measures memory.
func (u Unit) IsMemory() bool { return u >= UnitBytes && u <= UnitBlocks }

// IsTime reports whether u measures time.
func (u Unit) IsTime() bool { return u >= UnitMS }

// Flags are guc.h's GUC_* flag bits that matter outside guc.c.
type Flags uint32

const (
	FlagReport             Flags = 1 << iota // sent to the client in ParameterStatus
	FlagNoShowAll                            // hidden from SHOW ALL and pg_settings
	FlagNoResetAll                           // RESET ALL leaves it alone
	FlagNotInSample                          // not in postgresql.conf.sample
	FlagDisallowInFile                       // may not be written by ALTER SYSTEM
	FlagDisallowInAutoFile                   // may not appear in postgresql.auto.conf
	FlagSuperuserOnly                        // only pg_read_all_settings may see it
	FlagExplain                              // EXPLAIN (SETTINGS) shows it
	FlagRuntimeComputed                      // computed by the server at start-up
	FlagListInput                            // SET accepts a list of values
	FlagListQuote                            // list elements are quoted identifiers
	FlagIsName                               // truncated to NAMEDATALEN-1 bytes
	FlagNotWhileSecRest                      // not settable in a security-restricted operation
	FlagCustomPlaceholder                    // a placeholder for an unknown dotted name
)

// EnumAlias is an input an enum parameter accepts that is shown as another
// value: a hidden spelling ("true" for "on") or a synonym ("on" for "pglz").
type EnumAlias struct {
	Input string
	Shown string
}

// Param describes one parameter. The table of them is immutable.
type Param struct {
	Name        string // PostgreSQL's spelling, e.g. "DateStyle"
	Type        VarType
	Context     Context
	Category    string
	ShortDesc   string
	ExtraDesc   string // "" means none (NULL in pg_settings)
	Unit        Unit
	Min, Max    float64 // integer and real parameters only
	Boot        string  // boot value in its canonical text form, in Unit
	BootNull    bool    // string parameters whose boot value is NULL
	EnumVals    []string
	EnumAliases []EnumAlias
	Flags       Flags
}

// Has reports whether p has all of the flags f.
func (p *Param) Has(f Flags) bool { return p.Flags&f == f }

// NAMEDATALEN-1, the longest identifier PostgreSQL keeps.
const maxIdentifierLength = 63

// Lookup returns the definition of a built-in parameter, by name in any
// case, also accepting the obsolete names guc.c still maps (sort_mem,
// vacuum_mem). It does not know placeholders; see Settings.Lookup.
func Lookup(name string) (*Param, bool) {
	if i, ok := tableIndex(name); ok {
		return &paramTable[i], true
	}
	return nil, false
}

// Params returns every built-in parameter, sorted as PostgreSQL sorts them.
func Params() []*Param {
	out := make([]*Param, len(paramTable))
	for i := range paramTable {
		out[i] = &paramTable[i]
	}
	return out
}

// oldNames is guc.c's map_old_guc_names.
var oldNames = map[string]string{
	"sort_mem":   "work_mem",
	"vacuum_mem": "maintenance_work_mem",
}

// exactIndex maps each built-in parameter's name, as the table spells it,
// to its index: the server's own lookups use those spellings, and this
// spares them the case-folding binary search. Built once, never changed.
var exactIndex = func() map[string]int {
	m := make(map[string]int, len(paramTable))
	for i := range paramTable {
		m[paramTable[i].Name] = i
	}
	return m
}()

// tableIndex finds a built-in parameter: by its exact name, else by
// binary search over the sorted table with case folding, as find_option
// does.
func tableIndex(name string) (int, bool) {
	if i, ok := exactIndex[name]; ok {
		return i, true
	}
	lo, hi := 0, len(paramTable)
	for lo < hi {
		mid := (lo + hi) / 2
		c := compareNames(paramTable[mid].Name, name)
		switch {
		case c == 0:
			return mid, true
		case c < 0:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	if n, ok := oldNames[types.LowerASCII(name)]; ok {
		return tableIndex(n)
	}
	return 0, false
}

// compareNames is guc_name_compare: ASCII-only case folding, so that the
// order does not depend on the locale.
func compareNames(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ca, cb := a[i], b[i]
		if 'A' <= ca && ca <= 'Z' {
			ca += 'a' - 'A'
		}
		if 'A' <= cb && cb <= 'Z' {
			cb += 'a' - 'A'
		}
		if ca != cb {
			return int(ca) - int(cb)
		}
	}
	return len(a) - len(b)
}
