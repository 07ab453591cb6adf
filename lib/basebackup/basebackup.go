// The gpbasebackup entry point: for now, the options it will accept and a
// clear refusal.

package basebackup

import (
	"fmt"
	"io"
	"os"

	"github.com/gpostgres/gpostgres/lib/cli"
)

// Prog is the program name used in messages.
const Prog = "gpbasebackup"

// Options are pg_basebackup's command-line options.
type Options struct {
	PgData, Format, MaxRate, Target, WALDir, WALMethod string
	WriteRecoveryConf                                  bool
	TablespaceMappings                                 []string
	Gzip                                               bool
	Compress, Checkpoint, Label, Slot                  string
	CreateSlot, NoClean, NoSync, Progress, Verbose     bool
	ManifestChecksums                                  string
	ManifestForceEncode, NoEstimateSize, NoManifest    bool
	NoSlot, NoVerifyChecksums                          bool
	ConnStr, Host, Port, StatusInterval, Username      string
	NoPassword, Password                               bool

	Stderr io.Writer
}

// Run takes a base backup. Not implemented yet: it reports so and fails.
func Run(o Options) error {
	w := o.Stderr
	if w == nil {
		w = os.Stderr
	}
	fmt.Fprintf(w, "%s: error: base backups are not implemented yet\n", Prog)
	return cli.Exit(1)
}
