// Command gpsql is the interactive terminal and script runner for
// gpostgres, an interim subset of PostgreSQL's psql. This file only
// declares the command line; lib/psql does the work.
package main

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"strings"

	"github.com/gpostgres/gpostgres/lib/cli"
	"github.com/gpostgres/gpostgres/lib/psql"
	"github.com/spf13/cobra"
)

const help = `gpsql is the gpostgres interactive terminal.

Usage:
  gpsql [OPTION]... [DBNAME [USERNAME]]

General options:
  -c, --command=COMMAND    run only single command (SQL or internal) and exit
  -d, --dbname=DBNAME      database name to connect to (default: "%[1]s")
  -f, --file=FILENAME      execute commands from file, then exit
  -v, --set=, --variable=NAME=VALUE
                           set gpsql variable NAME to VALUE
                           (e.g., -v ON_ERROR_STOP=1)
  -V, --version            output version information, then exit
  -X, --no-psqlrc          do not read startup file (gpsql reads none yet)
  -?, --help               show this help, then exit

Input and output options:
  -a, --echo-all           echo all input from script
  -e, --echo-queries       echo commands sent to server
  -o, --output=FILENAME    send query results to file
  -q, --quiet              run quietly (no messages, only query output)

Output format options:
  -A, --no-align           unaligned table output mode
  -F, --field-separator=STRING
                           field separator for unaligned output (default: "|")
  -P, --pset=VAR[=ARG]     set printing option VAR to ARG (see \pset command)
  -R, --record-separator=STRING
                           record separator for unaligned output (default: newline)
  -t, --tuples-only        print rows only

Connection options:
  -h, --host=HOSTNAME      database server host or socket directory (default: "/tmp")
  -p, --port=PORT          database server port (default: "5432")
  -U, --username=USERNAME  database user name (default: "%[1]s")
  -w, --no-password        never prompt for password
  -W, --password           force password prompt

This interim gpsql runs SQL and prints results as psql does; psql's
backslash commands other than \q, \g and \echo come with the complete
gpsql.
`

// actionFlag collects -c and -f in command-line order.
type actionFlag struct {
	kind psql.ActionKind
	list *[]psql.Action
}

func (a actionFlag) String() string { return "" }
func (a actionFlag) Type() string   { return "string" }
func (a actionFlag) Set(v string) error {
	*a.list = append(*a.list, psql.Action{Kind: a.kind, Value: v})
	return nil
}

// varFlag collects -v NAME=VALUE.
type varFlag map[string]string

func (v varFlag) String() string { return "" }
func (v varFlag) Type() string   { return "string" }
func (v varFlag) Set(s string) error {
	name, value, _ := strings.Cut(s, "=")
	v[name] = value
	return nil
}

func main() {
	o := psql.Options{Print: psql.DefaultPrintOptions(), Vars: map[string]string{}}
	var (
		unaligned, tuplesOnly, noPassword, password, noPsqlrc, echoAll, echoQueries bool
		fieldSep, recordSep, output                                                 string
		psets                                                                       []string
	)
	osUser := "postgres"
	if u, err := user.Current(); err == nil {
		osUser = u.Username
	}
	cmd := &cobra.Command{
		Use:  "gpsql [OPTION]... [DBNAME [USERNAME]]",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, a := range args {
				switch {
				case o.Conn.DBName == "":
					o.Conn.DBName = a
				case o.Conn.User == "":
					o.Conn.User = a
				case !o.Quiet:
					fmt.Fprintf(os.Stderr, "%s: warning: extra command-line argument \"%s\" ignored\n", psql.Prog, a)
				}
			}
			if unaligned {
				o.Print.Format = psql.FormatUnaligned
			}
			o.Print.TuplesOnly = tuplesOnly
			if cmd.Flags().Changed("field-separator") {
				o.Print.FieldSep = fieldSep
			}
			if cmd.Flags().Changed("record-separator") {
				o.Print.RecordSep = recordSep
			}
			for _, p := range psets {
				name, value, _ := strings.Cut(p, "=")
				if err := psql.SetPrintOption(&o.Print, name, value); err != nil {
					fmt.Fprintf(os.Stderr, "%s: error: %s\n", psql.Prog, err)
					return cli.Exit(psql.ExitFailure)
				}
			}
			if password && !noPassword {
				pw, err := cli.PromptPassword(fmt.Sprintf("Password for user %s: ", userForPrompt(o.Conn.User, osUser)))
				if err != nil {
					return cli.Exit(psql.ExitBadConn)
				}
				o.Conn.Password = pw
			}
			o.Conn.AppName = "gpsql"
			o.Stdin, o.Stdout, o.Stderr = os.Stdin, os.Stdout, os.Stderr
			if output != "" {
				f, err := os.Create(output)
				if err != nil {
					fmt.Fprintf(os.Stderr, "%s: error: could not open file \"%s\": %s\n", psql.Prog, output, err)
					return cli.Exit(psql.ExitFailure)
				}
				defer f.Close()
				o.Stdout = f
			}
			o.Interactive = len(o.Actions) == 0 && cli.IsTerminal(os.Stdin) && cli.IsTerminal(os.Stdout)
			if echoAll {
				o.Vars["ECHO"] = "all"
			} else if echoQueries {
				o.Vars["ECHO"] = "queries"
			}
			_ = noPsqlrc
			if code := psql.Run(context.Background(), o); code != 0 {
				return cli.Exit(code)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.VarP(actionFlag{psql.ActionCommand, &o.Actions}, "command", "c", "")
	f.VarP(actionFlag{psql.ActionFile, &o.Actions}, "file", "f", "")
	f.StringVarP(&o.Conn.DBName, "dbname", "d", "", "")
	f.BoolVarP(&o.ListDatabases, "list", "l", false, "")
	vars := varFlag(o.Vars)
	f.VarP(vars, "variable", "v", "")
	f.Var(vars, "set", "")
	f.BoolVarP(&noPsqlrc, "no-psqlrc", "X", false, "")
	f.BoolVarP(&echoAll, "echo-all", "a", false, "")
	f.BoolVarP(&echoQueries, "echo-queries", "e", false, "")
	f.StringVarP(&output, "output", "o", "", "")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "")
	f.BoolVarP(&unaligned, "no-align", "A", false, "")
	f.StringVarP(&fieldSep, "field-separator", "F", "", "")
	f.StringArrayVarP(&psets, "pset", "P", nil, "")
	f.StringVarP(&recordSep, "record-separator", "R", "", "")
	f.BoolVarP(&tuplesOnly, "tuples-only", "t", false, "")
	f.StringVarP(&o.Conn.Host, "host", "h", "", "")
	f.StringVarP(&o.Conn.Port, "port", "p", "", "")
	f.StringVarP(&o.Conn.User, "username", "U", "", "")
	f.BoolVarP(&noPassword, "no-password", "w", false, "")
	f.BoolVarP(&password, "password", "W", false, "")
	cli.Setup(cmd, psql.Prog, fmt.Sprintf(help, osUser))
	os.Exit(cli.Execute(cmd, psql.Prog, cli.HintPrefixed, os.Args[1:]))
}

func userForPrompt(given, osUser string) string {
	if given != "" {
		return given
	}
	if u := os.Getenv("PGUSER"); u != "" {
		return u
	}
	return osUser
}
