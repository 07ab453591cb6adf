package elog

import (
	"bytes"
	"regexp"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

func TestPrefixAndLevels(t *testing.T) {
	var buf bytes.Buffer
	l := New(&buf)
	l.Log("database system is ready to accept connections")
	l.Logf(Notice, "filtered out by log_min_messages")
	l.Report(pgerr.New(pgerr.SyntaxError, `syntax error at or near "x"`).WithHint("h"), "x")
	want := regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC \[\d+\] LOG:  database system is ready to accept connections
.* ERROR:  syntax error at or near "x"
.* HINT:  h
.* STATEMENT:  x
$`)
	if !want.MatchString(buf.String()) {
		t.Fatalf("unexpected log:\n%s", buf.String())
	}
	buf.Reset()
	l.Configure("%u@%d %q%a ", Log, time.UTC)
	l.Log("no session")
	l.SetSession(Session{User: "alice", Database: "db", Application: "psql"})
	l.Log("with session")
	if got := buf.String(); got != "@ LOG:  no session\nalice@db psql LOG:  with session\n" {
		t.Fatalf("got %q", got)
	}
}
