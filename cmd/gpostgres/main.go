// Command gpostgres is the database server: run by a user (or gpctl) it is
// the postmaster; run by the postmaster with a child role in its
// environment it is a backend or a background process.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/gpostgres/gpostgres/lib/backend"
	"github.com/gpostgres/gpostgres/lib/bg"
	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/postmaster"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/spf13/cobra"
)

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
		return backend.Main(c)
	case proc.RoleCheckpointer:
		return bg.RunCheckpointer(c)
	case proc.RoleBgWriter:
		return bg.RunBgWriter(c)
	case proc.RoleWalWriter:
		return bg.RunWalWriter(c)
	case proc.RoleAutovacuumLauncher:
		return bg.RunAutovacuumLauncher(c)
	case proc.RoleLogger:
		return bg.RunLogger(c)
	}
	fmt.Fprintf(os.Stderr, "FATAL:  unknown child role %q\n", c.Role.Title())
	return 1
}

func runPostmaster() int {
	var (
		dataDir  string
		settings []string
		port     string
		sockets  string
		listen   string
		buffers  string
		maxConn  string
		showVar  string
		tcpOn    bool
	)
	exit := 0
	cmd := &cobra.Command{
		Use:   "gpostgres [OPTION]...",
		Short: "gpostgres is the PostgreSQL-compatible database server.",
		Long: "gpostgres is the PostgreSQL-compatible database server.\n\n" +
			"Start it with gpctl, or directly: gpostgres -D DATADIR.",
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dataDir == "" {
				dataDir = os.Getenv("PGDATA")
			}
			if dataDir == "" {
				return fmt.Errorf("%s does not know where to find the server configuration file.\n"+
					"You must specify the --config-file or -D invocation option or set the PGDATA environment variable.", "gpostgres")
			}
			var opts []proc.Setting
			add := func(name, value string) {
				opts = append(opts, proc.Setting{Name: name, Value: value, Source: int(config.SourceCommandLine)})
			}
			flagSet := cmd.Flags()
			if flagSet.Changed("port") {
				add("port", port)
			}
			if flagSet.Changed("socket-dir") {
				add("unix_socket_directories", sockets)
			}
			if flagSet.Changed("listen") {
				add("listen_addresses", listen)
			}
			if tcpOn {
				add("listen_addresses", "*")
			}
			if flagSet.Changed("shared-buffers") {
				add("shared_buffers", buffers)
			}
			if flagSet.Changed("max-connections") {
				add("max_connections", maxConn)
			}
			for _, kv := range settings {
				name, value, ok := strings.Cut(kv, "=")
				if !ok {
					return fmt.Errorf("-c %s requires a value", kv)
				}
				add(strings.ReplaceAll(name, "-", "_"), value)
			}
			if showVar != "" {
				v, err := postmaster.ShowSetting(dataDir, opts, showVar)
				if err != nil {
					return err
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
	f.Bool("help", false, "show this help, then exit")
	// PostgreSQL accepts --name=value for any parameter; cobra cannot, so
	// those go through -c.
	cmd.SetArgs(os.Args[1:])
	if err := cmd.Execute(); err != nil {
		fmt.Fprintf(os.Stderr, "gpostgres: %v\n", err)
		return 1
	}
	return exit
}
