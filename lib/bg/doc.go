// Package bg holds the postmaster's background processes, each the main
// function of one child role, as PostgreSQL's src/backend/postmaster/
// checkpointer.c, bgwriter.c, walwriter.c, autovacuum.c, syslogger.c and
// pgarch.c.
//
// Every process runs the same shape of loop: sleep until its interval
// passes or a signal arrives, re-read the configuration after SIGHUP, do
// one round of work, and exit on SIGTERM/SIGUSR2 (the postmaster's orderly
// shutdown) or at once on SIGQUIT. Each holds a proc slot in shared memory,
// so the postmaster can tell whether one that died did so in a critical
// state.
//
// What each round does grows with the storage layer: the checkpointer
// serves checkpoint requests and writes the control file at every
// checkpoint and at shutdown; the background writer and walwriter keep
// their schedules; the autovacuum launcher asks the postmaster for
// autovacuum workers, one database at a time (see README.md). The logger
// (logging_collector = on) is complete: it copies everything the other
// processes write to their standard error into log_directory/log_filename
// and rotates files by age and size. The archiver (archive_mode = on) runs
// archive_command for every finished WAL segment, oldest first, and marks
// it done; it tells SIGTERM from SIGUSR2 (see README.md).
package bg
