// Command gpinitdb creates a gpostgres data directory, as PostgreSQL's
// initdb. This file only declares the command line; lib/initdb does the
// work.
package main

import (
	"os"

	"github.com/gpostgres/gpostgres/lib/cli"
	"github.com/gpostgres/gpostgres/lib/initdb"
	"github.com/spf13/cobra"
)

const help = `gpinitdb initializes a gpostgres database cluster.

Usage:
  gpinitdb [OPTION]... [DATADIR]

Options:
  -A, --auth=METHOD         default authentication method for local connections
      --auth-host=METHOD    default authentication method for local TCP/IP connections
      --auth-local=METHOD   default authentication method for local-socket connections
 [-D, --pgdata=]DATADIR     location for this database cluster
  -E, --encoding=ENCODING   set default encoding for new databases (UTF8 only)
  -g, --allow-group-access  allow group read/execute on data directory
      --icu-locale=LOCALE   set ICU locale ID for new databases (not supported)
  -k, --data-checksums      use data page checksums
      --locale=LOCALE       set default locale for new databases
      --lc-collate=, --lc-ctype=, --lc-messages=LOCALE
      --lc-monetary=, --lc-numeric=, --lc-time=LOCALE
                            set default locale in the respective category for
                            new databases (default taken from environment)
      --no-locale           equivalent to --locale=C
      --locale-provider={libc|icu}
                            set default locale provider for new databases
      --pwfile=FILE         read password for the new superuser from file
  -T, --text-search-config=CFG
                            default text search configuration
  -U, --username=NAME       database superuser name
  -W, --pwprompt            prompt for a password for the new superuser
  -X, --waldir=WALDIR       location for the write-ahead log directory
      --wal-segsize=SIZE    size of WAL segments, in megabytes (16 only)

Less commonly used options:
  -d, --debug               generate lots of debugging output
  -L DIRECTORY              where to find the input files
  -n, --no-clean            do not clean up after errors
  -N, --no-sync             do not wait for changes to be written safely to disk
      --no-instructions     do not print instructions for next steps
  -s, --show                show internal settings
  -S, --sync-only           only sync database files to disk, then exit

Other options:
  -V, --version             output version information, then exit
  -?, --help                show this help, then exit

If the data directory is not specified, the environment variable PGDATA
is used.

Passwords given with --pwfile or -W are checked but not stored yet:
password authentication arrives with the pg_authid catalog.
`

func main() {
	var o initdb.Options
	cmd := &cobra.Command{
		Use:  "gpinitdb [OPTION]... [DATADIR]",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 && o.DataDir == "" {
				o.DataDir, args = args[0], args[1:]
			}
			if len(args) > 0 {
				return cli.Usagef("too many command-line arguments (first is \"%s\")", args[0])
			}
			o.Argv0 = os.Args[0]
			return initdb.Run(o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.Auth, "auth", "A", "", "")
	f.StringVar(&o.AuthHost, "auth-host", "", "")
	f.StringVar(&o.AuthLocal, "auth-local", "", "")
	f.StringVarP(&o.DataDir, "pgdata", "D", "", "")
	f.StringVarP(&o.Encoding, "encoding", "E", "", "")
	f.BoolVarP(&o.AllowGroupAccess, "allow-group-access", "g", false, "")
	f.StringVar(&o.ICULocale, "icu-locale", "", "")
	f.BoolVarP(&o.DataChecksums, "data-checksums", "k", false, "")
	f.StringVar(&o.Locale, "locale", "", "")
	f.StringVar(&o.LcCollate, "lc-collate", "", "")
	f.StringVar(&o.LcCtype, "lc-ctype", "", "")
	f.StringVar(&o.LcMessages, "lc-messages", "", "")
	f.StringVar(&o.LcMonetary, "lc-monetary", "", "")
	f.StringVar(&o.LcNumeric, "lc-numeric", "", "")
	f.StringVar(&o.LcTime, "lc-time", "", "")
	f.BoolVar(&o.NoLocale, "no-locale", false, "")
	f.StringVar(&o.LocaleProvider, "locale-provider", "", "")
	f.StringVar(&o.PwFile, "pwfile", "", "")
	f.StringVarP(&o.TextSearchConfig, "text-search-config", "T", "", "")
	f.StringVarP(&o.Username, "username", "U", "", "")
	f.BoolVarP(&o.PwPrompt, "pwprompt", "W", false, "")
	f.StringVarP(&o.WALDir, "waldir", "X", "", "")
	f.StringVar(&o.WALSegSize, "wal-segsize", "", "")
	f.BoolVarP(&o.Debug, "debug", "d", false, "")
	f.Bool("discard-caches", false, "")
	f.StringVarP(&o.ShareDir, "L", "L", "", "")
	f.BoolVarP(&o.NoClean, "no-clean", "n", false, "")
	f.BoolVarP(&o.NoSync, "no-sync", "N", false, "")
	f.BoolVar(&o.NoInstructions, "no-instructions", false, "")
	f.BoolVarP(&o.Show, "show", "s", false, "")
	f.BoolVarP(&o.SyncOnly, "sync-only", "S", false, "")
	cli.Setup(cmd, initdb.Prog, help)
	os.Exit(cli.Execute(cmd, initdb.Prog, cli.HintPrefixed, os.Args[1:]))
}
