// Reading and checking the start-up packet.

package backend

import (
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"golang.org/x/sys/unix"
)

const (
	codeSSLRequest     = 80877103
	codeGSSENCRequest  = 80877104
	codeCancelRequest  = 80877102
	protocolLatest     = 3<<16 | 0
	maxStartupPacket   = 10000
	errIncompleteStart = "incomplete startup packet"
)

// startupPacket is a parsed StartupMessage.
type startupPacket struct {
	protocol uint32
	params   map[string]string
	order    []string
}

// errNoStartup means the client went away without a start-up packet, or
// after a cancel request; nothing is reported to anyone.
var errNoStartup = errors.New("no startup packet")

// readStartup reads packets until a StartupMessage arrives. It answers SSL
// and GSS encryption requests with 'N' (not supported yet) and serves a
// CancelRequest. Problems are returned as errors whose severity tells the
// caller whether the client gets to see them (FATAL) or only the log
// (COMMERROR in PostgreSQL, LOG severity here).
func (s *session) readStartup() (*startupPacket, error) {
	for {
		var lenBuf [4]byte
		n, err := io.ReadFull(s.conn, lenBuf[:1])
		if n == 0 {
			// No data at all: monitoring probes do this; not worth a log line.
			return nil, errNoStartup
		}
		if _, err = io.ReadFull(s.conn, lenBuf[1:]); err != nil {
			return nil, commError(errIncompleteStart)
		}
		length := int(binary.BigEndian.Uint32(lenBuf[:])) - 4
		if length < 4 || length > maxStartupPacket {
			return nil, commError("invalid length of startup packet")
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(s.conn, body); err != nil {
			return nil, commError(errIncompleteStart)
		}
		code := binary.BigEndian.Uint32(body[:4])
		switch code {
		case codeSSLRequest, codeGSSENCRequest:
			if _, err := s.conn.Write([]byte{'N'}); err != nil {
				return nil, errNoStartup
			}
			continue
		case codeCancelRequest:
			if length != 12 {
				return nil, commError("invalid length of startup packet")
			}
			s.processCancel(int32(binary.BigEndian.Uint32(body[4:8])), int32(binary.BigEndian.Uint32(body[8:12])))
			return nil, errNoStartup
		}
		if code>>16 != protocolLatest>>16 {
			return nil, pgerr.Fatalf(pgerr.FeatureNotSupported,
				"unsupported frontend protocol %d.%d: server supports 3.0 to 3.0", code>>16, code&0xffff)
		}
		return parseStartupParams(code, body[4:])
	}
}

func commError(msg string) error {
	e := pgerr.New(pgerr.ProtocolViolation, msg)
	e.Severity = pgerr.SeverityLog
	return e
}

func parseStartupParams(protocol uint32, b []byte) (*startupPacket, error) {
	p := &startupPacket{protocol: protocol, params: map[string]string{}}
	if len(b) == 0 || b[len(b)-1] != 0 {
		return nil, pgerr.Fatalf(pgerr.ProtocolViolation, "invalid startup packet layout: expected terminator as last byte")
	}
	fields := strings.Split(string(b[:len(b)-1]), "\x00")
	// A trailing empty name ends the list; anything else must pair up.
	if len(fields) > 0 && fields[len(fields)-1] == "" {
		fields = fields[:len(fields)-1]
	}
	if len(fields)%2 != 0 {
		return nil, pgerr.Fatalf(pgerr.ProtocolViolation, "invalid startup packet layout: expected terminator as last byte")
	}
	for i := 0; i < len(fields); i += 2 {
		if _, dup := p.params[fields[i]]; !dup {
			p.order = append(p.order, fields[i])
		}
		p.params[fields[i]] = fields[i+1]
	}
	if p.params["user"] == "" {
		return nil, pgerr.Fatalf(pgerr.InvalidAuthorizationSpecification, "no PostgreSQL user name specified in startup packet")
	}
	if p.params["database"] == "" {
		p.params["database"] = p.params["user"]
	}
	return p, nil
}

// processCancel signals the backend named by a CancelRequest, if the key
// matches. Like PostgreSQL, it never tells the requester whether it worked.
func (s *session) processCancel(pid, key int32) {
	slot := s.child.Procs.FindByPid(pid)
	if slot == nil || slot.Role != proc.RoleBackend || slot.CancelKey != key {
		s.child.Log.Logf(elog.Debug2, "wrong key in cancel request for process %d", pid)
		return
	}
	unix.Kill(int(pid), syscall.SIGINT)
}

// startupDeadline bounds how long a client may take to start up
// (authentication_timeout).
func (s *session) startupDeadline() time.Time {
	d := s.child.Settings.Duration("authentication_timeout")
	if d <= 0 {
		d = time.Minute
	}
	return time.Now().Add(d)
}
