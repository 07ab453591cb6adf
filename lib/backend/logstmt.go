// Server log lines about sessions and statements: log_connections,
// log_disconnections, log_statement, log_duration and
// log_min_duration_statement, in PostgreSQL's words (postgres.c's
// check_log_statement and check_log_duration, postinit.c, the disconnection
// callback).

package backend

import (
	"fmt"
	"strings"
	"time"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/types"
)

// logStatement levels (LOGSTMT_*), in the order log_statement compares
// them: a statement is logged when its level is at most the setting's.
const (
	logStmtNone = iota
	logStmtDDL
	logStmtMod
	logStmtAll
)

// logStatementSetting is log_statement as a level.
func (s *session) logStatementSetting() int {
	switch s.child.Settings.Enum("log_statement") {
	case "ddl":
		return logStmtDDL
	case "mod":
		return logStmtMod
	case "all":
		return logStmtAll
	}
	return logStmtNone
}

// commandLogLevel is GetCommandLogLevel: the least log_statement level
// that logs the statement.
func commandLogLevel(n *pg_query.Node) int {
	switch v := n.GetNode().(type) {
	case *pg_query.Node_SelectStmt:
		if v.SelectStmt.IntoClause != nil {
			return logStmtDDL // SELECT INTO creates a table
		}
		return logStmtAll
	case *pg_query.Node_InsertStmt, *pg_query.Node_UpdateStmt, *pg_query.Node_DeleteStmt,
		*pg_query.Node_MergeStmt, *pg_query.Node_TruncateStmt:
		return logStmtMod
	case *pg_query.Node_CopyStmt:
		if v.CopyStmt.IsFrom {
			return logStmtMod
		}
		return logStmtAll
	case *pg_query.Node_ExplainStmt:
		for _, o := range v.ExplainStmt.Options {
			if d := o.GetDefElem(); d != nil && d.Defname == "analyze" && (d.Arg == nil || defElemTrue(d.Arg)) {
				return commandLogLevel(v.ExplainStmt.Query)
			}
		}
		return logStmtAll
	case *pg_query.Node_PrepareStmt:
		return commandLogLevel(v.PrepareStmt.Query)
	case *pg_query.Node_TransactionStmt, *pg_query.Node_VariableSetStmt, *pg_query.Node_VariableShowStmt,
		*pg_query.Node_CheckPointStmt, *pg_query.Node_ExecuteStmt, *pg_query.Node_DeallocateStmt,
		*pg_query.Node_DeclareCursorStmt, *pg_query.Node_FetchStmt, *pg_query.Node_ClosePortalStmt,
		*pg_query.Node_VacuumStmt, *pg_query.Node_ClusterStmt, *pg_query.Node_ReindexStmt,
		*pg_query.Node_ListenStmt, *pg_query.Node_UnlistenStmt, *pg_query.Node_NotifyStmt,
		*pg_query.Node_LoadStmt, *pg_query.Node_DiscardStmt, *pg_query.Node_LockStmt,
		*pg_query.Node_ConstraintsSetStmt, *pg_query.Node_DoStmt, *pg_query.Node_CallStmt:
		return logStmtAll
	}
	return logStmtDDL
}

func defElemTrue(arg *pg_query.Node) bool {
	switch {
	case arg.GetString_() != nil:
		v := strings.ToLower(arg.GetString_().Sval)
		return v != "false" && v != "off" && v != "0" && v != "no"
	case arg.GetBoolean() != nil:
		return arg.GetBoolean().Boolval
	case arg.GetInteger() != nil:
		return arg.GetInteger().Ival != 0
	}
	return true
}

// logSimpleStatement is check_log_statement for a Query message: the whole
// text is logged once if any of its statements is at or below
// log_statement's level. It reports whether it logged.
func (s *session) logSimpleStatement(query string, stmts []sql.Statement) bool {
	level := s.logStatementSetting()
	if level == logStmtNone {
		return false
	}
	for _, st := range stmts {
		if commandLogLevel(st.Node()) <= level {
			s.child.Log.Logf(elog.Log, "statement: %s", query)
			return true
		}
	}
	return false
}

// durationOutcome is check_log_duration's answer.
type durationOutcome int

const (
	durationNone      durationOutcome = iota
	durationOnly                      // "duration: %s ms"
	durationStatement                 // "duration: %s ms  <what>"
)

// checkLogDuration is check_log_duration: whether the statement that began
// at start is logged with its duration (log_duration), or with its text
// too (log_min_duration_statement exceeded and not logged already).
func (s *session) checkLogDuration(start time.Time, wasLogged bool) (durationOutcome, string) {
	set := s.child.Settings
	logDuration := set.Bool("log_duration")
	minDuration := set.Int("log_min_duration_statement")
	if !logDuration && minDuration < 0 {
		return durationNone, ""
	}
	elapsed := time.Since(start)
	exceeded := minDuration == 0 || (minDuration > 0 && elapsed.Milliseconds() >= minDuration)
	if !exceeded && !logDuration {
		return durationNone, ""
	}
	us := elapsed.Microseconds()
	msec := fmt.Sprintf("%d.%03d", us/1000, us%1000)
	if exceeded && !wasLogged {
		return durationStatement, msec
	}
	return durationOnly, msec
}

