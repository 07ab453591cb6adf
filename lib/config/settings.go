// settings.go holds one process's parameter values and the heart of guc.c:
// set_config_option, which decides whether a change is allowed (context),
// whether it wins (source priority), and records it for transaction
// rollback (the stack in nest.go).

package config

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// value is one parameter value. Only the field of the parameter's type is
// used; enum values are kept as the name SHOW displays. The fields are
// ordered so that the two bools share a word: every process keeps two
// values of each of some 360 parameters in each of its two Settings (the
// session's and the one a pooled backend resets to).
type value struct {
	s    string
	show string // canonical display computed by a check hook ("" if none)
	i    int64
	f    float64
	b    bool
	null bool // a string parameter's NULL (boot value of some)
}

// variable is the per-process state of one parameter (config_generic).
// Its small fields are together at the end, in one word (see value).
type variable struct {
	p *Param

	cur   value
	reset value

	stack []stackEntry // innermost nest level last

	sourceFile   string
	sourceLine   int
	lastReported string

	source      Source
	scontext    Context
	resetSource Source
	resetCtx    Context

	inFile         bool // GUC_IS_IN_FILE, only meaningful during a reload
	pendingRestart bool
	needsReport    bool
	reported       bool
}

// Action says how long a change lasts (GucAction).
type Action uint8

const (
	ActionSet   Action = iota // SET: until the session ends or it is rolled back
	ActionLocal               // SET LOCAL: until the end of the transaction
	ActionSave                // function SET clause: until the nest level ends
)

// StringCheckHook validates a new value of a string parameter and may
// return it canonicalized. It lets layers above this package add checks
// that need catalogs (role, default_tablespace, temp_tablespaces,
// default_text_search_config, ...) or the wire layer's supported client
// encodings. A returned *pgerr.Error is reported as is; any other error
// becomes PostgreSQL's `invalid value for parameter "%s": "%s"` with the
// error's text as DETAIL.
type StringCheckHook func(value string, src Source) (string, error)

// LogMessage is a message the caller should write to the server log (or,
// for notices, send to the client).
type LogMessage struct {
	Severity pgerr.Severity
	Code     string
	Message  string
	Detail   string
	Hint     string
}

func (m LogMessage) String() string { return string(m.Severity) + ":  " + m.Message }

func logFromErr(sev pgerr.Severity, e *pgerr.Error) LogMessage {
	return LogMessage{Severity: sev, Code: e.Code, Message: e.Message, Detail: e.Detail, Hint: e.Hint}
}

// Settings is one process's view of all parameters. It is not safe for
// concurrent use: each process (postmaster, backend, background worker)
// owns one, as each PostgreSQL process owns its copy of guc.c's globals.
type Settings struct {
	vars         []variable           // parallel to paramTable
	placeholders map[string]*variable // custom "a.b" names, by lower-case name

	nestLevel int  // GUCNestLevel
	dirty     bool // some variable has a stack entry

	underPostmaster bool // a child process: reload leaves backend parameters alone
	reporting       bool // ChangedReportable has been called once

	env map[string]string // values InitFromEnvironment applied, for reloads

	stringHooks map[string]StringCheckHook
	showHooks   map[string]func() string

	// LocalBuffers, if set, is the number of local buffers the process
	// made for temporary tables (0 before the first access), after which
	// temp_buffers cannot change.
	LocalBuffers func() int64

	// TransactionState, if set, says whether the open transaction has
	// taken its first snapshot and whether a savepoint is open:
	// transaction_isolation cannot change after either
	// (check_XactIsoLevel). lib/xact sets it.
	TransactionState func() (snapshotTaken, inSubtransaction bool)

	// OnNotice, if set, receives the NOTICE and WARNING messages that a
	// change produces besides its error (e.g. an identifier truncation).
	OnNotice func(LogMessage)
}

