// The gpsql program: connect, run -c and -f actions or read statements
// from standard input (with prompts when it is a terminal), print results
// as psql does, and exit with psql's codes (src/bin/psql/startup.c,
// mainloop.c and common.c of PostgreSQL 15).

package psql

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gpostgres/gpostgres/lib/cli"
	"github.com/gpostgres/gpostgres/lib/client"
	"github.com/jackc/pgx/v5/pgconn"
)

// Prog is the program name used in messages.
const Prog = "gpsql"

// Exit codes (psql's EXIT_*).
const (
	ExitSuccess = 0
	ExitFailure = 1 // an error in -c, a file that cannot be read, ...
	ExitBadConn = 2 // could not connect, or the connection was lost
	ExitUser    = 3 // an error stopped a script (ON_ERROR_STOP)
)

// ActionKind is the kind of a -c or -f action.
type ActionKind int

const (
	ActionCommand ActionKind = iota // -c
	ActionFile                      // -f
)

// Action is one -c or -f option, executed in command-line order.
type Action struct {
	Kind  ActionKind
	Value string
}

// Options are gpsql's settings.
type Options struct {
	Conn    client.Params
	Actions []Action
	Print   PrintOptions
	Quiet   bool              // -q
	Vars    map[string]string // -v NAME=VALUE; ON_ERROR_STOP is honoured
	// ListDatabases is -l, not supported yet.
	ListDatabases bool

	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Interactive selects prompts and the banner; the command sets it
	// when standard input and output are terminals.
	Interactive bool
	Getenv      func(string) string
}

// session is one gpsql run.
type session struct {
	o       Options
	out     io.Writer
	errw    io.Writer
	conn    *pgconn.PgConn
	dbname  string
	onError bool // ON_ERROR_STOP

	// Where messages come from, for the "gpsql:file:line: " prefix.
	inputFile string
	lineno    int
	// terse drops the "gpsql: error: " prefix of gpsql's own messages,
	// as psql does for -c commands and at the interactive prompt.
	terse bool
	// input is what COPY FROM STDIN reads: the script being run, or
	// standard input for -c.
	input *bufio.Reader
}

// copyIn returns the data of a COPY FROM STDIN: the input's lines up to
// a line "\." or the end of the input, as psql reads them.
func (s *session) copyIn() io.Reader {
	if s.input == nil {
		s.input = bufio.NewReader(s.o.Stdin)
	}
	return &copyReader{s: s}
}

// copyReader yields input lines until the end-of-data marker.
type copyReader struct {
	s    *session
	done bool
	buf  []byte
}

