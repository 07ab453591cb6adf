// This file is COPY's common part (PostgreSQL's commands/copy.c): the
// statement's dispatch, its options (ProcessCopyOptions) with
// PostgreSQL's validation and messages, the column list
// (CopyGetAttnums), the permission check for files and programs, and the
// interface through which the backend carries COPY FROM STDIN and COPY
// TO STDOUT data. copyfrom.go reads and loads rows, copyto.go writes them.

package sql

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/mb"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
)

// CopyEnv is implemented by an Env whose client can take part in COPY
// FROM STDIN and COPY TO STDOUT (the backend, through the protocol's
// copy sub-protocol). Without it those forms are refused.
type CopyEnv interface {
	// CopyFromClient tells the client to start sending data
	// (CopyInResponse: binary or text, columns format codes) and returns
	// the data it sends: Read returns io.EOF after CopyDone and the
	// 57014 error "COPY from stdin failed: ..." after CopyFail.
	CopyFromClient(binary bool, columns int) (io.Reader, error)
	// CopyToClient tells the client data follows (CopyOutResponse);
	// each Write of the returned stream is one CopyData, Done sends
	// CopyDone.
	CopyToClient(binary bool, columns int) (CopyOutStream, error)
	// Superuser reports whether the session's user is a superuser:
	// only they may COPY to or from a server file or program.
	Superuser() bool
}

// CopyOutStream is where COPY TO STDOUT writes; see CopyEnv.
type CopyOutStream interface {
	io.Writer
	Done() error
}

// copyHeader is the HEADER option: off, on, or MATCH (COPY FROM checks
// the names).
type copyHeader int8

const (
	headerOff copyHeader = iota
	headerOn
	headerMatch
)

// copyOptions are a COPY statement's options after ProcessCopyOptions:
// defaults filled in, every combination checked.
type copyOptions struct {
	binary, csv bool
	freeze      bool
	header      copyHeader
	delim       byte
	null        string
	quote       byte
	escape      byte
	// forceQuoteAll is FORCE_QUOTE *; forceQuote, forceNotNull and
	// forceNull are the column names given.
	forceQuoteAll                       bool
	forceQuote, forceNotNull, forceNull []string
	// forceQuoteSet and friends record that the option was given at all
	// (an empty list counts as given).
	forceQuoteSet, forceNotNullSet, forceNullSet bool
	// encoding is the data's encoding when it needs converting (the
	// ENCODING option, else the client's), nil for UTF8 and SQL_ASCII;
	// encodingSet records that ENCODING was given.
	encoding    *mb.Encoding
	encodingSet bool
	// binaryTextEncoding is the client's encoding when it needs
	// converting: binary COPY's text values are in it whatever ENCODING
	// says, because PostgreSQL's send and receive functions of the text
	// types convert them (pq_sendtext, pq_getmsgtext).
	binaryTextEncoding *mb.Encoding
}

// defaultCopyEncoding gives the data the client's encoding when the
// ENCODING option does not name one, as PostgreSQL does for every COPY
// (files and programs too).
func (s *sqlCtx) defaultCopyEncoding(o *copyOptions) error {
	name, _, err := s.env.GetConfig("client_encoding", false)
	if err != nil {
		return err
	}
	canon, _ := mb.Canonical(name)
	enc := mb.Lookup(canon)
	if enc == nil || enc.Passthrough() {
		return nil
	}
	o.binaryTextEncoding = enc
	if !o.encodingSet {
		o.encoding = enc
	}
	return nil
}