// New returns the settings of a freshly started PostgreSQL process: every
// parameter at its boot value, plus the values every process computes at
// start-up before reading any file (PostgreSQL's InitializeGUCOptions and
// the dynamic defaults set once the database is known): server_encoding,
// client_encoding, lc_collate and lc_ctype from the UTF-8 database,
// timezone_abbreviations "Default", max_stack_depth 2MB, and the
// transaction_* parameters pinned with source override.
func New() *Settings {
	s := &Settings{
		vars:         make([]variable, len(paramTable)),
		placeholders: map[string]*variable{},
	}
	// Like C's static initializers, every variable holds its boot value
	// before any check hook runs, since hooks look at other variables.
	for i := range paramTable {
		v := &s.vars[i]
		v.p = &paramTable[i]
		if v.p.BootNull {
			v.cur = value{null: true}
			continue
		}
		bv, err := parseValue(v.p, v.p.Name, v.p.Boot)
		if err != nil {
			panic("config: bad boot value for " + v.p.Name + ": " + err.Error())
		}
		v.cur = bv
	}
	for i := range s.vars {
		v := &s.vars[i]
		bv := v.cur
		if err := s.check(v, &bv, SourceDefault); err != nil {
			panic("config: bad boot value for " + v.p.Name + ": " + err.Error())
		}
		v.cur, v.reset = bv, bv
		v.source, v.resetSource = SourceDefault, SourceDefault
		v.scontext, v.resetCtx = ContextInternal, ContextInternal
	}
	for _, d := range startupDefaults {
		if err := s.Set(d.name, d.value, d.ctx, d.src); err != nil {
			panic("config: start-up default " + d.name + ": " + err.Error())
		}
	}
	return s
}

// Clone returns an independent copy of s: the same values, sources,
// reset values and nest state, as if every change made to s had been
// made to the copy too. The process callbacks (LocalBuffers,
// TransactionState, OnNotice) are not copied: they belong to whoever
// uses the copy. A pooled backend keeps a clone of the settings a new
// backend starts with, and gives each session a clone of that
// (postmaster.Child.ResetSettings), which is much cheaper than New and
// Import.
func (s *Settings) Clone() *Settings {
	c := &Settings{
		vars:            slices.Clone(s.vars),
		placeholders:    make(map[string]*variable, len(s.placeholders)),
		nestLevel:       s.nestLevel,
		dirty:           s.dirty,
		underPostmaster: s.underPostmaster,
		reporting:       s.reporting,
		env:             maps.Clone(s.env),
		stringHooks:     maps.Clone(s.stringHooks),
		showHooks:       maps.Clone(s.showHooks),
	}
	for i := range c.vars {
		c.vars[i].stack = slices.Clone(c.vars[i].stack)
	}
	for name, v := range s.placeholders {
		nv := *v
		nv.stack = slices.Clone(v.stack)
		c.placeholders[name] = &nv
	}
	return c
}

var startupDefaults = []struct {
	name, value string
	ctx         Context
	src         Source
}{
	{"transaction_isolation", "read committed", ContextPostmaster, SourceOverride},
	{"transaction_read_only", "no", ContextPostmaster, SourceOverride},
	{"transaction_deferrable", "no", ContextPostmaster, SourceOverride},
	{"max_stack_depth", "2048", ContextPostmaster, SourceDynamicDefault},
	{"server_encoding", "UTF8", ContextInternal, SourceDynamicDefault},
	{"lc_collate", "C.UTF-8", ContextInternal, SourceDynamicDefault},
	{"lc_ctype", "C.UTF-8", ContextInternal, SourceDynamicDefault},
	{"timezone_abbreviations", "Default", ContextPostmaster, SourceDynamicDefault},
	{"client_encoding", "UTF8", ContextBackend, SourceDynamicDefault},
}

// reloadDefaults are the start-up defaults that a reload re-establishes
// when their parameter is removed from the file (the rest are internal).
var reloadDefaults = []string{"timezone_abbreviations", "client_encoding", "max_stack_depth"}

