// Package postmaster is the gpostgres server's parent process: it owns the
// data directory lock, the shared memory segment and the listening sockets,
// starts every other process as a child, and decides what happens when one
// of them exits. It corresponds to PostgreSQL's src/backend/postmaster/
// postmaster.c in its EXEC_BACKEND form.
//
// # Lifecycle
//
//  1. Run checks the data directory, reads postgresql.conf (with -c
//     overrides), creates postmaster.pid, creates the shared memory segment
//     and loads the control file into it (every child sees it from its
//     start), and binds the TCP and Unix sockets.
//  2. It starts the logger (when logging_collector is on) and the background
//     processes (checkpointer, background writer, walwriter, autovacuum
//     launcher), then writes "ready" into postmaster.pid.
//  3. Its loop accepts connections, starting one backend process per
//     connection and handing it the socket, reaps children, and reacts to
//     signals: SIGHUP reload, SIGTERM smart, SIGINT fast and SIGQUIT immediate
//     shutdown — the same signals as PostgreSQL, so gpctl and pg_ctl-minded
//     scripts drive it the same way.
//
// # Children
//
// Go cannot fork without exec, so every child is the gpostgres executable
// exec'd again (see package proc for the environment contract). All children
// are started from one goroutine locked to its OS thread, so that Pdeathsig,
// which fires when the creating thread ends, fires only when the postmaster
// dies; each child also watches a pipe whose EOF means the same.
//
// # When a child dies
//
// A background process that exits is started again. A backend that exits
// with status 0 needs nothing. Any other exit of a child (a signal, a Go
// panic's status 2, os.Exit(1)) is a crash; if the child's proc slot shows it
// held no LWLock and was in no critical section, its slot is released and
// everyone else carries on. Otherwise shared memory may be inconsistent: the
// postmaster sends SIGQUIT to every child, waits for them, resets shared
// memory and starts over with recovery, as PostgreSQL does.
package postmaster