// copyStmt runs a COPY statement (DoCopy).
func (s *sqlCtx) copyStmt(st Statement, cs *pg_query.CopyStmt) (string, error) {
	pos := func(loc int32) int32 { return parserPosition(st, loc) }
	if s.inRoutine && cs.Filename == "" && !cs.IsProgram {
		return "", errCopyInFunction()
	}
	if cs.Filename != "" || cs.IsProgram {
		ce, ok := s.env.(CopyEnv)
		if !ok || !ce.Superuser() {
			return "", copyPrivilegeError(cs)
		}
	}
	if cs.Relation == nil {
		if cs.IsFrom {
			return "", pgerr.New(pgerr.SyntaxError, "COPY FROM requires a table")
		}
		return s.copyQueryTo(st, cs, pos)
	}
	mode := lmgr.AccessShareLock
	if cs.IsFrom {
		mode = lmgr.RowExclusiveLock
	}
	rel, err := s.openRelation(cs.Relation.Schemaname, cs.Relation.Relname, mode, true)
	if err != nil {
		return "", err
	}
	if rel == nil {
		return "", errRelationMissing(cs.Relation)
	}
	t, err := s.planTable(rel)
	if err != nil {
		return "", err
	}
	if cs.IsFrom {
		return s.copyFrom(st, cs, t, rel.Kind, rel.Persistence == 't', pos)
	}
	return s.copyTableTo(st, cs, t, rel.Kind, pos)
}

// errCopyInFunction refuses COPY FROM STDIN and TO STDOUT in a SQL
// function: the client is busy with the calling statement's result.
func errCopyInFunction() error {
	return pgerr.New(pgerr.FeatureNotSupported, "cannot COPY to/from client in an SQL function")
}

// copyPrivilegeError is DoCopy's refusal of a file or program to a user
// without the server-file roles (which only superusers have here).
func copyPrivilegeError(cs *pg_query.CopyStmt) error {
	var e *pgerr.Error
	switch {
	case cs.IsProgram:
		e = pgerr.New(pgerr.InsufficientPrivilege, "must be superuser or have privileges of the pg_execute_server_program role to COPY to or from an external program")
	case cs.IsFrom:
		e = pgerr.New(pgerr.InsufficientPrivilege, "must be superuser or have privileges of the pg_read_server_files role to COPY from a file")
	default:
		e = pgerr.New(pgerr.InsufficientPrivilege, "must be superuser or have privileges of the pg_write_server_files role to COPY to a file")
	}
	return e.WithHint("Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.")
}

// defGetString is define.c's defGetString for COPY's options.
func defGetString(d *pg_query.DefElem) (string, error) {
	switch a := d.Arg.GetNode().(type) {
	case nil:
		return "", pgerr.Newf(pgerr.SyntaxError, "%s requires a parameter", d.Defname)
	case *pg_query.Node_String_:
		return a.String_.Sval, nil
	case *pg_query.Node_Integer:
		return strconv.Itoa(int(a.Integer.Ival)), nil
	case *pg_query.Node_Float:
		return a.Float.Fval, nil
	case *pg_query.Node_Boolean:
		if a.Boolean.Boolval {
			return "true", nil
		}
		return "false", nil
	case *pg_query.Node_AStar:
		return "*", nil
	case *pg_query.Node_List:
		var parts []string
		for _, it := range a.List.Items {
			parts = append(parts, it.GetString_().GetSval())
		}
		return strings.Join(parts, "."), nil
	}
	return "", pgerr.Newf(pgerr.SyntaxError, "%s requires a parameter", d.Defname)
}

// copyHeaderChoice is defGetCopyHeaderChoice.
func copyHeaderChoice(d *pg_query.DefElem, isFrom bool) (copyHeader, error) {
	switch a := d.Arg.GetNode().(type) {
	case nil:
		return headerOn, nil
	case *pg_query.Node_Integer:
		switch a.Integer.Ival {
		case 0:
			return headerOff, nil
		case 1:
			return headerOn, nil
		}
	case *pg_query.Node_Boolean:
		if a.Boolean.Boolval {
			return headerOn, nil
		}
		return headerOff, nil
	default:
		v, err := defGetString(d)
		if err != nil {
			return headerOff, err
		}
		switch strings.ToLower(v) {
		case "true", "on":
			return headerOn, nil
		case "false", "off":
			return headerOff, nil
		case "match":
			if !isFrom {
				return headerOff, pgerr.Newf(pgerr.FeatureNotSupported, "cannot use \"%s\" with HEADER in COPY TO", v)
			}
			return headerMatch, nil
		}
	}
	return headerOff, pgerr.Newf(pgerr.SyntaxError, "%s requires a Boolean value or \"match\"", d.Defname)
}