// logSimpleDuration logs a Query message's duration after it completed.
func (s *session) logSimpleDuration(start time.Time, query string, wasLogged bool) {
	switch outcome, msec := s.checkLogDuration(start, wasLogged); outcome {
	case durationOnly:
		s.child.Log.Logf(elog.Log, "duration: %s ms", msec)
	case durationStatement:
		s.child.Log.Logf(elog.Log, "duration: %s ms  statement: %s", msec, query)
	}
}

// logLine is a LOG message to which a DETAIL can be added.
func logLine(msg string) *pgerr.Error {
	return pgerr.New(pgerr.SuccessfulCompletion, msg).WithSeverity(pgerr.SeverityLog)
}

// portalLabel is the "<statement>[/<portal>]" of the extended protocol's
// log lines; the unnamed statement shows as <unnamed>.
func portalLabel(stmtName, portalName string) string {
	if stmtName == "" {
		stmtName = "<unnamed>"
	}
	if portalName != "" {
		return stmtName + "/" + portalName
	}
	return stmtName
}

// logExecute is exec_execute_message's log_statement line: "execute" (or
// "execute fetch from" for a portal already partly run) with the bound
// parameters in the DETAIL. It reports whether it logged.
func (s *session) logExecute(pt *portal, portalName string) bool {
	if pt.p.node == nil || commandLogLevel(pt.p.node) > s.logStatementSetting() {
		return false
	}
	verb := "execute"
	if pt.executed {
		verb = "execute fetch from"
	}
	e := logLine(fmt.Sprintf("%s %s: %s", verb, portalLabel(pt.p.name, portalName), pt.p.query))
	if d := s.parameterDetail(pt); d != "" {
		e = e.WithDetail("%s", d)
	}
	s.child.Log.Report(e, "")
	return true
}

// logExtendedDuration logs the duration of a Parse, Bind or Execute
// message ("parse", "bind", "execute"); pt, the bound portal, gives the
// parameters of Bind and Execute (nil for Parse). Nothing is formatted
// unless a line is written.
func (s *session) logExtendedDuration(start time.Time, what, stmtName, portalName, query string, wasLogged bool, pt *portal) {
	switch outcome, msec := s.checkLogDuration(start, wasLogged); outcome {
	case durationOnly:
		s.child.Log.Logf(elog.Log, "duration: %s ms", msec)
	case durationStatement:
		e := logLine(fmt.Sprintf("duration: %s ms  %s %s: %s", msec, what, portalLabel(stmtName, portalName), query))
		if pt != nil {
			if d := s.parameterDetail(pt); d != "" {
				e = e.WithDetail("%s", d)
			}
		}
		s.child.Log.Report(e, "")
	}
}

// parameterDetail is errdetail_params: "parameters: $1 = '42', $2 = NULL",
// each value in text form, quoted as a literal and cut at
// log_parameter_max_length bytes (-1: whole, 0: no parameters).
func (s *session) parameterDetail(pt *portal) string {
	if len(pt.params) == 0 {
		return ""
	}
	max := s.child.Settings.Int("log_parameter_max_length")
	if max == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("parameters: ")
	for i, d := range pt.params {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d = ", i+1)
		if d.IsNull() {
			b.WriteString("NULL")
			continue
		}
		typ := types.OidText
		if i < len(pt.p.paramTypes) && pt.p.paramTypes[i] != 0 {
			typ = pt.p.paramTypes[i]
		}
		v := types.AppendText(nil, typ, d, sql.FormatOptions(s))
		truncated := false
		if max > 0 && int64(len(v)) > max {
			v, truncated = truncateUTF8(v, int(max)), true
		}
		b.WriteByte('\'')
		b.WriteString(strings.ReplaceAll(string(v), "'", "''"))
		if truncated {
			b.WriteString("...")
		}
		b.WriteByte('\'')
	}
	return b.String()
}

// truncateUTF8 cuts v to at most n bytes without splitting a character.
func truncateUTF8(v []byte, n int) []byte {
	for n > 0 && n < len(v) && v[n]&0xC0 == 0x80 {
		n--
	}
	return v[:n]
}

// logConnectionReceived is log_connections' first line, before the start-up
// packet is read.
func (s *session) logConnectionReceived() {
	if !s.child.Settings.Bool("log_connections") {
		return
	}
	if s.info.Unix {
		s.child.Log.Log("connection received: host=[local]")
		return
	}
	s.child.Log.Log("connection received: host=%s port=%d", s.info.RemoteHost, s.info.RemotePort)
}

// logConnectionAuthorized is log_connections' line once the client is in.
func (s *session) logConnectionAuthorized(applicationName string, hasAppName bool) {
	if !s.child.Settings.Bool("log_connections") {
		return
	}
	msg := fmt.Sprintf("connection authorized: user=%s database=%s", s.user, s.database)
	if hasAppName {
		msg += " application_name=" + applicationName
	}
	s.child.Log.Log("%s", msg)
}

// logDisconnection is log_disconnections' line at the end of a session
// that got past authentication.
func (s *session) logDisconnection(sessionStart time.Time) {
	if !s.child.Settings.Bool("log_disconnections") {
		return
	}
	d := time.Since(sessionStart)
	ms := d.Milliseconds()
	host := "[local]"
	if !s.info.Unix {
		host = fmt.Sprintf("%s port=%d", s.info.RemoteHost, s.info.RemotePort)
	}
	s.child.Log.Log("disconnection: session time: %d:%02d:%02d.%03d user=%s database=%s host=%s",
		ms/3600000, ms/60000%60, ms/1000%60, ms%1000, s.user, s.database, host)
}
