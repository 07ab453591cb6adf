// hooks.go holds the check and show hooks of guc.c and commands/variable.c
// that need no catalog access: validations beyond type and range, value
// canonicalization (DateStyle, client_encoding), and special displays
// (octal modes, "(disabled)", canonical time zone names).

package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// checkFailure is what a check hook reports (GUC_check_errcode/errmsg/
// errdetail/errhint). An empty msg means the standard "invalid value" text.
type checkFailure struct {
	code, msg, detail, hint string
}

func fail(detail string, args ...any) *checkFailure {
	return &checkFailure{detail: fmt.Sprintf(detail, args...)}
}

type checkHook func(s *Settings, v *variable, nv *value, src Source) *checkFailure

// greedySearch is the detail of the refused GEQO parameters.
const greedySearch = "Joins of geqo_threshold or more relations are ordered by a greedy search, not a genetic one."

var checkHooks = map[string]checkHook{
	"application_name": checkCleanASCII,
	"array_nulls":      notHonoured("Array input always reads an unquoted NULL as a null element."),
	"backslash_quote": refuseValue("off", checkFailure{code: pgerr.FeatureNotSupported,
		detail: "The parser always accepts \\' in string literals."}),
	"db_user_namespace":      notHonoured("User names are not qualified by database."),
	"default_tablespace":     checkDefaultTablespace,
	"transaction_isolation":  checkTransactionIsolation,
	"transaction_read_only":  checkTransactionReadOnly,
	"transaction_deferrable": checkTransactionDeferrable,
	"data_sync_retry":        notHonoured("A failed fsync of a data file is always a PANIC."),
	"exit_on_error":          notHonoured("An error ends the statement, not the session."),
	// As PostgreSQL where it cannot map huge pages; "try" falls back.
	"huge_pages": refuseValue("on", checkFailure{code: pgerr.FeatureNotSupported,
		msg: "huge pages not supported on this platform"}),
	"log_error_verbosity": refuseValue("verbose", checkFailure{code: pgerr.FeatureNotSupported,
		detail: "Source code locations are not logged; use \"default\" or \"terse\"."}),
	"old_snapshot_threshold": notHonoured("Snapshots never become too old."),
	// From geqo_threshold relations on, the join search is greedy rather
	// than genetic: the genetic search's parameters have nothing to tune.
	"geqo_effort":                      notHonoured(greedySearch),
	"geqo_generations":                 notHonoured(greedySearch),
	"geqo_pool_size":                   notHonoured(greedySearch),
	"geqo_seed":                        notHonoured(greedySearch),
	"geqo_selection_bias":              notHonoured(greedySearch),
	"quote_all_identifiers":            notHonoured("Identifiers are quoted only where needed."),
	"ssl":                              checkSSL,
	"standard_conforming_strings":      notHonoured("String literals always follow the SQL standard: backslashes are literal outside E'...'."),
	"track_activities":                 notHonoured("The current command of every session is always tracked."),
	"track_activity_query_size":        notHonoured("The current command is tracked up to 1024 bytes."),
	"track_commit_timestamp":           notHonoured("Commit timestamps are not recorded."),
	"track_functions":                  notHonoured("Function calls are not counted."),
	"transform_null_equals":            notHonoured("\"expr = NULL\" is not transformed into \"expr IS NULL\"."),
	"wal_compression":                  notHonoured("Full-page images are not compressed in WAL."),
	"archive_library":                  checkArchiveLibrary,
	"cluster_name":                     checkCleanASCII,
	"autovacuum_max_workers":           checkMaxBackends,
	"max_connections":                  checkMaxBackends,
	"max_wal_senders":                  checkMaxBackends,
	"max_worker_processes":             checkMaxBackends,
	"autovacuum_work_mem":              checkAutovacuumWorkMem,
	"backtrace_functions":              checkBacktraceFunctions,
	"bonjour":                          checkBonjour,
	"client_encoding":                  checkClientEncoding,
	"config_file":                      checkCanonicalPath,
	"data_directory":                   checkCanonicalPath,
	"external_pid_file":                checkCanonicalPath,
	"hba_file":                         checkCanonicalPath,
	"ident_file":                       checkCanonicalPath,
	"log_directory":                    checkCanonicalPath,
	"DateStyle":                        checkDateStyle,
	"default_table_access_method":      checkDefaultTableAM,
	"default_with_oids":                checkDefaultWithOids,
	"lc_messages":                      checkLocale,
	"lc_monetary":                      checkMonetaryLocale,
	"lc_numeric":                       checkLocale,
	"lc_time":                          checkLocale,
	"log_destination":                  checkLogDestination,
	"log_executor_stats":               checkStageLogStats,
	"log_parser_stats":                 checkStageLogStats,
	"log_planner_stats":                checkStageLogStats,
	"log_statement_stats":              checkLogStats,
	"log_timezone":                     checkLogTimezone,
	"max_stack_depth":                  checkMaxStackDepth,
	"primary_slot_name":                checkPrimarySlotName,
	"recovery_target":                  checkRecoveryTarget,
	"recovery_target_lsn":              checkRecoveryTargetLSN,
	"recovery_target_name":             checkRecoveryTargetName,
	"recovery_target_timeline":         checkRecoveryTargetTimeline,
	"recovery_target_xid":              checkRecoveryTargetXid,
	"restrict_nonsystem_relation_kind": checkRestrictNonsystemRelationKind,
	"search_path":                      checkIdentifierList,
	"temp_buffers":                     checkTempBuffers,
	"temp_tablespaces":                 checkIdentifierList,
	"TimeZone":                         checkTimezone,
	"timezone_abbreviations":           checkTimezoneAbbreviations,
	"wal_buffers":                      checkWalBuffers,
	"wal_consistency_checking":         checkWalConsistencyChecking,
}