// columnNameList reads FORCE_QUOTE's, FORCE_NOT_NULL's and FORCE_NULL's
// argument: a list of column names.
func columnNameList(d *pg_query.DefElem, pos func(int32) int32) ([]string, error) {
	l, ok := d.Arg.GetNode().(*pg_query.Node_List)
	if !ok {
		return nil, pgerr.Newf(pgerr.InvalidParameterValue, "argument to option \"%s\" must be a list of column names", d.Defname).
			WithPosition(pos(d.Location))
	}
	names := make([]string, 0, len(l.List.Items))
	for _, it := range l.List.Items {
		names = append(names, it.GetString_().GetSval())
	}
	return names, nil
}

// processCopyOptions is ProcessCopyOptions: it reads the options in
// order (a repeated one is an error), fills in the defaults of the
// format and checks every combination, with PostgreSQL's messages.
func processCopyOptions(list []*pg_query.Node, isFrom bool, pos func(int32) int32) (*copyOptions, error) {
	o := &copyOptions{}
	var formatSet, freezeSet, headerSet, encodingSet bool
	var delim, null, quote, escape *string
	conflict := func(d *pg_query.DefElem) error {
		return pgerr.New(pgerr.SyntaxError, "conflicting or redundant options").WithPosition(pos(d.Location))
	}
	for _, n := range list {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		var err error
		str := func(dst **string) error {
			if *dst != nil {
				return conflict(d)
			}
			v, err := defGetString(d)
			if err != nil {
				return err
			}
			*dst = &v
			return nil
		}
		switch d.Defname {
		case "format":
			if formatSet {
				return nil, conflict(d)
			}
			formatSet = true
			var f string
			if f, err = defGetString(d); err != nil {
				break
			}
			switch f {
			case "text":
			case "csv":
				o.csv = true
			case "binary":
				o.binary = true
			default:
				err = pgerr.Newf(pgerr.InvalidParameterValue, "COPY format \"%s\" not recognized", f).WithPosition(pos(d.Location))
			}
		case "freeze":
			if freezeSet {
				return nil, conflict(d)
			}
			freezeSet = true
			o.freeze, err = defGetBoolean(d)
		case "delimiter":
			err = str(&delim)
		case "null":
			err = str(&null)
		case "header":
			if headerSet {
				return nil, conflict(d)
			}
			headerSet = true
			o.header, err = copyHeaderChoice(d, isFrom)
		case "quote":
			err = str(&quote)
		case "escape":
			err = str(&escape)
		case "force_quote":
			if o.forceQuoteSet {
				return nil, conflict(d)
			}
			o.forceQuoteSet = true
			if _, star := d.Arg.GetNode().(*pg_query.Node_AStar); star {
				o.forceQuoteAll = true
			} else {
				o.forceQuote, err = columnNameList(d, pos)
			}
		case "force_not_null":
			if o.forceNotNullSet {
				return nil, conflict(d)
			}
			o.forceNotNullSet = true
			o.forceNotNull, err = columnNameList(d, pos)
		case "force_null":
			if o.forceNullSet {
				return nil, conflict(d)
			}
			o.forceNullSet = true
			o.forceNull, err = columnNameList(d, pos)
		case "encoding":
			if encodingSet {
				return nil, conflict(d)
			}
			encodingSet = true
			var name string
			if name, err = defGetString(d); err != nil {
				break
			}
			canon, ok := config.EncodingName(name)
			if !ok {
				err = pgerr.Newf(pgerr.InvalidParameterValue, "argument to option \"%s\" must be a valid encoding name", d.Defname).
					WithPosition(pos(d.Location))
				break
			}
			o.encodingSet = true
			switch enc := mb.Lookup(canon); {
			case enc == nil:
				err = pgerr.Newf(pgerr.FeatureNotSupported, "COPY with ENCODING \"%s\" is not supported yet", canon)
			case !enc.Passthrough():
				// SQL_ASCII data is taken as it is (and checked as
				// UTF8), like UTF8.
				o.encoding = enc
			}
		default:
			err = pgerr.Newf(pgerr.SyntaxError, "option \"%s\" not recognized", d.Defname).WithPosition(pos(d.Location))
		}
		if err != nil {
			return nil, err
		}
	}
	if o.binary && delim != nil {
		return nil, pgerr.New(pgerr.SyntaxError, "cannot specify DELIMITER in BINARY mode")
	}
	if o.binary && null != nil {
		return nil, pgerr.New(pgerr.SyntaxError, "cannot specify NULL in BINARY mode")
	}
	if o.binary && o.header != headerOff {
		return nil, pgerr.New(pgerr.SyntaxError, "cannot specify HEADER in BINARY mode")
	}
	// Defaults of the format.
	if delim == nil {
		d := "\t"
		if o.csv {
			d = ","
		}
		delim = &d
	}
	if null == nil {
		n := "\\N"
		if o.csv {
			n = ""
		}
		null = &n
	}
	if o.csv {
		if quote == nil {
			q := "\""
			quote = &q
		}
		if escape == nil {
			escape = quote
		}
	}
	if len(*delim) != 1 {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY delimiter must be a single one-byte character")
	}
	o.delim, o.null = (*delim)[0], *null
	if o.delim == '\r' || o.delim == '\n' {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "COPY delimiter cannot be newline or carriage return")
	}
	if strings.ContainsAny(o.null, "\r\n") {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "COPY null representation cannot use newline or carriage return")
	}
	// Text mode's escapes make these delimiters ambiguous.
	if !o.csv && strings.IndexByte("\\.abcdefghijklmnopqrstuvwxyz0123456789", o.delim) >= 0 {
		return nil, pgerr.Newf(pgerr.InvalidParameterValue, "COPY delimiter cannot be \"%s\"", *delim)
	}
	if !o.csv && quote != nil {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY quote available only in CSV mode")
	}
	if o.csv && len(*quote) != 1 {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY quote must be a single one-byte character")
	}
	if o.csv && o.delim == (*quote)[0] {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "COPY delimiter and quote must be different")
	}
	if !o.csv && escape != nil {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY escape available only in CSV mode")
	}
	if o.csv && len(*escape) != 1 {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY escape must be a single one-byte character")
	}
	if o.csv {
		o.quote, o.escape = (*quote)[0], (*escape)[0]
	}
	if !o.csv && o.forceQuoteSet {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY force quote available only in CSV mode")
	}
	if o.forceQuoteSet && isFrom {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY force quote only available using COPY TO")
	}
	if !o.csv && o.forceNotNullSet {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY force not null available only in CSV mode")
	}
	if o.forceNotNullSet && !isFrom {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY force not null only available using COPY FROM")
	}
	if !o.csv && o.forceNullSet {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY force null available only in CSV mode")
	}
	if o.forceNullSet && !isFrom {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY force null only available using COPY FROM")
	}
	if strings.IndexByte(o.null, o.delim) >= 0 {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "COPY delimiter must not appear in the NULL specification")
	}
	if o.csv && strings.IndexByte(o.null, o.quote) >= 0 {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "CSV quote character must not appear in the NULL specification")
	}
	return o, nil
}

