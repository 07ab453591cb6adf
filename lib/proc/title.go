// Process titles: rewriting this process's argv area so ps shows its state.

package proc

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Title rewrites the process's command line as ps and pstree read it from
// /proc/<pid>/cmdline. The kernel returns the bytes between arg_start and
// arg_end, so a title must fit in the argv the process was exec'd with; the
// postmaster pads a backend's argv for that reason. Words are separated by
// NULs as real arguments are, so pstree -a shows them; the last byte of the
// area stays NUL so the kernel keeps reading argv as a vector.
type Title struct {
	mem   *os.File
	start int64
	size  int
	last  string
}

// OpenTitle prepares the argv area for rewriting. It copies os.Args first:
// Go's os.Args strings point into the area that Set will overwrite.
func OpenTitle() (*Title, error) {
	args := make([]string, len(os.Args))
	for i, a := range os.Args {
		args[i] = strings.Clone(a)
	}
	os.Args = args
	stat, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return nil, err
	}
	// Fields after the command name, which is in parentheses and may
	// contain spaces: arg_start and arg_end are fields 48 and 49.
	rest := string(stat[strings.LastIndexByte(string(stat), ')')+2:])
	fields := strings.Fields(rest)
	if len(fields) < 49 {
		return nil, fmt.Errorf("unexpected /proc/self/stat format")
	}
	argStart, err1 := strconv.ParseInt(fields[47-2], 10, 64)
	argEnd, err2 := strconv.ParseInt(fields[48-2], 10, 64)
	if err1 != nil || err2 != nil || argEnd <= argStart {
		return nil, fmt.Errorf("unexpected argv bounds in /proc/self/stat")
	}
	mem, err := os.OpenFile("/proc/self/mem", os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	return &Title{mem: mem, start: argStart, size: int(argEnd - argStart)}, nil
}

// Set replaces the title with words, e.g. Set("gpostgres:", "alice db
// [local] idle"). A title longer than the area is cut.
func (t *Title) Set(words ...string) {
	if t == nil {
		return
	}
	title := strings.Join(words, "\x00")
	if title == t.last {
		return
	}
	t.last = title
	buf := make([]byte, t.size)
	copy(buf[:t.size-1], title)
	t.mem.WriteAt(buf, t.start)
}

// Padding is an argv word the postmaster appends for a process that will
// retitle itself, giving it room for titles up to this many bytes.
func Padding() string { return strings.Repeat(" ", 200) }