// checkTempBuffers refuses a new temp_buffers once the session made its
// local buffers (check_temp_buffers); a validity test alone passes.
func checkTempBuffers(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if src == SourceTest || s.LocalBuffers == nil {
		return nil
	}
	if n := s.LocalBuffers(); n != 0 && n != nv.i {
		return fail("\"temp_buffers\" cannot be changed after any temporary tables have been accessed in the session.")
	}
	return nil
}

// check runs the built-in check hook, then any hook the process installed,
// and turns a failure into PostgreSQL's error (call_*_check_hook).
func (s *Settings) check(v *variable, nv *value, src Source) *pgerr.Error {
	if nv.null {
		return nil // check hooks accept a NULL boot value
	}
	var f *checkFailure
	if h := checkHooks[v.p.Name]; h != nil {
		f = h(s, v, nv, src)
	}
	if f == nil && v.p.Type == TypeString && s.stringHooks != nil {
		if h := s.stringHooks[v.p.Name]; h != nil {
			out, err := h(nv.s, src)
			if err != nil {
				var pe *pgerr.Error
				if asPg(err, &pe) {
					return pe
				}
				f = &checkFailure{detail: err.Error()}
			} else {
				nv.s = out
			}
		}
	}
	if f == nil {
		return nil
	}
	code := f.code
	if code == "" {
		code = pgerr.InvalidParameterValue
	}
	msg := f.msg
	if msg == "" {
		name := v.p.Name
		switch v.p.Type {
		case TypeBool:
			b := 0
			if nv.b {
				b = 1
			}
			msg = fmt.Sprintf("invalid value for parameter \"%s\": %d", name, b)
		case TypeInt:
			msg = fmt.Sprintf("invalid value for parameter \"%s\": %d", name, nv.i)
		case TypeReal:
			msg = fmt.Sprintf("invalid value for parameter \"%s\": %s", name, formatG(nv.f))
		default:
			msg = fmt.Sprintf("invalid value for parameter \"%s\": \"%s\"", name, nv.s)
		}
	}
	e := pgerr.New(code, msg)
	if f.detail != "" {
		e = e.WithDetail("%s", f.detail)
	}
	if f.hint != "" {
		e = e.WithHint("%s", f.hint)
	}
	return e
}