// copyAttnums is CopyGetAttnums: the indexes (attnum-1) of the columns
// named, or of every column that is neither dropped nor generated when
// none are. t is nil for COPY (query) TO, whose columns are cols.
func copyAttnums(t *plan.Table, cols []plan.Column, names []string) ([]int, error) {
	if t != nil {
		cols = t.Columns
	}
	generated := func(i int) bool { return t != nil && i < len(t.Generated) && t.Generated[i] != 0 }
	if len(names) == 0 {
		var out []int
		for i, c := range cols {
			if (t == nil || c.Name != "") && !generated(i) {
				out = append(out, i)
			}
		}
		return out, nil
	}
	out := make([]int, 0, len(names))
	seen := map[int]bool{}
	for _, name := range names {
		found := -1
		for i, c := range cols {
			if c.Name == name && (t == nil || c.Name != "") {
				found = i
				break
			}
		}
		if found < 0 {
			if t != nil {
				return nil, pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", name, t.Name)
			}
			return nil, pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" does not exist", name)
		}
		if generated(found) {
			return nil, pgerr.Newf(pgerr.InvalidColumnReference, "column \"%s\" is a generated column", name).
				WithDetail("Generated columns cannot be used in COPY.")
		}
		if seen[found] {
			return nil, pgerr.Newf(pgerr.DuplicateColumn, "column \"%s\" specified more than once", name)
		}
		seen[found] = true
		out = append(out, found)
	}
	return out, nil
}

