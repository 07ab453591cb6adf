// Command gpbasebackup takes a base backup of a running gpostgres server,
// as PostgreSQL's pg_basebackup. Base backups are not implemented yet: the
// command accepts pg_basebackup's options and exits with status 1. This
// file only declares the command line; lib/basebackup does the work.
package main

import (
	"os"

	"github.com/gpostgres/gpostgres/lib/basebackup"
	"github.com/gpostgres/gpostgres/lib/cli"
	"github.com/spf13/cobra"
)

const help = `gpbasebackup takes a base backup of a running gpostgres server.

NOT IMPLEMENTED YET: base backups over the replication protocol arrive with
a later milestone. gpbasebackup accepts pg_basebackup's options and exits
with status 1.

Usage:
  gpbasebackup [OPTION]...

Options controlling the output:
  -D, --pgdata=DIRECTORY receive base backup into directory
  -F, --format=p|t       output format (plain (default), tar)
  -r, --max-rate=RATE    maximum transfer rate to transfer data directory
                         (in kB/s, or use suffix "k" or "M")
  -R, --write-recovery-conf
                         write configuration for replication
  -t, --target=TARGET[:DETAIL]
                         backup target (if other than client)
  -T, --tablespace-mapping=OLDDIR=NEWDIR
                         relocate tablespace in OLDDIR to NEWDIR
      --waldir=WALDIR    location for the write-ahead log directory
  -X, --wal-method=none|fetch|stream
                         include required WAL files with specified method
  -z, --gzip             compress tar output
  -Z, --compress=[{client|server}-]METHOD[:DETAIL]
                         compress on client or server as specified
  -Z, --compress=none    do not compress tar output

General options:
  -c, --checkpoint=fast|spread
                         set fast or spread checkpointing
  -C, --create-slot      create replication slot
  -l, --label=LABEL      set backup label
  -n, --no-clean         do not clean up after errors
  -N, --no-sync          do not wait for changes to be written safely to disk
  -P, --progress         show progress information
  -S, --slot=SLOTNAME    replication slot to use
  -v, --verbose          output verbose messages
  -V, --version          output version information, then exit
      --manifest-checksums=SHA{224,256,384,512}|CRC32C|NONE
                         use algorithm for manifest checksums
      --manifest-force-encode
                         hex encode all file names in manifest
      --no-estimate-size do not estimate backup size in server side
      --no-manifest      suppress generation of backup manifest
      --no-slot          prevent creation of temporary replication slot
      --no-verify-checksums
                         do not verify checksums
  -?, --help             show this help, then exit

Connection options:
  -d, --dbname=CONNSTR   connection string
  -h, --host=HOSTNAME    database server host or socket directory
  -p, --port=PORT        database server port number
  -s, --status-interval=INTERVAL
                         time between status packets sent to server (in seconds)
  -U, --username=NAME    connect as specified database user
  -w, --no-password      never prompt for password
  -W, --password         force password prompt (should happen automatically)
`

func main() {
	var o basebackup.Options
	cmd := &cobra.Command{
		Use:  "gpbasebackup [OPTION]...",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return cli.Usagef("too many command-line arguments (first is \"%s\")", args[0])
			}
			return basebackup.Run(o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.PgData, "pgdata", "D", "", "")
	f.StringVarP(&o.Format, "format", "F", "", "")
	f.StringVarP(&o.MaxRate, "max-rate", "r", "", "")
	f.BoolVarP(&o.WriteRecoveryConf, "write-recovery-conf", "R", false, "")
	f.StringVarP(&o.Target, "target", "t", "", "")
	f.StringArrayVarP(&o.TablespaceMappings, "tablespace-mapping", "T", nil, "")
	f.StringVar(&o.WALDir, "waldir", "", "")
	f.StringVarP(&o.WALMethod, "wal-method", "X", "", "")
	f.BoolVarP(&o.Gzip, "gzip", "z", false, "")
	f.StringVarP(&o.Compress, "compress", "Z", "", "")
	f.StringVarP(&o.Checkpoint, "checkpoint", "c", "", "")
	f.BoolVarP(&o.CreateSlot, "create-slot", "C", false, "")
	f.StringVarP(&o.Label, "label", "l", "", "")
	f.BoolVarP(&o.NoClean, "no-clean", "n", false, "")
	f.BoolVarP(&o.NoSync, "no-sync", "N", false, "")
	f.BoolVarP(&o.Progress, "progress", "P", false, "")
	f.StringVarP(&o.Slot, "slot", "S", "", "")
	f.BoolVarP(&o.Verbose, "verbose", "v", false, "")
	f.StringVar(&o.ManifestChecksums, "manifest-checksums", "", "")
	f.BoolVar(&o.ManifestForceEncode, "manifest-force-encode", false, "")
	f.BoolVar(&o.NoEstimateSize, "no-estimate-size", false, "")
	f.BoolVar(&o.NoManifest, "no-manifest", false, "")
	f.BoolVar(&o.NoSlot, "no-slot", false, "")
	f.BoolVar(&o.NoVerifyChecksums, "no-verify-checksums", false, "")
	f.StringVarP(&o.ConnStr, "dbname", "d", "", "")
	f.StringVarP(&o.Host, "host", "h", "", "")
	f.StringVarP(&o.Port, "port", "p", "", "")
	f.StringVarP(&o.StatusInterval, "status-interval", "s", "", "")
	f.StringVarP(&o.Username, "username", "U", "", "")
	f.BoolVarP(&o.NoPassword, "no-password", "w", false, "")
	f.BoolVarP(&o.Password, "password", "W", false, "")
	cli.Setup(cmd, basebackup.Prog, help)
	os.Exit(cli.Execute(cmd, basebackup.Prog, cli.HintPrefixed, os.Args[1:]))
}