func asPg(err error, pe **pgerr.Error) bool {
	if e, ok := err.(*pgerr.Error); ok {
		*pe = e
		return true
	}
	return false
}

// checkCleanASCII is check_application_name/check_cluster_name in 15: only
// printable ASCII survives, other bytes become '?'.
func checkCleanASCII(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	b := []byte(nv.s)
	for i, c := range b {
		if c < 32 || c > 126 {
			b[i] = '?'
		}
	}
	nv.s = string(b)
	return nil
}

// MAX_BACKENDS: the proc array's limit.
const maxBackends = 0x3FFFF

// checkMaxBackends keeps max_connections + autovacuum_max_workers + 1 +
// max_worker_processes + max_wal_senders within MAX_BACKENDS.
func checkMaxBackends(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	total := nv.i + 1
	for _, n := range []string{"max_connections", "autovacuum_max_workers", "max_worker_processes", "max_wal_senders"} {
		if n != v.p.Name {
			total += s.must(n).cur.i
		}
	}
	if total > maxBackends {
		return &checkFailure{}
	}
	return nil
}

func checkAutovacuumWorkMem(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	// -1 means "use maintenance_work_mem"; otherwise at least 1MB.
	if nv.i != -1 && nv.i < 1024 {
		nv.i = 1024
	}
	return nil
}

func checkWalBuffers(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.i == -1 {
		if v.cur.i == -1 {
			return nil // the postmaster computes it from shared_buffers
		}
		nv.i = WalBuffersFor(s.Int("shared_buffers"))
	}
	if nv.i < 4 {
		nv.i = 4
	}
	return nil
}

// WalBuffersFor is XLOGChooseNumBuffers: the wal_buffers that -1 stands
// for, 1/32 of shared_buffers, at least 64kB and at most one WAL segment.
func WalBuffersFor(sharedBuffers int64) int64 {
	n := sharedBuffers / 32
	if n > (16*1024*1024)/blockSize {
		n = (16 * 1024 * 1024) / blockSize
	}
	if n < 8 {
		n = 8
	}
	return n
}

func checkBacktraceFunctions(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	for i := 0; i < len(nv.s); i++ {
		c := nv.s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' ||
			c == '_' || c == ',' || c == ' ' || c == '\n' || c == '\t') {
			return fail("invalid character")
		}
	}
	return nil
}

func checkBonjour(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.b {
		return &checkFailure{msg: "Bonjour is not supported by this build"}
	}
	return nil
}

// notHonoured is the check hook of a parameter of which gpostgres
// implements only the default behaviour: any other value is refused with
// 0A000, since accepting it would change nothing while the administrator
// believes otherwise.
func notHonoured(detail string) checkHook {
	return func(s *Settings, v *variable, nv *value, src Source) *checkFailure {
		boot, err := parseValue(v.p, v.p.Name, v.p.Boot)
		if err != nil || sameValue(v.p.Type, boot, *nv) {
			return nil
		}
		return &checkFailure{code: pgerr.FeatureNotSupported, detail: detail}
	}
}

// checkTransactionIsolation is check_XactIsoLevel: the level of a
// transaction cannot change once it has taken its first snapshot, nor
// inside a savepoint. Every level is implemented (SERIALIZABLE by
// lib/storage/predicate; READ UNCOMMITTED behaves as READ COMMITTED, as
// in PostgreSQL).
func checkTransactionIsolation(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.s == v.cur.s || s.TransactionState == nil {
		return nil
	}
	snapshotTaken, inSubtransaction := s.TransactionState()
	switch {
	case snapshotTaken:
		return &checkFailure{code: pgerr.ActiveSqlTransaction, msg: "SET TRANSACTION ISOLATION LEVEL must be called before any query"}
	case inSubtransaction:
		return &checkFailure{code: pgerr.ActiveSqlTransaction, msg: "SET TRANSACTION ISOLATION LEVEL must not be called in a subtransaction"}
	}
	return nil
}

