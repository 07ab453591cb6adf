// Encoding errors and notices for the client.

package backend

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/jackc/pgx/v5/pgproto3"
)

// noticeOrError picks the message type by severity: ERROR, FATAL and PANIC
// are ErrorResponse, anything lower a NoticeResponse.
type noticeOrError struct{ e *pgerr.Error }

func (n *noticeOrError) message() pgproto3.BackendMessage {
	er := errorMessage(n.e)
	switch n.e.Severity {
	case pgerr.SeverityError, pgerr.SeverityFatal, pgerr.SeverityPanic:
		return er
	}
	nr := pgproto3.NoticeResponse(*er)
	return &nr
}

func (n *noticeOrError) encode() ([]byte, error) {
	return n.message().Encode(nil)
}

// notice queues a WARNING/NOTICE for the client, if client_min_messages
// lets it through.
func (s *session) notice(e *pgerr.Error) {
	if s.be == nil {
		return // an autovacuum worker has no client
	}
	if !clientWants(s.child.Settings.String("client_min_messages"), e.Severity) {
		return
	}
	s.send((&noticeOrError{e}).message())
}

var clientLevels = map[string]int{"debug5": 0, "debug4": 1, "debug3": 2, "debug2": 3, "debug1": 4, "log": 5, "notice": 6, "warning": 7, "error": 8}

// clientWants applies client_min_messages, whose order differs from the
// server log's: LOG ranks below NOTICE for clients, and INFO always goes.
func clientWants(min string, sev pgerr.Severity) bool {
	var level int
	switch sev {
	case pgerr.SeverityInfo:
		return true
	case pgerr.SeverityDebug:
		level = clientLevels["debug1"]
	case pgerr.SeverityLog:
		level = clientLevels["log"]
	case pgerr.SeverityNotice:
		level = clientLevels["notice"]
	case pgerr.SeverityWarning:
		level = clientLevels["warning"]
	default:
		level = clientLevels["error"]
	}
	m, ok := clientLevels[min]
	if !ok {
		m = clientLevels["notice"]
	}
	return level >= m
}
