// datadriven_test.go is a small runner for Pebble-style test files:
//
//	# comment
//	command arg key=value
//	input line
//	----
//	expected output
//
// A test case ends at the first blank line after its "----". Run with
// -rewrite to regenerate the expected output from the implementation.

package config

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var (
	rewrite    = flag.Bool("rewrite", false, "rewrite the expected output of data-driven tests from this package's behaviour")
	rewriteRef = flag.Bool("rewrite-ref", false, "rewrite the expected output of session scripts from the live reference (PGREF_DSN)")
)

type testCase struct {
	Pos      string // file:line
	Cmd      string
	Args     []string
	Input    string
	Expected string

	start, end int // line range of the expected output, for rewriting
}

func (c *testCase) HasArg(a string) bool {
	for _, x := range c.Args {
		if x == a {
			return true
		}
	}
	return false
}

func (c *testCase) Arg(key string) (string, bool) {
	for _, x := range c.Args {
		if k, v, ok := strings.Cut(x, "="); ok && k == key {
			return v, true
		}
	}
	return "", false
}

func parseTestFile(t *testing.T, path string) ([]string, []*testCase) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var cases []*testCase
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Fields(l)
		c := &testCase{Pos: path + ":" + itoa(i+1), Cmd: f[0], Args: f[1:]}
		var in []string
		for i++; i < len(lines) && lines[i] != "----"; i++ {
			in = append(in, lines[i])
		}
		if i >= len(lines) {
			t.Fatalf("%s: missing ----", c.Pos)
		}
		c.Input = strings.Join(in, "\n")
		c.start = i + 1
		var out []string
		for i++; i < len(lines) && lines[i] != ""; i++ {
			out = append(out, lines[i])
		}
		c.end = i
		c.Expected = strings.Join(out, "\n")
		cases = append(cases, c)
	}
	return lines, cases
}

func itoa(n int) string {
	var b []byte
	if n == 0 {
		return "0"
	}
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// runDataDriven runs every case of a file through fn, comparing (or, with
// -rewrite, replacing) the expected output.
func runDataDriven(t *testing.T, path string, doRewrite bool, fn func(t *testing.T, c *testCase) string) {
	t.Helper()
	lines, cases := parseTestFile(t, path)
	outs := make([]string, len(cases))
	for i, c := range cases {
		got := strings.TrimRight(fn(t, c), "\n")
		outs[i] = got
		if !doRewrite && got != c.Expected {
			t.Errorf("%s: %s %s\n%s\n--- got:\n%s\n--- want:\n%s", c.Pos, c.Cmd, strings.Join(c.Args, " "),
				c.Input, got, c.Expected)
		}
	}
	if doRewrite {
		var b strings.Builder
		prev := 0
		for i, c := range cases {
			b.WriteString(strings.Join(lines[prev:c.start], "\n"))
			b.WriteString("\n")
			if outs[i] != "" {
				b.WriteString(outs[i])
				b.WriteString("\n")
			}
			prev = c.end
		}
		b.WriteString(strings.Join(lines[prev:], "\n"))
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
