// Package cli holds the command-line conventions the gpostgres tools share
// with PostgreSQL's: option errors worded as GNU getopt words them and
// followed by a `Try "prog --help" for more information.` hint, -? and
// --help printing a hand-written help text, -V and --version, and exit
// codes carried by errors.
//
// cmd/<binary> builds a cobra.Command with its flags, calls Setup, and
// returns Execute's exit code from main. All the work happens in lib/.
package cli
