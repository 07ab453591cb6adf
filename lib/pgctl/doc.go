// Package pgctl implements gpctl, PostgreSQL's pg_ctl for gpostgres:
// init, start, stop, restart, reload, status, promote, logrotate and kill.
//
// gpctl talks to the server only through files and signals, exactly as
// pg_ctl does, so it also drives PostgreSQL's own postgres binary (-p):
//
//   - start launches the server in a new session with standard input from
//     /dev/null and output appended to the -l file, then (with -w, the
//     default) polls postmaster.pid until line 1 names the launched PID,
//     line 3 a start time not before gpctl's, and line 8 "ready" or
//     "standby".
//   - stop sends SIGTERM (smart), SIGINT (fast, the default) or SIGQUIT
//     (immediate) and waits for postmaster.pid to disappear.
//   - reload sends SIGHUP; promote and logrotate create a signal file in
//     the data directory and send SIGUSR1.
//   - restart stops, then starts with the options recorded in
//     postmaster.opts unless -o is given.
//   - status exits 0 (running), 3 (not running) or 4 (no data directory).
//
// Messages and exit codes are pg_ctl's with "gpctl" for "pg_ctl"; the
// server is found next to gpctl's own executable. Unlike pg_ctl, gpctl
// splits -o itself with shell quoting rules instead of running /bin/sh,
// does not refuse to run as root, and refuses "kill SIG 0" (pg_ctl would
// signal its own process group).
package pgctl