// bootValue parses a parameter's boot value and runs its check hook, as
// InitializeOneGUCOption does.
func (s *Settings) bootValue(v *variable) (value, *pgerr.Error) {
	if v.p.BootNull {
		return value{null: true}, nil
	}
	nv, err := parseValue(v.p, v.p.Name, v.p.Boot)
	if err != nil {
		return value{}, err
	}
	if err := s.check(v, &nv, SourceDefault); err != nil {
		return value{}, err
	}
	return nv, nil
}

// SetUnderPostmaster marks these settings as a child process's. A child
// ignores reloaded values of backend-context parameters (they apply to new
// connections only) and logs reload chatter at DEBUG2 instead of LOG.
func (s *Settings) SetUnderPostmaster(child bool) { s.underPostmaster = child }

// SetStringCheckHook installs an extra validation for a string parameter,
// run after the built-in one. A nil hook removes it.
func (s *Settings) SetStringCheckHook(name string, hook StringCheckHook) {
	p, ok := Lookup(name)
	if !ok || p.Type != TypeString {
		panic("config: SetStringCheckHook on non-string parameter " + name)
	}
	if s.stringHooks == nil {
		s.stringHooks = map[string]StringCheckHook{}
	}
	if hook == nil {
		delete(s.stringHooks, p.Name)
	} else {
		s.stringHooks[p.Name] = hook
	}
}

// SetShowHook replaces how a parameter is displayed (SHOW, pg_settings,
// ParameterStatus), for values that live elsewhere: tcp_keepalives_* read
// from the client socket, in_hot_standby from shared memory. A nil hook
// restores the default.
func (s *Settings) SetShowHook(name string, hook func() string) {
	p, ok := Lookup(name)
	if !ok {
		panic("config: SetShowHook on unknown parameter " + name)
	}
	if s.showHooks == nil {
		s.showHooks = map[string]func() string{}
	}
	if hook == nil {
		delete(s.showHooks, p.Name)
	} else {
		s.showHooks[p.Name] = hook
	}
}

// find returns the variable for name, or nil. It creates a placeholder for
// a valid custom name when create is set, as find_option does.
func (s *Settings) find(name string, create bool) (*variable, *pgerr.Error) {
	if i, ok := tableIndex(name); ok {
		return &s.vars[i], nil
	}
	if v := s.placeholders[types.LowerASCII(name)]; v != nil {
		return v, nil
	}
	if create && containsDot(name) {
		if !validCustomName(name) {
			return nil, pgerr.Newf(pgerr.InvalidName, "invalid configuration parameter name \"%s\"", name).
				WithDetail("Custom parameter names must be two or more simple identifiers separated by dots.")
		}
		p := &Param{
			Name:      name,
			Type:      TypeString,
			Context:   ContextUser,
			Category:  "Customized Options",
			ShortDesc: "GUC placeholder variable",
			BootNull:  true,
			Flags:     FlagNoShowAll | FlagNotInSample | FlagCustomPlaceholder,
		}
		v := &variable{p: p, cur: value{null: true}, reset: value{null: true}}
		s.placeholders[types.LowerASCII(name)] = v
		return v, nil
	}
	return nil, pgerr.Newf(pgerr.UndefinedObject, "unrecognized configuration parameter \"%s\"", name)
}

func containsDot(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return true
		}
	}
	return false
}

// validCustomName is valid_custom_variable_name: two or more simple
// identifiers separated by dots.
func validCustomName(name string) bool {
	sawSep, nameStart := false, true
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '.':
			if nameStart {
				return false
			}
			sawSep, nameStart = true, true
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c == '_', c >= 0x80:
			nameStart = false
		case !nameStart && (c >= '0' && c <= '9' || c == '$'):
		default:
			return false
		}
	}
	return !nameStart && sawSep
}

