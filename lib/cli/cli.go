// Cobra configuration and error mapping for PostgreSQL-style tools.

package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"

	"github.com/spf13/cobra"
)

// Version is what the tools print for --version, after their name and
// "(PostgreSQL)". It matches the server's version() string.
const Version = "15.18 (gpostgres 0.1)"

// HintStyle selects how the "Try --help" line is written: PostgreSQL's
// newer tools (initdb, psql, pg_basebackup) prefix it with "prog: hint: ",
// pg_ctl writes it bare.
type HintStyle int

const (
	HintPrefixed HintStyle = iota // prog: hint: Try "prog --help" for more information.
	HintBare                      // Try "prog --help" for more information.
)

// ExitError ends a command with an exit code. Its message, if any, has
// already been printed by the command (PostgreSQL tools print several
// lines of error, detail and hint before exiting).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Exit returns an error that makes Execute return code.
func Exit(code int) error { return &ExitError{Code: code} }

// UsageError is a command-line mistake found after flag parsing (too many
// arguments, an unknown mode). Execute prints "prog: <Msg>" (or "prog:
// error: <Msg>" with HintPrefixed) and the --help hint, and exits 1.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Usagef returns a UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// Setup makes cmd behave like a PostgreSQL tool: -?/--help print help,
// -V/--version print "prog (PostgreSQL) Version", and cobra prints nothing
// by itself. Call it after defining the command's own flags.
func Setup(cmd *cobra.Command, prog, help string) {
	cmd.SilenceErrors = true
	cmd.SilenceUsage = true
	cmd.DisableFlagsInUseLine = true
	cmd.CompletionOptions.DisableDefaultCmd = true
	f := cmd.Flags()
	f.BoolP("help", "?", false, "show this help, then exit")
	f.BoolP("version", "V", false, "output version information, then exit")
	if cmd.Long == "" {
		cmd.Long = help
	}
	cmd.SetHelpFunc(func(c *cobra.Command, _ []string) {
		io.WriteString(c.OutOrStdout(), help)
	})
	cmd.Version = Version
	cmd.SetVersionTemplate(prog + " (PostgreSQL) {{.Version}}\n")
}

// manPageFlag, given alone with a directory, writes prog.1 there instead of
// running the program (in a binary built with the manpages tag). It is not
// a user-facing option, so it is not in the flag set or the help text.
const manPageFlag = "--generate-man-page"

// Execute runs cmd with args and returns the process exit code, printing
// flag errors as getopt and PostgreSQL do:
//
//	/path/to/prog: invalid option -- 'Z'
//	prog: hint: Try "prog --help" for more information.
func Execute(cmd *cobra.Command, prog string, style HintStyle, args []string) int {
	if len(args) == 2 && args[0] == manPageFlag {
		return writeManPage(cmd, prog, args[1])
	}
	cmd.SetArgs(args)
	err := cmd.Execute()
	if err == nil {
		return 0
	}
	stderr := cmd.ErrOrStderr()
	var exit *ExitError
	if errors.As(err, &exit) {
		return exit.Code
	}
	var usage *UsageError
	if errors.As(err, &usage) {
		if style == HintPrefixed {
			fmt.Fprintf(stderr, "%s: error: %s\n", prog, usage.Msg)
		} else {
			fmt.Fprintf(stderr, "%s: %s\n", prog, usage.Msg)
		}
		TryHelp(stderr, prog, style)
		return 1
	}
	if msg, ok := getoptMessage(err.Error()); ok {
		argv0 := prog
		if len(os.Args) > 0 {
			argv0 = os.Args[0]
		}
		fmt.Fprintf(stderr, "%s: %s\n", argv0, msg)
		TryHelp(stderr, prog, style)
		return 1
	}
	fmt.Fprintf(stderr, "%s: error: %s\n", prog, err)
	return 1
}

// TryHelp prints the "Try --help" line.
func TryHelp(w io.Writer, prog string, style HintStyle) {
	if style == HintPrefixed {
		fmt.Fprintf(w, "%s: hint: Try \"%s --help\" for more information.\n", prog, prog)
	} else {
		fmt.Fprintf(w, "Try \"%s --help\" for more information.\n", prog)
	}
}

// getoptMessage rewrites a pflag parse error into glibc getopt's wording.
// Its patterns are compiled on each call, an error path, instead of at
// package initialization: every server process would otherwise build
// and keep them (about 45 kB, bench/README.md's idle memory).
func getoptMessage(s string) (string, bool) {
	var (
		reUnknownShort = regexp.MustCompile(`^unknown shorthand flag: '(.)' in -`)
		reUnknownLong  = regexp.MustCompile(`^unknown flag: (--\S+)`)
		reNeedsShort   = regexp.MustCompile(`^flag needs an argument: '(.)' in -`)
		reNeedsLong    = regexp.MustCompile(`^flag needs an argument: (--\S+)`)
		reBadSyntax    = regexp.MustCompile(`^bad flag syntax: (\S+)`)
		reInvalidArg   = regexp.MustCompile(`^invalid argument "(.*)" for "(?:-(.), )?--(\S+)" flag`)
	)
	if m := reUnknownShort.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("invalid option -- '%s'", m[1]), true
	}
	if m := reUnknownLong.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("unrecognized option '%s'", m[1]), true
	}
	if m := reNeedsShort.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("option requires an argument -- '%s'", m[1]), true
	}
	if m := reNeedsLong.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("option '%s' requires an argument", m[1]), true
	}
	if m := reBadSyntax.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("unrecognized option '%s'", m[1]), true
	}
	if m := reInvalidArg.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("invalid argument \"%s\" for option '--%s'", m[1], m[3]), true
	}
	return "", false
}