func (r *copyReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.done {
			return 0, io.EOF
		}
		line, err := r.s.input.ReadString('\n')
		if line != "" {
			r.s.lineno++
		}
		if strings.TrimRight(line, "\r\n") == `\.` || (line == "" && err != nil) {
			r.done = true
			continue
		}
		if err != nil && !strings.HasSuffix(line, "\n") {
			line += "\n"
			r.done = true
		}
		r.buf = []byte(line)
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// Run executes gpsql and returns its exit code.
func Run(ctx context.Context, o Options) int {
	s := &session{o: o, out: o.Stdout, errw: o.Stderr}
	if s.out == nil {
		s.out = os.Stdout
	}
	if s.errw == nil {
		s.errw = os.Stderr
	}
	if s.o.Stdin == nil {
		s.o.Stdin = os.Stdin
	}
	s.onError = boolVar(o.Vars["ON_ERROR_STOP"])
	if o.ListDatabases {
		s.logError("listing databases (-l) is not supported yet")
		return ExitFailure
	}

	cfg, err := client.Config(o.Conn, o.Getenv)
	if err != nil {
		s.logError("%s", err)
		return ExitBadConn
	}
	conn, err := client.Connect(ctx, cfg)
	if err != nil {
		s.logError("%s", client.ConnectErrorMessage(err))
		return ExitBadConn
	}
	defer conn.Close(context.Background())
	s.conn, s.dbname = conn, client.DatabaseName(cfg)

	if len(o.Actions) == 0 {
		return s.mainLoop(ctx, o.Stdin, "", o.Interactive)
	}
	result := ExitSuccess
	for _, a := range o.Actions {
		switch a.Kind {
		case ActionCommand:
			s.terse = true
			result = ExitSuccess
			if strings.HasPrefix(a.Value, `\`) {
				// \q ends only this command's processing.
				var sc Scanner
				for _, ev := range sc.Line(a.Value) {
					quit, ok := s.backslash(ev, &sc)
					if !ok {
						result = ExitFailure
					}
					if quit {
						break
					}
				}
			} else if !s.sendQuery(ctx, a.Value) {
				result = ExitFailure
			}
			s.terse = false
		case ActionFile:
			result = s.processFile(ctx, a.Value)
		}
		if s.conn.IsClosed() {
			return ExitBadConn
		}
		if result != ExitSuccess && s.onError {
			break
		}
	}
	return result
}

// boolVar is psql's ParseVariableBool for the accepted spellings.
func boolVar(v string) bool {
	switch strings.ToLower(v) {
	case "on", "true", "yes", "1", "t", "y":
		return true
	}
	return false
}

// locus is the "gpsql:file:line: " prefix of messages while a file runs.
func (s *session) locus() string {
	if s.inputFile == "" {
		return ""
	}
	return fmt.Sprintf("%s:%s:%d: ", Prog, s.inputFile, s.lineno)
}

// logError prints one of gpsql's own errors: "gpsql: error: ..." or, in a
// file, "gpsql:file:line: error: ...".
func (s *session) logError(format string, args ...any) {
	if s.terse {
		fmt.Fprintf(s.errw, "%s\n", fmt.Sprintf(format, args...))
		return
	}
	prefix := s.locus()
	if prefix == "" {
		prefix = Prog + ": "
	}
	fmt.Fprintf(s.errw, "%serror: %s\n", prefix, fmt.Sprintf(format, args...))
}

// logServer prints a server error or notice, which carries its own
// severity and ends with a newline.
func (s *session) logServer(text string) {
	fmt.Fprint(s.errw, s.locus()+text)
}

func messageFromPg(e *pgconn.PgError, isError bool) *ServerMessage {
	return &ServerMessage{
		Severity: e.Severity, Code: e.Code, Message: e.Message, Detail: e.Detail, Hint: e.Hint,
		Position: e.Position, InternalPosition: e.InternalPosition, InternalQuery: e.InternalQuery,
		Where: e.Where, IsError: isError,
	}
}

// sendQuery is psql's SendQuery for the default settings: run query,
// print each result, report errors. It returns false on error.
func (s *session) sendQuery(ctx context.Context, query string) bool {
	if e := s.o.Vars["ECHO"]; e == "queries" {
		fmt.Fprintln(s.out, query)
	}
	h, ok := s.queryHandler(query)
	if err := client.Exec(ctx, s.conn, query, h); err != nil {
		fmt.Fprint(s.errw, s.locus()+"server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.\n")
		fmt.Fprint(s.errw, s.locus()+"error: connection to server was lost\n")
		return false
	}
	return *ok
}

// queryHandler returns the callbacks that print one query's results and
// messages, and the flag they clear when a statement fails.
func (s *session) queryHandler(query string) (client.Handler, *bool) {
	ok := true
	return client.Handler{
		Result: func(r *client.Result) {
			if r.Err != nil {
				ok = false
				s.logServer(FormatMessage(messageFromPg(r.Err, true), query))
				return
			}
			s.printResult(r)
		},
		Notice: func(n *pgconn.Notice) {
			s.logServer(FormatMessage(messageFromPg((*pgconn.PgError)(n), false), query))
		},
		Notification: func(n *pgconn.Notification) {
			fmt.Fprintf(s.out, "Asynchronous notification \"%s\" with payload \"%s\" received from server process with PID %d.\n", n.Channel, n.Payload, n.PID)
		},
		CopyOut: s.out,
		CopyIn:  s.copyIn,
	}, &ok
}

// printResult prints one successful result: a table for a row-returning
// statement (followed by the tag for INSERT/UPDATE/DELETE/MERGE ...
// RETURNING), the command tag otherwise unless -q, nothing for an empty
// query.
func (s *session) printResult(r *client.Result) {
	if r.EmptyQuery || r.CopyOut {
		return
	}
	if r.HasRows {
		Print(s.out, TableFromResult(r, s.o.Print.NullPrint), s.o.Print)
		for _, p := range []string{"INSERT", "UPDATE", "DELETE", "MERGE"} {
			if strings.HasPrefix(r.Tag, p) {
				s.printTag(r.Tag)
				break
			}
		}
		return
	}
	s.printTag(r.Tag)
}

func (s *session) printTag(tag string) {
	if !s.o.Quiet {
		fmt.Fprintf(s.out, "%s\n", tag)
	}
}

// TableFromResult converts a result to a printable table: NULLs as
// nullPrint, numeric types right-aligned (psql's column_type_alignment).
func TableFromResult(r *client.Result, nullPrint string) *Table {
	t := &Table{Headers: make([]string, len(r.Fields)), Aligns: make([]byte, len(r.Fields)), Rows: make([][]string, len(r.Rows))}
	for i, f := range r.Fields {
		t.Headers[i] = f.Name
		t.Aligns[i] = columnAlignment(f.TypeOID)
	}
	for i, row := range r.Rows {
		cells := make([]string, len(row))
		for j, v := range row {
			if v == nil {
				cells[j] = nullPrint
			} else {
				cells[j] = *v
			}
		}
		t.Rows[i] = cells
	}
	return t
}

// columnAlignment: int2, int4, int8, float4, float8, numeric, oid, xid,
// xid8, cid and money are right-aligned; everything else left.
func columnAlignment(oid uint32) byte {
	switch oid {
	case 21, 23, 20, 700, 701, 1700, 26, 28, 5069, 29, 790:
		return 'r'
	}
	return 'l'
}

// processFile runs a script (-f): like standard input, but messages carry
// the file name and line. "-" is standard input.
func (s *session) processFile(ctx context.Context, name string) int {
	var r io.Reader
	display := name
	if name == "-" {
		r, display = s.o.Stdin, "<stdin>"
	} else {
		f, err := os.Open(name)
		if err != nil {
			s.logError("%s: %s", name, strerror(err))
			return ExitFailure
		}
		defer f.Close()
		r = f
	}
	oldFile, oldLine := s.inputFile, s.lineno
	defer func() { s.inputFile, s.lineno = oldFile, oldLine }()
	return s.mainLoop(ctx, r, display, false)
}

// strerror renders an OS error as C's strerror does.
func strerror(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	msg := err.Error()
	if msg == "" {
		return msg
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}

// prompt is psql's PROMPT1/PROMPT2 "%/%R%x%# ": database, the state
// character, and # for a superuser or > otherwise.
func (s *session) prompt(sc *Scanner) string {
	suffix := ">"
	if s.conn.ParameterStatus("is_superuser") == "on" {
		suffix = "#"
	}
	tx := ""
	switch s.conn.TxStatus() {
	case 'T':
		tx = "*"
	case 'E':
		tx = "!"
	}
	return s.dbname + string(sc.PromptChar()) + tx + suffix + " "
}

// mainLoop reads statements from r until EOF or \q. file is the name used
// in message prefixes ("" for standard input, which psql does not name).
func (s *session) mainLoop(ctx context.Context, r io.Reader, file string, interactive bool) int {
	s.inputFile, s.lineno = file, 0
	s.terse = interactive
	if interactive {
		version := s.conn.ParameterStatus("server_version")
		if version == "" || version == cli.Version {
			fmt.Fprintf(s.out, "%s (%s)\n", Prog, cli.Version)
		} else {
			fmt.Fprintf(s.out, "%s (%s, server %s)\n", Prog, cli.Version, version)
		}
		fmt.Fprint(s.out, "Type \"help\" for help.\n\n")
	}
	br := bufio.NewReader(r)
	oldInput := s.input
	s.input = br
	defer func() { s.input = oldInput }()
	var sc Scanner
	result := ExitSuccess
	for {
		if interactive {
			fmt.Fprint(s.out, s.prompt(&sc))
		}
		line, err := s.input.ReadString('\n')
		if line == "" && err != nil {
			break
		}
		s.lineno++
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		if !interactive && s.o.Vars["ECHO"] == "all" {
			fmt.Fprintln(s.out, line)
		}
		// "help", "quit" and "exit" alone on a line are psql's friendly
		// commands when no statement is pending; otherwise a hint is
		// printed and the line is still part of the statement.
		if interactive {
			if word := assistanceWord(line); word != "" {
				pending := sc.Pending() != ""
				switch {
				case word == "help" && !pending:
					s.printHelp()
					continue
				case word == "help":
					fmt.Fprintln(s.out, "Use \\? for help or press control-C to clear the input buffer.")
				case !pending:
					return result
				case sc.InQuote():
					fmt.Fprintln(s.out, "Use control-D to quit.")
				default:
					fmt.Fprintln(s.out, "Use \\q to quit.")
				}
			}
		}
		for _, ev := range sc.Line(line) {
			ok := true
			switch ev.Kind {
			case EvStatement:
				ok = s.sendQuery(ctx, ev.Text)
			case EvBackslash:
				var quit bool
				quit, ok = s.backslash(ev, &sc)
				if quit {
					return result
				}
				if ok && ev.Text == "g" {
					ok = s.sendPending(ctx, &sc)
				}
			}
			if s.conn.IsClosed() {
				return ExitBadConn
			}
			if !ok && s.onError && !interactive {
				return ExitUser
			}
		}
		if err != nil {
			break
		}
	}
	if interactive {
		fmt.Fprintln(s.out)
	}
	// A statement left without a semicolon at the end of a script is
	// still run.
	if !interactive && strings.TrimSpace(sc.Pending()) != "" {
		ok := s.sendQuery(ctx, sc.Pending())
		if s.conn.IsClosed() {
			return ExitBadConn
		}
		if !ok && s.onError {
			return ExitUser
		}
	}
	return result
}

// sendPending sends the statement collected so far (\g).
func (s *session) sendPending(ctx context.Context, sc *Scanner) bool {
	q := sc.Pending()
	sc.Reset()
	if strings.TrimSpace(q) == "" {
		return true
	}
	return s.sendQuery(ctx, q)
}

// backslash runs a backslash command. This interim gpsql knows \q, \g and
// \echo; the complete psql arrives later.
func (s *session) backslash(ev Event, sc *Scanner) (quit, ok bool) {
	switch ev.Text {
	case "q", "quit":
		return true, true
	case "g":
		return false, true
	case "echo":
		fmt.Fprintln(s.out, ev.Args)
		return false, true
	case "?":
		fmt.Fprint(s.out, "General\n  \\q                     quit gpsql\n  \\g                     execute the query buffer\n  \\echo [STRING]         write string to standard output\n")
		return false, true
	}
	s.logError("invalid command \\%s", ev.Text)
	if s.o.Interactive && s.inputFile == "" {
		fmt.Fprintln(s.errw, "Try \\? for help.")
	}
	return false, false
}

// assistanceWord returns "help", "quit" or "exit" when line is that word
// (any case, no leading blanks) followed only by blanks and at most one
// semicolon.
func assistanceWord(line string) string {
	if len(line) < 4 {
		return ""
	}
	word := strings.ToLower(line[:4])
	if word != "help" && word != "quit" && word != "exit" {
		return ""
	}
	rest := strings.TrimSpace(line[4:])
	if rest != "" && rest != ";" {
		return ""
	}
	return word
}

// printHelp answers "help" typed alone, as psql does.
func (s *session) printHelp() {
	fmt.Fprintf(s.out, "You are using %s, the command-line interface to gpostgres.\n"+
		"Type:  \\q to quit\n"+
		"       \\g or terminate with semicolon to execute query\n"+
		"       \\? for help with %s commands\n", Prog, Prog)
}