// Lookup returns the definition of a parameter, including placeholders this
// process has created.
func (s *Settings) Lookup(name string) (*Param, bool) {
	v, _ := s.find(name, false)
	if v == nil {
		return nil, false
	}
	return v.p, true
}

// Set changes a parameter as ctx, from source src, like SET (with
// ctx ContextUser or ContextSuperuser and src SourceSession), a start-up packet option
// (ContextBackend or ContextSuperuserBackend, SourceClient) or a postmaster -c option
// (ContextPostmaster, SourceCommandLine). A value from a lower source than the current
// one is silently not applied. Errors carry PostgreSQL's SQLSTATE and text.
func (s *Settings) Set(name, val string, ctx Context, src Source) error {
	_, err := s.setOption(name, &val, ctx, src, ActionSet, true, false)
	return errOrNil(err)
}

// SetLocal is SET LOCAL: the change is undone at the end of the current
// transaction. Outside any transaction it behaves like Set (PostgreSQL's
// SQL layer warns "SET LOCAL can only be used in transaction blocks" and
// runs it in a one-statement transaction, so the value does not survive).
func (s *Settings) SetLocal(name, val string, ctx Context) error {
	_, err := s.setOption(name, &val, ctx, SourceSession, ActionLocal, true, false)
	return errOrNil(err)
}

// Reset is RESET name (SET name TO DEFAULT): back to the value the session
// started with.
func (s *Settings) Reset(name string, ctx Context) error {
	_, err := s.setOption(name, nil, ctx, SourceSession, ActionSet, true, false)
	return errOrNil(err)
}

// Outcome says what a change did.
type Outcome int

const (
	NotApplied Outcome = -1 // valid, but a higher-priority source wins
	Applied    Outcome = 1
)

// Change is the general form of set_config_option. A nil val means "reset"
// (to the boot value when src is SourceDefault, else to the reset value).
// With apply false the value is only validated.
func (s *Settings) Change(name string, val *string, ctx Context, src Source, action Action, apply bool) (Outcome, error) {
	r, err := s.setOption(name, val, ctx, src, action, apply, false)
	if err != nil {
		return 0, err
	}
	return Outcome(r), nil
}

func errOrNil(e *pgerr.Error) error {
	if e == nil {
		return nil
	}
	return e
}

func (s *Settings) notice(m LogMessage) {
	if s.OnNotice != nil {
		s.OnNotice(m)
	}
}

