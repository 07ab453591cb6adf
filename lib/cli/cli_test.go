// Tests of the PostgreSQL-style command-line conventions.

package cli

import (
	"bytes"
	"os"
	"testing"

	"github.com/spf13/cobra"
)

func TestGetoptMessages(t *testing.T) {
	for in, want := range map[string]string{
		"unknown shorthand flag: 'Z' in -Z":                            "invalid option -- 'Z'",
		"unknown flag: --foo":                                          "unrecognized option '--foo'",
		"flag needs an argument: 'D' in -D":                            "option requires an argument -- 'D'",
		"flag needs an argument: --pgdata":                             "option '--pgdata' requires an argument",
		`invalid argument "x" for "-t, --timeout" flag: strconv error`: `invalid argument "x" for option '--timeout'`,
	} {
		if got, ok := getoptMessage(in); !ok || got != want {
			t.Errorf("getoptMessage(%q) = %q, want %q", in, got, want)
		}
	}
	if _, ok := getoptMessage("something else"); ok {
		t.Error("unrelated error converted")
	}
}

func run(t *testing.T, style HintStyle, args ...string) (string, string, int) {
	cmd := &cobra.Command{Use: "prog", RunE: func(c *cobra.Command, a []string) error {
		if len(a) > 0 && a[0] == "usage" {
			return Usagef("too many command-line arguments (first is \"%s\")", a[0])
		}
		if len(a) > 0 && a[0] == "exit3" {
			return Exit(3)
		}
		return nil
	}}
	cmd.Flags().StringP("pgdata", "D", "", "")
	Setup(cmd, "prog", "HELP TEXT\n")
	var out, errb bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	code := Execute(cmd, "prog", style, args)
	return out.String(), errb.String(), code
}

func TestExecute(t *testing.T) {
	argv0 := os.Args[0]
	if out, _, code := run(t, HintPrefixed, "-?"); out != "HELP TEXT\n" || code != 0 {
		t.Errorf("-?: %q %d", out, code)
	}
	if out, _, code := run(t, HintPrefixed, "-V"); out != "prog (PostgreSQL) "+Version+"\n" || code != 0 {
		t.Errorf("-V: %q %d", out, code)
	}
	if _, errs, code := run(t, HintPrefixed, "-Z"); errs != argv0+": invalid option -- 'Z'\nprog: hint: Try \"prog --help\" for more information.\n" || code != 1 {
		t.Errorf("-Z: %q %d", errs, code)
	}
	if _, errs, code := run(t, HintBare, "--nope"); errs != argv0+": unrecognized option '--nope'\nTry \"prog --help\" for more information.\n" || code != 1 {
		t.Errorf("--nope: %q %d", errs, code)
	}
	if _, errs, code := run(t, HintPrefixed, "usage"); errs != "prog: error: too many command-line arguments (first is \"usage\")\nprog: hint: Try \"prog --help\" for more information.\n" || code != 1 {
		t.Errorf("usage: %q %d", errs, code)
	}
	if _, errs, code := run(t, HintBare, "usage"); errs != "prog: too many command-line arguments (first is \"usage\")\nTry \"prog --help\" for more information.\n" || code != 1 {
		t.Errorf("usage bare: %q %d", errs, code)
	}
	if _, _, code := run(t, HintBare, "exit3"); code != 3 {
		t.Errorf("exit3: %d", code)
	}
}
