package sqltest

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZRepl(t *testing.T) {
	f := os.Getenv("GP_SQL")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	c := NewCluster(t)
	s := c.NewSession(t)
	for _, q := range strings.Split(string(data), ";\n") {
		q = strings.TrimSpace(q)
		if q == "" {
			continue
		}
		fmt.Printf("> %s\n%s\n", q, s.Run(q))
	}
}
