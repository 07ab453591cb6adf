// Process titles: rewriting this process's argv area so ps shows its state.

package proc

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"unsafe"
)

// Title rewrites the process's command line as ps and pstree read it from
// /proc/<pid>/cmdline. The kernel returns the bytes between arg_start and
// arg_end, so a title must fit in the argv the process was exec'd with; the
// postmaster pads a backend's argv for that reason. Words are separated by
// NULs as real arguments are, so pstree -a shows them; the last byte of the
// area stays NUL so the kernel keeps reading argv as a vector.
type Title struct {
	area []byte // the argv area itself, in this process's memory
	last string
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
	return &Title{area: memoryAt(uintptr(argStart), int(argEnd-argStart))}, nil
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
	n := copy(t.area[:len(t.area)-1], title)
	clear(t.area[n:])
}

// Padding is an argv word the postmaster appends for a process that will
// retitle itself, giving it room for titles up to this many bytes.
func Padding() string { return strings.Repeat(" ", 200) }

// memoryAt views size bytes at address addr as a slice. The argv area lies
// outside the Go heap (on the initial stack, above the environment
// strings), so the garbage collector neither moves nor frees it.
func memoryAt(addr uintptr, size int) []byte {
	p := *(*unsafe.Pointer)(unsafe.Pointer(&addr))
	return unsafe.Slice((*byte)(p), size)
}
