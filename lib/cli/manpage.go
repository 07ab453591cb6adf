//go:build manpages

// Man pages: every binary writes its own from its cobra definition, so the
// pages list exactly the flags the program accepts (make man).

package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

func writeManPage(cmd *cobra.Command, prog, dir string) int {
	cmd.Use = prog
	header := &doc.GenManHeader{Title: prog, Section: "1", Source: "gpostgres " + Version, Manual: "gpostgres Manual"}
	if err := os.MkdirAll(dir, 0755); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", prog, err)
		return 1
	}
	f, err := os.Create(filepath.Join(dir, prog+".1"))
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", prog, err)
		return 1
	}
	defer f.Close()
	cmd.DisableAutoGenTag = true
	if err := doc.GenMan(cmd, header, f); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", prog, err)
		return 1
	}
	return 0
}
