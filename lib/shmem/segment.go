// Segment creation, attachment and the table of named regions.

package shmem

import (
	"fmt"
	"os"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

const (
	magic      = 0x67707368 // "gpsh"
	maxRegions = 64
	nameLen    = 48
	// Regions start on a cache-line boundary so that atomics in one region
	// never share a line with another region's hot fields.
	regionAlign = 64
)

type regionEntry struct {
	name   [nameLen]byte
	offset uint64
	size   uint64
}

// header is the first thing in the segment.
type header struct {
	magic      uint32
	nregions   uint32
	size       uint64
	next       uint64 // first free byte, used only while the postmaster allocates
	generation uint64 // bumped by the postmaster at each crash restart
	regions    [maxRegions]regionEntry
}

// Segment is one process's mapping of the shared memory segment.
type Segment struct {
	file *os.File
	mem  []byte
}

// Create makes a new segment of at least size bytes (plus the header).
// Only the postmaster calls it.
func Create(size int64) (*Segment, error) {
	total := int64(unsafe.Sizeof(header{})) + size
	total = (total + 4095) &^ 4095
	fd, err := unix.MemfdCreate("gpostgres shared memory", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("could not create shared memory segment: %w", err)
	}
	if err := unix.Ftruncate(fd, total); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("could not size shared memory segment to %d bytes: %w", total, err)
	}
	s, err := mapFile(os.NewFile(uintptr(fd), "shmem"), total)
	if err != nil {
		return nil, err
	}
	h := s.header()
	h.magic = magic
	h.size = uint64(total)
	h.next = alignUp(uint64(unsafe.Sizeof(header{})))
	return s, nil
}

// Attach maps a segment created by the postmaster, given its descriptor.
func Attach(f *os.File) (*Segment, error) {
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		return nil, fmt.Errorf("could not stat shared memory segment: %w", err)
	}
	s, err := mapFile(f, st.Size)
	if err != nil {
		return nil, err
	}
	if s.header().magic != magic {
		s.Close()
		return nil, fmt.Errorf("shared memory segment has a bad magic number")
	}
	return s, nil
}

func mapFile(f *os.File, size int64) (*Segment, error) {
	mem, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("could not map shared memory segment of %d bytes: %w", size, err)
	}
	return &Segment{file: f, mem: mem}, nil
}

func alignUp(n uint64) uint64 { return (n + regionAlign - 1) &^ (regionAlign - 1) }

func (s *Segment) header() *header { return (*header)(unsafe.Pointer(&s.mem[0])) }

// File is the segment's descriptor, to hand to a child process.
func (s *Segment) File() *os.File { return s.file }

// Size is the mapped size in bytes.
func (s *Segment) Size() int64 { return int64(len(s.mem)) }

// Generation counts the postmaster's crash restarts of this segment.
func (s *Segment) Generation() uint64 { return atomic.LoadUint64(&s.header().generation) }

// Close unmaps the segment and closes its descriptor.
func (s *Segment) Close() error {
	err := unix.Munmap(s.mem)
	s.mem = nil
	if cerr := s.file.Close(); err == nil {
		err = cerr
	}
	return err
}

// Alloc reserves a zeroed region of size bytes under name and returns it.
// Only the postmaster calls it, before any child is started.
func (s *Segment) Alloc(name string, size int) ([]byte, error) {
	h := s.header()
	if len(name) >= nameLen {
		return nil, fmt.Errorf("shared memory region name %q is too long", name)
	}
	if _, ok := s.Lookup(name); ok {
		return nil, fmt.Errorf("shared memory region %q allocated twice", name)
	}
	if h.nregions == maxRegions {
		return nil, fmt.Errorf("too many shared memory regions")
	}
	off := h.next
	if off+uint64(size) > h.size {
		return nil, fmt.Errorf("out of shared memory: region %q needs %d bytes, %d left", name, size, h.size-off)
	}
	e := &h.regions[h.nregions]
	copy(e.name[:], name)
	e.offset, e.size = off, uint64(size)
	h.nregions++
	h.next = alignUp(off + uint64(size))
	region := s.mem[off : off+uint64(size) : off+uint64(size)]
	clear(region)
	return region, nil
}

// Lookup finds a region allocated by the postmaster.
func (s *Segment) Lookup(name string) ([]byte, bool) {
	h := s.header()
	for i := uint32(0); i < h.nregions; i++ {
		e := &h.regions[i]
		n := 0
		for n < nameLen && e.name[n] != 0 {
			n++
		}
		if string(e.name[:n]) == name {
			return s.mem[e.offset : e.offset+e.size : e.offset+e.size], true
		}
	}
	return nil, false
}

// MustLookup is Lookup for regions whose absence is a programming error.
func (s *Segment) MustLookup(name string) []byte {
	b, ok := s.Lookup(name)
	if !ok {
		panic("shared memory region " + name + " not found")
	}
	return b
}

// Reset forgets every region and zeroes the segment, for a crash restart:
// the postmaster then allocates the regions again. No child may be attached.
func (s *Segment) Reset() {
	h := s.header()
	gen := h.generation + 1
	clear(s.mem)
	h.magic = magic
	h.size = uint64(len(s.mem))
	h.next = alignUp(uint64(unsafe.Sizeof(header{})))
	h.generation = gen
}

// At returns a pointer to a value of type T at offset off of region b.
// T must contain no Go pointers.
func At[T any](b []byte, off uintptr) *T {
	if off+unsafe.Sizeof(*new(T)) > uintptr(len(b)) {
		panic("shmem.At: out of region bounds")
	}
	return (*T)(unsafe.Pointer(&b[off]))
}

// RegionInfo describes one named region, or the unallocated rest of the
// segment (Name empty), for pg_shmem_allocations.
type RegionInfo struct {
	Name      string
	Offset    uint64
	Size      uint64 // as asked for
	Allocated uint64 // with the padding to the next region's alignment
}

// Regions lists the named regions in allocation order, then the free
// space at the end of the segment. The postmaster allocates them all
// before any child starts, so a child reads a table nobody changes.
func (s *Segment) Regions() []RegionInfo {
	h := s.header()
	out := make([]RegionInfo, 0, h.nregions+1)
	for i := uint32(0); i < h.nregions; i++ {
		e := &h.regions[i]
		n := 0
		for n < nameLen && e.name[n] != 0 {
			n++
		}
		out = append(out, RegionInfo{Name: string(e.name[:n]), Offset: e.offset, Size: e.size, Allocated: alignUp(e.offset+e.size) - e.offset})
	}
	if h.next < h.size {
		out = append(out, RegionInfo{Offset: h.next, Size: h.size - h.next, Allocated: h.size - h.next})
	}
	return out
}
