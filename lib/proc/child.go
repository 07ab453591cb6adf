// The contract between the postmaster and the children it execs.

package proc

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// Environment variables and descriptor numbers the postmaster sets for a
// child. A child is the gpostgres executable run with EnvRole set; its argv
// is only its title.
const (
	EnvRole          = "GPOSTGRES_CHILD"
	EnvDataDir       = "GPOSTGRES_DATADIR"
	EnvPostmasterPID = "GPOSTGRES_POSTMASTER_PID"
	EnvOptions       = "GPOSTGRES_OPTIONS"           // the postmaster's settings (config.EncodeExport)
	EnvConfigGen     = "GPOSTGRES_CONFIG_GENERATION" // how many reloads those settings include
	EnvState         = "GPOSTGRES_CONN"              // JSON ConnInfo, for backends

	// Descriptors, in exec.Cmd.ExtraFiles order (fd 3 onward).
	FdShmem          = 3 // the shared memory segment
	FdPostmasterLife = 4 // read end of a pipe; EOF means the postmaster is gone
	FdExtra          = 5 // a backend's client socket, or the logger's pipe
	// FdHandoff is a backend's end of a hand-off socketpair when it was
	// started for a connection (fd 5): after a clean session end it joins
	// the pool of pre-started backends through it.
	FdHandoff = 6
)

// ConnInfo tells a backend what the postmaster knows about its connection.
type ConnInfo struct {
	Unix       bool   `json:"unix"`
	RemoteHost string `json:"host,omitempty"`
	RemotePort int    `json:"port,omitempty"`
	// Reject, when set, is the FATAL message the backend must send after
	// reading the start-up packet (shutting down, too many children).
	Reject     string `json:"reject,omitempty"`
	RejectCode string `json:"reject_code,omitempty"`
}

// Setting is one name=value pair of the server's command line.
type Setting struct {
	Name   string `json:"n"`
	Value  string `json:"v"`
	Source int    `json:"s"`
}

// ChildRole reports whether this process is a child and which.
func ChildRole() (string, bool) {
	r := os.Getenv(EnvRole)
	return r, r != ""
}

// PostmasterPID is the postmaster's pid as given to this child.
func PostmasterPID() int {
	pid, _ := strconv.Atoi(os.Getenv(EnvPostmasterPID))
	return pid
}

// WatchPostmaster calls onDeath (from a new goroutine) when the postmaster's
// life pipe reaches EOF, i.e. the postmaster has exited. Pdeathsig covers the
// common case; the pipe also covers exec'd grandchildren and setuid binaries.
func WatchPostmaster(onDeath func()) {
	// Non-blocking, the read parks in the runtime's poller instead of
	// holding an OS thread for the life of the process.
	syscall.SetNonblock(FdPostmasterLife, true)
	f := os.NewFile(FdPostmasterLife, "postmaster life pipe")
	go func() {
		var b [1]byte
		for {
			_, err := f.Read(b[:])
			if err == io.EOF || err != nil {
				onDeath()
				return
			}
		}
	}()
}

// EnvPrestarted marks a backend started ahead of need: instead of a client
// socket, fd 5 is one end of a socketpair on which the postmaster will send
// it a connection (SendConnection).
const EnvPrestarted = "GPOSTGRES_PRESTARTED"

// SendConnection hands a client socket and what the postmaster knows about
// it to a pre-started backend: one message carrying ConnInfo as JSON and the
// socket as SCM_RIGHTS. sock may be non-blocking (the postmaster keeps its
// end in the poller to read the backend's ReadyMessage); the message is
// small enough never to wait for room.
func SendConnection(sock *os.File, info ConnInfo, conn *os.File) error {
	msg, err := json.Marshal(info)
	if err != nil {
		return err
	}
	rc, err := sock.SyscallConn()
	if err != nil {
		return err
	}
	cc, err := conn.SyscallConn()
	if err != nil {
		return err
	}
	var sendErr error
	err = cc.Control(func(connFd uintptr) {
		err := rc.Control(func(fd uintptr) {
			sendErr = unix.Sendmsg(int(fd), msg, unix.UnixRights(int(connFd)), nil, unix.MSG_NOSIGNAL|unix.MSG_DONTWAIT)
		})
		if err != nil {
			sendErr = err
		}
	})
	if err != nil {
		return err
	}
	return sendErr
}

// ReadyMessage is what a backend writes on its hand-off socketpair when
// its session ended cleanly and it has reset itself for another one
// (lib/backend's pool reuse): the prefix, then the name of the database
// whose catalog cache it keeps warm ("" for none).
const ReadyMessage = "ready "

// SendReady tells the postmaster this backend can take another
// connection.
func SendReady(sock *os.File, database string) error {
	_, err := unix.Write(int(sock.Fd()), []byte(ReadyMessage+database))
	return err
}

// ReceiveConnection waits for SendConnection's message. An error (EOF
// included) means no connection will come.
func ReceiveConnection(sock *os.File) (ConnInfo, *os.File, error) {
	var info ConnInfo
	buf := make([]byte, 4096)
	oob := make([]byte, unix.CmsgSpace(4))
	for {
		n, oobn, _, _, err := unix.Recvmsg(int(sock.Fd()), buf, oob, unix.MSG_CMSG_CLOEXEC)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return info, nil, err
		}
		if n == 0 {
			return info, nil, io.EOF
		}
		msgs, err := unix.ParseSocketControlMessage(oob[:oobn])
		if err != nil || len(msgs) != 1 {
			return info, nil, fmt.Errorf("connection hand-off without a socket")
		}
		fds, err := unix.ParseUnixRights(&msgs[0])
		if err != nil || len(fds) != 1 {
			return info, nil, fmt.Errorf("connection hand-off without a socket")
		}
		if err := json.Unmarshal(buf[:n], &info); err != nil {
			unix.Close(fds[0])
			return info, nil, err
		}
		return info, os.NewFile(uintptr(fds[0]), "client socket"), nil
	}
}
