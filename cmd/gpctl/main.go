// Command gpctl starts, stops and controls a gpostgres server, as
// PostgreSQL's pg_ctl. This file only declares the command line; lib/pgctl
// does the work.
package main

import (
	"os"

	"github.com/gpostgres/gpostgres/lib/cli"
	"github.com/gpostgres/gpostgres/lib/pgctl"
	"github.com/spf13/cobra"
)

const help = `gpctl is a utility to initialize, start, stop, or control a gpostgres server.

Usage:
  gpctl init[db]   [-D DATADIR] [-s] [-o OPTIONS]
  gpctl start      [-D DATADIR] [-l FILENAME] [-W] [-t SECS] [-s]
                   [-o OPTIONS] [-p PATH] [-c]
  gpctl stop       [-D DATADIR] [-m SHUTDOWN-MODE] [-W] [-t SECS] [-s]
  gpctl restart    [-D DATADIR] [-m SHUTDOWN-MODE] [-W] [-t SECS] [-s]
                   [-o OPTIONS] [-c]
  gpctl reload     [-D DATADIR] [-s]
  gpctl status     [-D DATADIR]
  gpctl promote    [-D DATADIR] [-W] [-t SECS] [-s]
  gpctl logrotate  [-D DATADIR] [-s]
  gpctl kill       SIGNALNAME PID

Common options:
  -D, --pgdata=DATADIR   location of the database storage area
  -s, --silent           only print errors, no informational messages
  -t, --timeout=SECS     seconds to wait when using -w option
  -V, --version          output version information, then exit
  -w, --wait             wait until operation completes (default)
  -W, --no-wait          do not wait until operation completes
  -?, --help             show this help, then exit
If the -D option is omitted, the environment variable PGDATA is used.

Options for start or restart:
  -c, --core-files       allow gpostgres to produce core files
  -l, --log=FILENAME     write (or append) server log to FILENAME
  -o, --options=OPTIONS  command line options to pass to gpostgres
                         (gpostgres server executable) or gpinitdb
  -p PATH-TO-GPOSTGRES   normally not necessary

Options for stop or restart:
  -m, --mode=MODE        MODE can be "smart", "fast", or "immediate"

Shutdown modes are:
  smart       quit after all clients have disconnected
  fast        quit directly, with proper shutdown (default)
  immediate   quit without complete shutdown; will lead to recovery on restart

Allowed signal names for kill:
  ABRT HUP INT KILL QUIT TERM USR1 USR2
`

func main() {
	var o pgctl.Options
	var wait bool
	cmd := &cobra.Command{
		Use:  "gpctl COMMAND",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.PostOptsSet = cmd.Flags().Changed("options")
			if cmd.Flags().Changed("wait") && wait {
				o.NoWait = false
			}
			if len(args) > 0 {
				o.Command = args[0]
				need := 1
				if o.Command == "kill" {
					if len(args) < 3 {
						return cli.Usagef("missing arguments for kill mode")
					}
					o.KillSignal, o.KillPID = args[1], args[2]
					need = 3
				}
				if !known(o.Command) {
					return cli.Usagef("unrecognized operation mode \"%s\"", o.Command)
				}
				if len(args) > need {
					return cli.Usagef("too many command-line arguments (first is \"%s\")", args[0])
				}
			}
			return pgctl.Run(o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.DataDir, "pgdata", "D", "", "")
	f.StringVarP(&o.LogFile, "log", "l", "", "")
	f.StringArrayVarP(&o.PostOpts, "options", "o", nil, "")
	f.BoolVarP(&wait, "wait", "w", false, "")
	f.BoolVarP(&o.NoWait, "no-wait", "W", false, "")
	f.StringVarP(&o.Timeout, "timeout", "t", "", "")
	f.StringVarP(&o.Mode, "mode", "m", "", "")
	f.BoolVarP(&o.Silent, "silent", "s", false, "")
	f.StringVarP(&o.ExecPath, "p", "p", "", "")
	f.BoolVarP(&o.CoreFiles, "core-files", "c", false, "")
	f.StringP("e", "e", "", "") // event source: Windows only, accepted
	cli.Setup(cmd, pgctl.Prog, help)
	os.Exit(cli.Execute(cmd, pgctl.Prog, cli.HintBare, os.Args[1:]))
}

func known(c string) bool {
	switch c {
	case "init", "initdb", "start", "stop", "restart", "reload", "status", "promote", "logrotate", "kill":
		return true
	}
	return false
}