// checkTransactionReadOnly is check_transaction_read_only: a read-only
// transaction cannot become read-write inside a savepoint, nor after its
// first snapshot.
func checkTransactionReadOnly(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.b || !v.cur.b || s.TransactionState == nil {
		return nil
	}
	snapshotTaken, inSubtransaction := s.TransactionState()
	switch {
	case inSubtransaction:
		return &checkFailure{code: pgerr.ActiveSqlTransaction, msg: "cannot set transaction read-write mode inside a read-only transaction"}
	case snapshotTaken:
		return &checkFailure{code: pgerr.ActiveSqlTransaction, msg: "transaction read-write mode must be set before any query"}
	}
	return nil
}

// checkTransactionDeferrable is check_transaction_deferrable: neither
// inside a savepoint nor after the first snapshot, whatever the value.
func checkTransactionDeferrable(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if s.TransactionState == nil {
		return nil
	}
	snapshotTaken, inSubtransaction := s.TransactionState()
	switch {
	case inSubtransaction:
		return &checkFailure{code: pgerr.ActiveSqlTransaction, msg: "SET TRANSACTION [NOT] DEFERRABLE cannot be called within a subtransaction"}
	case snapshotTaken:
		return &checkFailure{code: pgerr.ActiveSqlTransaction, msg: "SET TRANSACTION [NOT] DEFERRABLE must be called before any query"}
	}
	return nil
}

// refuseValue is the check hook of an enum parameter one of whose values
// gpostgres does not implement.
func refuseValue(refused string, f checkFailure) checkHook {
	return func(s *Settings, v *variable, nv *value, src Source) *checkFailure {
		if nv.s != refused {
			return nil
		}
		failure := f
		return &failure
	}
}

func sameValue(t VarType, a, b value) bool {
	switch t {
	case TypeBool:
		return a.b == b.b
	case TypeInt:
		return a.i == b.i
	case TypeReal:
		return a.f == b.f
	}
	return a.s == b.s
}

// checkSSL is check_ssl of a PostgreSQL built without SSL support, which
// is what gpostgres is until it implements TLS.
func checkSSL(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.b {
		return &checkFailure{msg: "SSL is not supported by this build"}
	}
	return nil
}

func checkDefaultWithOids(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.b {
		return &checkFailure{code: pgerr.FeatureNotSupported, msg: "tables declared WITH OIDS are not supported"}
	}
	return nil
}

// checkArchiveLibrary refuses archive modules: gpostgres loads no shared
// libraries, and accepting a setting it would not honour would leave WAL
// unarchived while the administrator believes otherwise.
func checkArchiveLibrary(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.s == "" {
		return nil
	}
	return &checkFailure{code: pgerr.FeatureNotSupported,
		msg:    fmt.Sprintf("invalid value for parameter \"archive_library\": \"%s\"", nv.s),
		detail: "Archive modules are not supported.",
		hint:   "Use \"archive_command\" instead."}
}

func checkStageLogStats(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.b && s.Bool("log_statement_stats") {
		return fail("Cannot enable parameter when \"log_statement_stats\" is true.")
	}
	return nil
}

func checkLogStats(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.b && (s.Bool("log_parser_stats") || s.Bool("log_planner_stats") || s.Bool("log_executor_stats")) {
		return fail("Cannot enable \"log_statement_stats\" when \"log_parser_stats\", \"log_planner_stats\", or \"log_executor_stats\" is true.")
	}
	return nil
}

// checkCanonicalPath is check_canonical_path: paths are stored cleaned up
// (no doubled or trailing slashes, no "." components).
func checkCanonicalPath(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.s != "" {
		nv.s = canonicalizePath(nv.s)
	}
	return nil
}