// attlistNames are the names of COPY's column list.
func attlistNames(list []*pg_query.Node) []string {
	var out []string
	for _, n := range list {
		out = append(out, n.GetString_().GetSval())
	}
	return out
}

// forceFlags turns a FORCE_* option's names into flags by position in
// the copied columns; a name the list lacks is PostgreSQL's error for
// option what ("FORCE_NOT_NULL").
func forceFlags(t *plan.Table, cols []plan.Column, attnums []int, names []string, what string) ([]bool, error) {
	flags := make([]bool, len(attnums))
	if len(names) == 0 {
		return flags, nil
	}
	named, err := copyAttnums(t, cols, names)
	if err != nil {
		return nil, err
	}
	for _, a := range named {
		found := false
		for j, b := range attnums {
			if a == b {
				flags[j], found = true, true
			}
		}
		if !found {
			name := ""
			if t != nil {
				name = t.Columns[a].Name
			} else {
				name = cols[a].Name
			}
			return nil, pgerr.Newf(pgerr.InvalidColumnReference, "%s column \"%s\" not referenced by COPY", what, name)
		}
	}
	return flags, nil
}

// copyFilePath is the file COPY names: relative to the data directory
// (the server's working directory in PostgreSQL).
func (s *sqlCtx) copyFilePath(name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	if dir, found, err := s.env.GetConfig("data_directory", true); err == nil && found && dir != "" {
		return filepath.Join(dir, name)
	}
	return name
}

// copyProgram starts COPY's PROGRAM through the shell, as OpenPipeStream
// does, its standard output (COPY FROM) or input (COPY TO) ours.
func (s *sqlCtx) copyProgram(command string, from bool) (*exec.Cmd, io.ReadCloser, io.WriteCloser, error) {
	cmd := exec.Command("/bin/sh", "-c", command)
	if dir, found, err := s.env.GetConfig("data_directory", true); err == nil && found && dir != "" {
		cmd.Dir = dir
	}
	cmd.Stderr = os.Stderr
	var r io.ReadCloser
	var w io.WriteCloser
	var err error
	if from {
		r, err = cmd.StdoutPipe()
	} else {
		w, err = cmd.StdinPipe()
	}
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		return nil, nil, nil, pgerr.Newf(pgerr.CodeForFileAccess(err), "could not execute command \"%s\": %s", command, pgerr.Strerror(err))
	}
	return cmd, r, w, nil
}

// programExitError is ClosePipeFromProgram's and ClosePipeToProgram's
// report of a program that failed.
func programExitError(command string, err error) error {
	if err == nil {
		return nil
	}
	detail := err.Error()
	if ee, ok := err.(*exec.ExitError); ok {
		if ee.ProcessState != nil && ee.ProcessState.Exited() {
			detail = "child process exited with exit code " + strconv.Itoa(ee.ProcessState.ExitCode())
		}
	}
	return pgerr.Newf(pgerr.ExternalRoutineException, "program \"%s\" failed", command).WithDetail("%s", detail)
}

// copyContext appends line to err's CONTEXT, as an error context
// callback adds its line to whatever the error already had.
func copyContext(err error, line string) error {
	pe := pgerr.As(err)
	if pe == nil || line == "" {
		return err
	}
	cp := *pe
	if cp.Where != "" {
		cp.Where += "\n" + line
	} else {
		cp.Where = line
	}
	return &cp
}
