// Tests of postmaster.opts and the shell-word splitting gpctl uses for it.

package datadir

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestPostmasterOptsRoundTrip(t *testing.T) {
	dir := tempDataDir(t)
	cmd := []string{"/usr/lib/postgresql/15/bin/postgres", "-D", "data", "-p", "5493", "-k", "/tmp"}
	if err := WritePostmasterOpts(dir, cmd); err != nil {
		t.Fatal(err)
	}
	// The line PostgreSQL 15 wrote for the same command line.
	want := `/usr/lib/postgresql/15/bin/postgres "-D" "data" "-p" "5493" "-k" "/tmp"`
	if got := readString(t, OptsFilePath(dir)); got != want+"\n" {
		t.Errorf("file %q, want %q", got, want)
	}
	line, prog, args, err := ReadPostmasterOpts(dir)
	if err != nil || line != want || prog != cmd[0] || !reflect.DeepEqual(args, cmd[1:]) {
		t.Errorf("ReadPostmasterOpts = %q %q %q %v", line, prog, args, err)
	}

	odd := []string{"/bin/gpostgres", "-c", `log_line_prefix=%m "x" $HOME \`, "-c", "a='b c'"}
	WritePostmasterOpts(dir, odd)
	if _, _, args, err := ReadPostmasterOpts(dir); err != nil || !reflect.DeepEqual(args, odd[1:]) {
		t.Errorf("odd args came back as %q (%v)", args, err)
	}

	// A program started through PATH is recorded with its absolute path.
	WritePostmasterOpts(dir, []string{"gpostgres", "-D", "d"})
	exe, _ := os.Executable()
	exe, _ = filepath.EvalSymlinks(exe)
	if _, prog, args, _ := ReadPostmasterOpts(dir); prog != exe || !reflect.DeepEqual(args, []string{"-D", "d"}) {
		t.Errorf("relative program recorded as %q %q, want %q", prog, args, exe)
	}

	WritePostmasterOpts(dir, []string{"/bin/gpostgres"})
	if line, prog, args, err := ReadPostmasterOpts(dir); err != nil || line != "/bin/gpostgres" || prog != line || args != nil {
		t.Errorf("no args: %q %q %q %v", line, prog, args, err)
	}
}

func TestSplitArgs(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  -p 5493   -k /tmp ", []string{"-p", "5493", "-k", "/tmp"}},
		{`-c "log_line_prefix=%m [%p] "`, []string{"-c", "log_line_prefix=%m [%p] "}},
		{`-c 'a b' x\ y "q\"uote" 'it'\''s'`, []string{"-c", "a b", "x y", `q"uote`, "it's"}},
		{`""`, []string{""}},
		{`a"b"c`, []string{"abc"}},
	}
	for _, c := range cases {
		got, err := SplitArgs(c.in)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("SplitArgs(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if _, err := SplitArgs(`"open`); err == nil {
		t.Error("unterminated quote accepted")
	}
}