// canonicalizePath approximates port/path.c's canonicalize_path: like
// filepath.Clean, except that it never turns "" into ".".
func canonicalizePath(p string) string {
	if p == "" {
		return p
	}
	return filepath.Clean(p)
}

func checkDefaultTableAM(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.s == "" {
		return fail("%s cannot be empty.", "default_table_access_method")
	}
	if len(nv.s) > maxIdentifierLength {
		return fail("%s is too long (maximum %d characters).", "default_table_access_method", maxIdentifierLength)
	}
	return nil
}

func checkIdentifierList(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if _, ok := SplitIdentifierString(nv.s, ','); !ok {
		return fail("List syntax is invalid.")
	}
	return nil
}

func checkLogDestination(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	list, ok := SplitIdentifierString(nv.s, ',')
	if !ok {
		return fail("List syntax is invalid.")
	}
	for _, tok := range list {
		switch strings.ToLower(tok) {
		case "stderr":
		case "csvlog", "jsonlog", "syslog":
			// Known to PostgreSQL, not written by gpostgres yet.
			return &checkFailure{code: pgerr.FeatureNotSupported, detail: fmt.Sprintf("Log destination \"%s\" is not supported; use \"stderr\".", tok)}
		default:
			return fail("Unrecognized key word: \"%s\".", tok)
		}
	}
	return nil
}

// checkDefaultTablespace is check_default_tablespace for a cluster that
// has only its built-in tablespaces: tables go to pg_default, the only
// tablespace for them.
func checkDefaultTablespace(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	switch nv.s {
	case "", "pg_default":
		return nil
	case "pg_global":
		return &checkFailure{code: pgerr.FeatureNotSupported, detail: "Only shared relations can be placed in pg_global tablespace."}
	}
	return fail("Tablespace \"%s\" does not exist.", nv.s)
}

func checkRestrictNonsystemRelationKind(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	list, ok := SplitIdentifierString(nv.s, ',')
	if !ok {
		return fail("List syntax is invalid.")
	}
	for _, tok := range list {
		switch strings.ToLower(tok) {
		case "view", "foreign-table":
		default:
			return fail("Unrecognized key word: \"%s\".", tok)
		}
	}
	return nil
}

// The resource managers whose records can be masked for consistency
// checking (those with an rm_mask routine in PostgreSQL 15).
var maskableRmgrs = []string{"Heap2", "Heap", "Btree", "Hash", "Gin", "Gist", "Sequence", "SPGist", "BRIN", "Generic"}

func checkWalConsistencyChecking(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	list, ok := SplitIdentifierString(nv.s, ',')
	if !ok {
		return fail("List syntax is invalid.")
	}
	for _, tok := range list {
		if strings.EqualFold(tok, "all") {
			continue
		}
		found := false
		for _, r := range maskableRmgrs {
			if strings.EqualFold(tok, r) {
				found = true
			}
		}
		if !found {
			return fail("Unrecognized key word: \"%s\".", tok)
		}
	}
	// A valid list is still refused: replay does not compare pages with
	// the full-page images such records would carry.
	return notHonoured("WAL replay does not check pages against full-page images.")(s, v, nv, src)
}

// checkMaxStackDepth refuses a depth the process's stack limit cannot
// hold, keeping STACK_DEPTH_SLOP (512kB) in reserve.
func checkMaxStackDepth(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_STACK, &rl); err != nil || rl.Cur == ^uint64(0) || rl.Cur > 1<<62 {
		return nil
	}
	const slop = 512 * 1024
	limit := int64(rl.Cur) - slop
	if nv.i*1024 > limit {
		return &checkFailure{
			detail: fmt.Sprintf("\"max_stack_depth\" must not exceed %dkB.", limit/1024),
			hint:   "Increase the platform's stack depth limit via \"ulimit -s\" or local equivalent.",
		}
	}
	return nil
}

func checkPrimarySlotName(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.s == "" {
		return nil
	}
	if w := ValidateSlotName(nv.s); w != nil {
		s.notice(*w)
		return &checkFailure{}
	}
	return nil
}