// setOption is set_config_option_ext. It returns 1 when the value was
// applied, -1 when it was valid but not applied, 0 with an error otherwise.
func (s *Settings) setOption(name string, val *string, ctx Context, src Source, action Action, changeVal, isReload bool) (int, *pgerr.Error) {
	v, err := s.find(name, true)
	if err != nil {
		return 0, err
	}
	p := v.p

	prohibitValueChange := false
	switch p.Context {
	case ContextInternal:
		if ctx != ContextInternal {
			return 0, pgerr.Newf(pgerr.CantChangeRuntimeParam, "parameter \"%s\" cannot be changed", name)
		}
	case ContextPostmaster:
		if ctx == ContextSighup {
			// A reload may not change it; say so below if the file's value
			// differs from the running one.
			prohibitValueChange = true
		} else if ctx != ContextPostmaster {
			return 0, pgerr.Newf(pgerr.CantChangeRuntimeParam,
				"parameter \"%s\" cannot be changed without restarting the server", name)
		}
	case ContextSighup:
		if ctx != ContextSighup && ctx != ContextPostmaster {
			return 0, pgerr.Newf(pgerr.CantChangeRuntimeParam, "parameter \"%s\" cannot be changed now", name)
		}
	case ContextSuperuserBackend, ContextBackend:
		if p.Context == ContextSuperuserBackend && ctx == ContextBackend {
			return 0, pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied to set parameter \"%s\"", name)
		}
		if ctx == ContextSighup {
			// Existing sessions keep what they started with; the
			// postmaster takes the new value for future ones.
			if s.underPostmaster && !isReload {
				return -1, nil
			}
		} else if ctx != ContextPostmaster && ctx != ContextBackend && ctx != ContextSuperuserBackend && src != SourceClient {
			return 0, pgerr.Newf(pgerr.CantChangeRuntimeParam,
				"parameter \"%s\" cannot be set after connection start", name)
		}
	case ContextSuperuser:
		if ctx == ContextUser || ctx == ContextBackend {
			return 0, pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied to set parameter \"%s\"", name)
		}
	case ContextUser:
	}

	// Values from the file, the command line, the database/role/client
	// defaults and resets also become the value RESET goes back to.
	makeDefault := changeVal && src <= SourceOverride && (val != nil || src == SourceDefault)

	if v.source > src {
		if changeVal && !makeDefault {
			return -1, nil
		}
		changeVal = false
	}

	var nv value
	switch {
	case val != nil:
		parsed, perr := s.parseAndValidate(v, name, *val, src)
		if perr != nil {
			return 0, perr
		}
		nv = parsed
	case src == SourceDefault:
		bv, berr := s.bootValue(v)
		if berr != nil {
			return 0, berr
		}
		nv = bv
	default:
		nv = v.reset
		src = v.resetSource
		ctx = v.resetCtx
	}

	if prohibitValueChange {
		if !sameSetting(p, v.cur, nv) {
			v.pendingRestart = true
			return 0, pgerr.Newf(pgerr.CantChangeRuntimeParam,
				"parameter \"%s\" cannot be changed without restarting the server", name)
		}
		v.pendingRestart = false
		return -1, nil
	}

	if changeVal {
		if !makeDefault {
			s.pushOldValue(v, action)
		}
		v.cur = nv
		v.source = src
		v.scontext = ctx
	}
	if makeDefault {
		if v.resetSource <= src {
			v.reset = nv
			v.resetSource = src
			v.resetCtx = ctx
		}
		for i := range v.stack {
			e := &v.stack[i]
			if e.source <= src {
				e.prior = nv
				e.source = src
				e.scontext = ctx
			}
		}
	}
	if changeVal && p.Has(FlagReport) {
		v.needsReport = true
	}
	if changeVal {
		return 1, nil
	}
	return -1, nil
}

// sameSetting compares values the way guc.c does for the "cannot be
// changed without restarting" test: by the stored value, strings by text.
func sameSetting(p *Param, a, b value) bool {
	switch p.Type {
	case TypeBool:
		return a.b == b.b
	case TypeInt:
		return a.i == b.i
	case TypeReal:
		return a.f == b.f
	default:
		if a.null || b.null {
			return a.null == b.null
		}
		return a.s == b.s
	}
}

// ResetAll is RESET ALL: every user- or superuser-settable parameter that
// this session SET goes back to its reset value, transactionally.
func (s *Settings) ResetAll() {
	s.forEach(func(v *variable) {
		if v.p.Context != ContextSuperuser && v.p.Context != ContextUser {
			return
		}
		if v.p.Has(FlagNoResetAll) || v.source <= SourceOverride {
			return
		}
		s.pushOldValue(v, ActionSet)
		v.cur = v.reset
		v.source = v.resetSource
		v.scontext = v.resetCtx
		if v.p.Has(FlagReport) {
			v.needsReport = true
		}
	})
}

// forEach visits built-in variables in table order, then placeholders.
func (s *Settings) forEach(fn func(v *variable)) {
	for i := range s.vars {
		fn(&s.vars[i])
	}
	for _, v := range s.sortedPlaceholders() {
		fn(v)
	}
}

