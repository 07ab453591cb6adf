// Listening sockets and accepting connections.

package postmaster

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
)

type acceptEvent struct {
	conn net.Conn
	unix bool
}

// listen binds listen_addresses and unix_socket_directories and starts an
// accept goroutine for each; it records the first of each in
// postmaster.pid, as PostgreSQL does.
func (pm *Postmaster) listen() error {
	port := int(pm.settings.Int("port"))
	portStr := strconv.Itoa(port)
	firstAddr, firstSocketDir := "", ""
	tcpWanted := false
	for _, spec := range splitList(pm.settings.String("listen_addresses")) {
		tcpWanted = true
		hosts := []string{spec}
		switch spec {
		case "*":
			hosts = []string{"0.0.0.0", "::"}
		case "localhost":
			hosts = []string{"127.0.0.1", "::1"}
		}
		for _, h := range hosts {
			ip := net.ParseIP(h)
			family, kind := "IPv4", "tcp4"
			if ip == nil {
				addrs, err := net.LookupHost(h)
				if err != nil || len(addrs) == 0 {
					pm.log.Warning("could not translate host name \"%s\", service \"%s\" to address: %v", h, portStr, err)
					continue
				}
				ip = net.ParseIP(addrs[0])
			}
			if ip.To4() == nil {
				family, kind = "IPv6", "tcp6"
			}
			l, err := net.Listen(kind, net.JoinHostPort(ip.String(), portStr))
			if err != nil {
				msg := err.Error()
				if errors.Is(err, syscall.EADDRINUSE) {
					msg = "Address already in use"
				}
				e := pgerr.Newf(pgerr.InternalError, "could not bind %s address \"%s\": %s", family, ip, msg).
					WithHint("Is another postmaster already running on port %d? If not, wait a few seconds and retry.", port)
				e.Severity = pgerr.SeverityLog
				pm.log.Report(e, "")
				continue
			}
			pm.log.Log("listening on %s address \"%s\", port %d", family, ip, port)
			pm.addListener(l, false)
			if firstAddr == "" {
				firstAddr = spec
			}
		}
	}
	if tcpWanted && firstAddr == "" {
		return pgerr.New(pgerr.InternalError, "could not create any TCP/IP sockets")
	}
	for _, dir := range splitList(pm.settings.String("unix_socket_directories")) {
		path := filepath.Join(dir, ".s.PGSQL."+portStr)
		lock := path + ".lock"
		if err := datadir.CreateSocketLock(lock, datadir.PidInfo{PID: os.Getpid(), DataDir: pm.dataDir}); err != nil {
			return err
		}
		pm.socketLocks = append(pm.socketLocks, lock)
		// The lock file proves no live postmaster uses this socket: a
		// leftover socket file is stale.
		os.Remove(path)
		l, err := net.Listen("unix", path)
		if err != nil {
			pm.log.Report(pgerr.Newf(pgerr.InternalError, "could not bind Unix address \"%s\": %v", path, err), "")
			continue
		}
		if err := pm.setSocketAccess(path); err != nil {
			pm.log.Report(err, "")
			l.Close()
			continue
		}
		pm.log.Log("listening on Unix socket \"%s\"", path)
		pm.addListener(l, true)
		if firstSocketDir == "" {
			firstSocketDir = dir
		}
	}
	if len(pm.listeners) == 0 {
		return pgerr.New(pgerr.InternalError, "no socket created for listening")
	}
	if err := datadir.AddPidLine(pm.dataDir, datadir.PidLineSocketDir, firstSocketDir); err != nil {
		return err
	}
	if err := datadir.AddPidLine(pm.dataDir, datadir.PidLineListenAddr, firstAddr); err != nil {
		return err
	}
	return datadir.AddPidLine(pm.dataDir, datadir.PidLineShmemKey, fmt.Sprintf("%9d %9d", 0, 0))
}

func (pm *Postmaster) addListener(l net.Listener, isUnix bool) {
	pm.listeners = append(pm.listeners, l)
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				if errors.Is(err, net.ErrClosed) {
					return
				}
				continue
			}
			pm.accepts <- acceptEvent{conn: conn, unix: isUnix}
		}
	}()
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		p = strings.Trim(p, `"`)
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// handleAccept starts a backend for a new connection. The backend reads the
// start-up packet itself, so a slow or hostile client never stalls the
// postmaster; when the connection must be refused, the backend is told the
// reason and reports it to the client in the protocol's terms.
func (pm *Postmaster) handleAccept(a acceptEvent) {
	defer a.conn.Close()
	info := &proc.ConnInfo{Unix: a.unix}
	if tcp, ok := a.conn.RemoteAddr().(*net.TCPAddr); ok {
		info.RemoteHost = tcp.IP.String()
		info.RemotePort = tcp.Port
	}
	switch {
	case pm.state == stateCrashWait || (pm.state == stateStartup && pm.crashRecovery):
		info.Reject, info.RejectCode = "the database system is in recovery mode", pgerr.CannotConnectNow
	case pm.state == stateStartup:
		info.Reject, info.RejectCode = "the database system is starting up", pgerr.CannotConnectNow
	case pm.shutdownMode != "":
		info.Reject, info.RejectCode = "the database system is shutting down", pgerr.CannotConnectNow
	case pm.countRole(proc.RoleBackend)-len(pm.pool) >= 2*pm.procs.MaxBackends():
		// PostgreSQL's MaxLivePostmasterChildren: allow some slack for
		// backends that are still exiting, the slot check does the rest.
		info.Reject, info.RejectCode = "sorry, too many clients already", pgerr.TooManyConnections
	}
	f, err := connFile(a.conn)
	if err != nil {
		pm.log.Report(pgerr.Wrap(err, pgerr.InternalError, "could not accept new connection"), "")
		return
	}
	defer f.Close()
	if info.Reject == "" && pm.handOff(f, info) {
		return
	}
	if info.Reject != "" || !pm.reuseEnabled() {
		if _, err := pm.startChild(proc.RoleBackend, f, info); err != nil {
			pm.log.Report(err, "")
		}
		return
	}
	pm.startReusableBackend(f, info)
}

func connFile(c net.Conn) (*os.File, error) {
	switch c := c.(type) {
	case *net.TCPConn:
		return c.File()
	case *net.UnixConn:
		return c.File()
	}
	return nil, fmt.Errorf("unexpected connection type %T", c)
}

// setSocketAccess gives a Unix socket unix_socket_group and
// unix_socket_permissions (Setup_AF_UNIX). A socket whose access cannot be
// set as asked is not used.
func (pm *Postmaster) setSocketAccess(path string) error {
	if group := pm.settings.String("unix_socket_group"); group != "" {
		gid, err := strconv.Atoi(group)
		if err != nil {
			g, lerr := user.LookupGroup(group)
			if lerr != nil {
				return pgerr.Newf(pgerr.InternalError, "group \"%s\" does not exist", group)
			}
			gid, _ = strconv.Atoi(g.Gid)
		}
		if err := os.Chown(path, -1, gid); err != nil {
			return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not set group of file \"%s\": %s", path, datadir.Strerror(err))
		}
	}
	perm := os.FileMode(pm.settings.Int("unix_socket_permissions"))
	if err := os.Chmod(path, perm); err != nil {
		return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not set permissions of file \"%s\": %s", path, datadir.Strerror(err))
	}
	return nil
}