// ValidateSlotName is ReplicationSlotValidateName: it returns the WARNING
// PostgreSQL emits for an unusable replication slot name, or nil.
func ValidateSlotName(name string) *LogMessage {
	if name == "" {
		return &LogMessage{Severity: pgerr.SeverityWarning, Code: pgerr.InvalidName,
			Message: fmt.Sprintf("replication slot name \"%s\" is too short", name)}
	}
	if len(name) > maxIdentifierLength {
		return &LogMessage{Severity: pgerr.SeverityWarning, Code: pgerr.NameTooLong,
			Message: fmt.Sprintf("replication slot name \"%s\" is too long", name)}
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return &LogMessage{Severity: pgerr.SeverityWarning, Code: pgerr.InvalidName,
				Message: fmt.Sprintf("replication slot name \"%s\" contains invalid character", name),
				Hint:    "Replication slot names may only contain lower case letters, numbers, and the underscore character."}
		}
	}
	return nil
}

func checkRecoveryTarget(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.s != "immediate" && nv.s != "" {
		return fail("The only allowed value is \"immediate\".")
	}
	return nil
}

func checkRecoveryTargetLSN(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.s == "" {
		return nil
	}
	hi, lo, ok := strings.Cut(nv.s, "/")
	if !ok || !isHex(hi, 8) || !isHex(lo, 8) {
		return &checkFailure{}
	}
	return nil
}

func isHex(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if hexVal(s[i]) < 0 {
			return false
		}
	}
	return true
}

func checkRecoveryTargetName(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	const maxFNameLen = 64
	if len(nv.s) >= maxFNameLen {
		return fail("%s is too long (maximum %d characters).", "recovery_target_name", maxFNameLen-1)
	}
	return nil
}

func checkRecoveryTargetTimeline(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.s == "current" || nv.s == "latest" {
		return nil
	}
	// strtoul complains only about overflow: "abc" reads as 0.
	if _, _, rangeErr, _ := strtol(strings.TrimLeft(nv.s, "+-")); rangeErr {
		return fail("recovery_target_timeline is not a valid number.")
	}
	if v, _, _, ok := strtol(nv.s); ok && (v > 0xFFFFFFFF || v < -0xFFFFFFFF) {
		return fail("recovery_target_timeline is not a valid number.")
	}
	return nil
}

func checkRecoveryTargetXid(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if nv.s == "" {
		return nil
	}
	if _, _, rangeErr, _ := strtol(nv.s); rangeErr {
		return &checkFailure{}
	}
	return nil
}

// timezone abbreviation files shipped with PostgreSQL (share/timezonesets).
var tzAbbrevSets = []string{"Default", "Australia", "India"}

func checkTimezoneAbbreviations(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	for _, n := range tzAbbrevSets {
		if nv.s == n {
			return nil
		}
	}
	return &checkFailure{}
}

// showHook returns the display of a parameter whose SHOW is computed,
// or ok false for the ordinary display.
func (s *Settings) showHook(v *variable) (string, bool) {
	if s.showHooks != nil {
		if h := s.showHooks[v.p.Name]; h != nil {
			return h(), true
		}
	}
	switch v.p.Name {
	case "archive_command":
		if s.Enum("archive_mode") == "off" {
			return "(disabled)", true
		}
	case "data_directory_mode", "log_file_mode", "unix_socket_permissions":
		return fmt.Sprintf("%04o", v.cur.i), true
	case "tcp_keepalives_idle", "tcp_keepalives_interval", "tcp_keepalives_count", "tcp_user_timeout":
		// PostgreSQL shows the socket's value, without units.
		return strconv.FormatInt(v.cur.i, 10), true
	case "seed":
		return "unavailable", true
	case "TimeZone", "log_timezone":
		if v.cur.show != "" {
			return v.cur.show, true
		}
	}
	return "", false
}

// localeDir is where glibc keeps compiled locales and its locale-archive.
const localeDir = "/usr/lib/locale"

