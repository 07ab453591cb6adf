//go:build !manpages

// Without the manpages build tag a binary carries no man page writer:
// cobra's doc package pulls in a Markdown renderer whose tables would
// sit in the heap of every server process. make man builds the binaries
// with the tag.

package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func writeManPage(_ *cobra.Command, prog, _ string) int {
	fmt.Fprintf(os.Stderr, "%s: this build writes no man pages; make man builds binaries that do\n", prog)
	return 1
}
