// Command gpostgres is the database server: run by a user (or gpctl) it is
// the postmaster; run by the postmaster with a child role in its
// environment it is a backend or a background process. This file only
// declares the command line; lib/postmaster, lib/backend and lib/bg do the
// work.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/gpostgres/gpostgres/lib/backend"
	"github.com/gpostgres/gpostgres/lib/bg"
	"github.com/gpostgres/gpostgres/lib/cli"
	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/postmaster"
	"github.com/gpostgres/gpostgres/lib/proc"
	_ "github.com/gpostgres/gpostgres/lib/sighup" // before any other init: SIGHUP must not kill a child
	"github.com/spf13/cobra"
)

const prog = "gpostgres"

const help = `gpostgres is the PostgreSQL-compatible database server.

Usage:
  gpostgres [OPTION]...

Options:
  -B NBUFFERS        number of shared buffers
  -c NAME=VALUE      set run-time parameter
  -C NAME            print value of run-time parameter, then exit
  -D DATADIR         database directory
  -h HOSTNAME        host name or IP address to listen on
  -i                 enable TCP/IP connections (deprecated)
  -k DIRECTORY       Unix-domain socket location
  -N MAX-CONNECT     maximum number of allowed connections
  -p PORT            port number to listen on
  -V, --version      output version information, then exit
  --NAME=VALUE       set run-time parameter
  -?, --help         show this help, then exit

Use gpctl to start and stop the server in the background.
`

func main() {
	if _, isChild := proc.ChildRole(); isChild {
		os.Exit(runChild())
	}
	os.Exit(runPostmaster())
}

func runChild() int {
	c, err := postmaster.AttachChild()
	if err != nil {
		fmt.Fprintf(os.Stderr, "FATAL:  %v\n", err)
		return 1
	}
	switch c.Role {
	case proc.RoleBackend:
		// For developers: GPOSTGRES_CPUPROFILE=/tmp/prof writes a CPU
		// profile per backend, /tmp/prof.<pid>.
		if f := os.Getenv("GPOSTGRES_CPUPROFILE"); f != "" {
			out, _ := os.Create(fmt.Sprintf("%s.%d", f, os.Getpid()))
			pprof.StartCPUProfile(out)
			defer pprof.StopCPUProfile()
		}
		return backend.Main(c)
	case proc.RoleCheckpointer:
		return bg.RunCheckpointer(c)
	case proc.RoleBgWriter:
		return bg.RunBgWriter(c)
	case proc.RoleWalWriter:
		return bg.RunWalWriter(c)
	case proc.RoleAutovacuumLauncher:
		return bg.RunAutovacuumLauncher(c)
	case proc.RoleAutovacuumWorker:
		return backend.AutovacuumWorkerMain(c)
	case proc.RoleLogger:
		return bg.RunLogger(c)
	case proc.RoleStartup:
		return bg.RunStartup(c)
	case proc.RoleArchiver:
		return bg.RunArchiver(c)
	}
	fmt.Fprintf(os.Stderr, "FATAL:  unknown child role %q\n", c.Role.Title())
	return 1
}

func runPostmaster() int {
	var (
		dataDir, port, sockets, listen, buffers, maxConn, showVar string
		settings                                                  []string
		tcpOn                                                     bool
	)
	exit := 0
	cmd := &cobra.Command{
		Use:   prog,
		Short: "the PostgreSQL-compatible database server",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dataDir == "" {
				dataDir = os.Getenv("PGDATA")
			}
			if dataDir == "" {
				fmt.Fprintf(os.Stderr, "%s does not know where to find the server configuration file.\n"+
					"You must specify the -D invocation option or set the PGDATA environment variable.\n", prog)
				return &cli.ExitError{Code: 2}
			}
			var opts []proc.Setting
			add := func(name, value string) {
				opts = append(opts, proc.Setting{Name: name, Value: value, Source: int(config.SourceCommandLine)})
			}
			fs := cmd.Flags()
			for _, f := range []struct{ flag, param, value string }{
				{"port", "port", port}, {"socket-dir", "unix_socket_directories", sockets},
				{"listen", "listen_addresses", listen}, {"shared-buffers", "shared_buffers", buffers},
				{"max-connections", "max_connections", maxConn},
			} {
				if fs.Changed(f.flag) {
					add(f.param, f.value)
				}
			}
			if tcpOn {
				add("listen_addresses", "*")
			}
			for _, kv := range settings {
				name, value, ok := strings.Cut(kv, "=")
				if !ok {
					return cli.Usagef("-c %s requires a value", kv)
				}
				add(strings.ReplaceAll(name, "-", "_"), value)
			}
			if showVar != "" {
				v, err := postmaster.ShowSetting(dataDir, opts, showVar)
				if err != nil {
					fmt.Fprintf(os.Stderr, "%s: %v\n", prog, err)
					return &cli.ExitError{Code: 1}
				}
				fmt.Println(v)
				return nil
			}
			exit = postmaster.Run(postmaster.Options{DataDir: dataDir, Settings: opts, CommandLine: os.Args})
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&dataDir, "pgdata", "D", "", "database directory")
	f.StringArrayVarP(&settings, "set", "c", nil, "set run-time parameter NAME=VALUE")
	f.StringVarP(&port, "port", "p", "", "port number to listen on")
	f.StringVarP(&sockets, "socket-dir", "k", "", "Unix-domain socket location")
	f.StringVarP(&listen, "listen", "h", "", "host name or IP address to listen on")
	f.BoolVarP(&tcpOn, "tcpip", "i", false, "enable TCP/IP connections (deprecated)")
	f.StringVarP(&buffers, "shared-buffers", "B", "", "number of shared buffers")
	f.StringVarP(&maxConn, "max-connections", "N", "", "maximum number of allowed connections")
	f.StringVarP(&showVar, "show", "C", "", "print value of run-time parameter, then exit")
	cli.Setup(cmd, prog, help)
	code := cli.Execute(cmd, prog, cli.HintBare, longOptionsToSettings(os.Args[1:], cmd))
	if code != 0 {
		return code
	}
	return exit
}

// longOptionsToSettings turns PostgreSQL's --name=value form into -c
// name=value for any name that is not one of our own long flags.
func longOptionsToSettings(args []string, cmd *cobra.Command) []string {
	out := make([]string, 0, len(args))
	for _, a := range args {
		if name, value, ok := strings.Cut(strings.TrimPrefix(a, "--"), "="); ok && strings.HasPrefix(a, "--") && cmd.Flags().Lookup(name) == nil {
			out = append(out, "-c", name+"="+value)
			continue
		}
		out = append(out, a)
	}
	return out
}
