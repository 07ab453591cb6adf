// Package sighup keeps SIGHUP from killing a gpostgres process before the
// process handles it.
//
// The postmaster passes SIGHUP (a configuration reload) on to every child.
// A Go program dies of a SIGHUP that no os/signal channel is registered
// for, and a child registers its handler only after it has attached
// shared memory and read its settings; a pre-started backend also hands
// its handler over to the session's when a client arrives. PostgreSQL
// blocks signals across those windows; Go cannot, since its runtime
// unblocks SIGHUP on every thread it starts. Instead a C constructor,
// which runs when the program is loaded, before the Go runtime starts,
// sets SIGHUP to be ignored. The Go runtime keeps an inherited SIG_IGN for
// SIGHUP until signal.Notify asks for it, and restores it on signal.Stop,
// so between handlers a SIGHUP is ignored instead of fatal. A reload that
// arrives while it is ignored is made up for by the generation check of
// postmaster.Child (ReloadMissed, CatchUpReload).
//
// Only the server imports this package.
package sighup

/*
#include <signal.h>

__attribute__((constructor)) static void gpostgres_ignore_sighup(void) {
	signal(SIGHUP, SIG_IGN);
}
*/
import "C"