// checkLocale is check_locale: the name must be one setlocale accepts.
func checkLocale(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if localeExists(nv.s) {
		return nil
	}
	return &checkFailure{}
}

// checkMonetaryLocale is check_locale for lc_monetary, which money's
// input and output read: they follow the C locale's monetary format
// (lib/types money.go), so a locale with another format (currency
// symbol, separators, sign placement) is refused rather than accepted
// and not honoured.
func checkMonetaryLocale(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	if f := checkLocale(s, v, nv, src); f != nil {
		return f
	}
	if !MonetaryLocaleHonoured(nv.s) {
		return &checkFailure{code: pgerr.FeatureNotSupported,
			detail: "Amounts of type money are read and printed only in the C locale's format; use \"C\"."}
	}
	return nil
}

// MonetaryLocaleHonoured reports whether lc_monetary may be name: the C
// locale under any of its spellings. The empty name means the server's
// environment's locale (LC_ALL, LC_MONETARY, LANG), which must be C too.
func MonetaryLocaleHonoured(name string) bool {
	if name == "" {
		name = "C"
		for _, v := range []string{"LC_ALL", "LC_MONETARY", "LANG"} {
			if e := os.Getenv(v); e != "" {
				name = e
				break
			}
		}
	}
	switch strings.ToLower(normalizeLocaleName(name)) {
	case "c", "posix", "c.utf8":
		return true
	}
	return false
}

func localeExists(name string) bool {
	switch name {
	case "", "C", "POSIX":
		return true
	}
	if strings.ContainsAny(name, "/") || strings.HasPrefix(name, ".") {
		return false
	}
	norm := normalizeLocaleName(name)
	if name == "C.UTF-8" || norm == "C.utf8" {
		return true // glibc 2.35+ has C.UTF-8 built in
	}
	for _, n := range []string{name, norm} {
		if st, err := os.Stat(filepath.Join(localeDir, n)); err == nil && st.IsDir() {
			return true
		}
	}
	for _, n := range localeArchiveNames(filepath.Join(localeDir, "locale-archive")) {
		if n == name || n == norm {
			return true
		}
	}
	return false
}

// normalizeLocaleName applies glibc's codeset normalization: "en_US.UTF-8"
// is looked up as "en_US.utf8".
func normalizeLocaleName(name string) string {
	dot := strings.IndexByte(name, '.')
	if dot < 0 {
		return name
	}
	lang, rest := name[:dot], name[dot+1:]
	mod := ""
	if at := strings.IndexByte(rest, '@'); at >= 0 {
		rest, mod = rest[:at], rest[at:]
	}
	var b strings.Builder
	digits := true
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
			digits = false
		case c >= 'a' && c <= 'z':
			b.WriteByte(c)
			digits = false
		case c >= '0' && c <= '9':
			b.WriteByte(c)
		}
	}
	cs := b.String()
	if digits && cs != "" {
		cs = "iso" + cs
	}
	return lang + "." + cs + mod
}

// localeArchiveNames lists the locales in glibc's locale-archive (its name
// hash table), or nothing if there is none.
func localeArchiveNames(path string) []string {
	data, err := os.ReadFile(path)
	if err != nil || len(data) < 20 {
		return nil
	}
	u32 := func(off int) int {
		if off < 0 || off+4 > len(data) {
			return -1
		}
		return int(uint32(data[off]) | uint32(data[off+1])<<8 | uint32(data[off+2])<<16 | uint32(data[off+3])<<24)
	}
	if u32(0) != 0xde020109 {
		return nil
	}
	hashOff, hashSize := u32(8), u32(16)
	var out []string
	for i := 0; i < hashSize; i++ {
		e := hashOff + i*12
		nameOff := u32(e + 4)
		if nameOff <= 0 || nameOff >= len(data) {
			continue
		}
		end := nameOff
		for end < len(data) && data[end] != 0 {
			end++
		}
		out = append(out, string(data[nameOff:end]))
	}
	return out
}