func (s *Settings) sortedPlaceholders() []*variable {
	if len(s.placeholders) == 0 {
		return nil
	}
	out := make([]*variable, 0, len(s.placeholders))
	for _, v := range s.placeholders {
		out = append(out, v)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && compareNames(out[j].p.Name, out[j-1].p.Name) < 0; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// must returns the variable of a built-in parameter or panics: the typed
// accessors are called with literal names, so a miss is a programming error.
func (s *Settings) must(name string, want ...VarType) *variable {
	v, _ := s.find(name, false)
	if v == nil {
		panic("config: unknown parameter " + strconv.Quote(name))
	}
	if len(want) > 0 {
		for _, t := range want {
			if v.p.Type == t {
				return v
			}
		}
		panic("config: parameter " + v.p.Name + " is of type " + v.p.Type.String())
	}
	return v
}

// Bool returns a boolean parameter's value.
func (s *Settings) Bool(name string) bool { return s.must(name, TypeBool).cur.b }

// Int returns an integer parameter's value in its own unit (Param.Unit):
// shared_buffers in 8kB blocks, work_mem in kB, statement_timeout in ms.
func (s *Settings) Int(name string) int64 { return s.must(name, TypeInt).cur.i }

// Real returns a real parameter's value in its own unit.
func (s *Settings) Real(name string) float64 { return s.must(name, TypeReal).cur.f }

// String returns a string parameter's value ("" for NULL), or the display
// form of any other parameter.
func (s *Settings) String(name string) string {
	v := s.must(name)
	if v.p.Type == TypeString {
		return v.cur.s
	}
	return rawValue(v)
}

// Enum returns an enum parameter's value, spelled as SHOW displays it.
func (s *Settings) Enum(name string) string { return s.must(name, TypeEnum).cur.s }

// Duration returns a time parameter's value. Negative values (PostgreSQL's
// -1 for "disabled" or "use the other setting") stay negative.
func (s *Settings) Duration(name string) time.Duration {
	v := s.must(name, TypeInt, TypeReal)
	var per time.Duration
	switch v.p.Unit {
	case UnitMS:
		per = time.Millisecond
	case UnitS:
		per = time.Second
	case UnitMin:
		per = time.Minute
	default:
		panic("config: parameter " + v.p.Name + " is not a time")
	}
	if v.p.Type == TypeReal {
		return time.Duration(math.Round(v.cur.f * float64(per)))
	}
	return time.Duration(v.cur.i) * per
}

// Bytes returns a memory parameter's value in bytes. Negative values
// (PostgreSQL's -1 for "use the default") stay negative.
func (s *Settings) Bytes(name string) int64 {
	v := s.must(name, TypeInt)
	switch v.p.Unit {
	case UnitBytes:
		return v.cur.i
	case UnitKB:
		return v.cur.i * 1024
	case UnitMB:
		return v.cur.i * 1024 * 1024
	case UnitBlocks:
		return v.cur.i * blockSize
	}
	panic("config: parameter " + v.p.Name + " is not a memory size")
}

// Source returns where a parameter's current value came from.
func (s *Settings) Source(name string) Source { return s.must(name).source }

// ResetString returns the value RESET would restore, in raw form
// (GetConfigOptionResetString).
func (s *Settings) ResetString(name string) string {
	v := s.must(name)
	return rawOf(v.p, v.reset)
}

// PendingRestart reports whether the configuration file asks for a value
// of this parameter that only a restart can apply.
func (s *Settings) PendingRestart(name string) bool { return s.must(name).pendingRestart }

// rawValue is GetConfigOption: the stored value without units or show
// hooks, as `postgres -C` prints it and reload compares it.
func rawValue(v *variable) string { return rawOf(v.p, v.cur) }

func rawOf(p *Param, x value) string {
	switch p.Type {
	case TypeBool:
		if x.b {
			return "on"
		}
		return "off"
	case TypeInt:
		return strconv.FormatInt(x.i, 10)
	case TypeReal:
		return formatG(x.f)
	default:
		return x.s
	}
}
