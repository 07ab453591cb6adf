// The statistics file: the shared table written at a clean shutdown and
// read back at the next start (pgstat_write_statsfile,
// pgstat_read_statsfile). Its layout is gpostgres's own: a header, then
// each entry's key and counters little-endian, then an end marker.

package pgstat

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// StatsDir and StatsFile are where the file lives in the data directory
// (PGSTAT_STAT_PERMANENT_DIRECTORY, PGSTAT_STAT_PERMANENT_FILENAME).
const (
	StatsDir  = "pg_stat"
	StatsFile = "pg_stat/pgstat.stat"
	statsTmp  = "pg_stat/pgstat.tmp"
)

const (
	fileMagic = 0x47505354 // "GPST"
	// fileVersion 2 added the I/O section; version 1 files are still
	// read (without it).
	fileVersion = 2
	entryMarker = 'E'
	ioMarker    = 'I'
	endMarker   = 'Z'
)

// WriteFile writes the shared table to pg_stat/pgstat.stat, through a
// temporary file renamed into place. The checkpointer calls it after the
// shutdown checkpoint, when every backend has flushed and exited.
func (sh *Shared) WriteFile(o *shmem.Owner, dataDir string) error {
	tmp := filepath.Join(dataDir, statsTmp)
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("could not open temporary statistics file \"%s\": %w", tmp, err)
	}
	w := bufio.NewWriter(f)
	var buf [4 + 4]byte
	binary.LittleEndian.PutUint32(buf[0:], fileMagic)
	binary.LittleEndian.PutUint32(buf[4:], fileVersion)
	w.Write(buf[:])
	sh.hdr.lock.RLock(o)
	sh.each(func(e *sharedEntry) {
		w.WriteByte(entryMarker)
		var k [12]byte
		binary.LittleEndian.PutUint32(k[0:], uint32(e.key.Kind))
		binary.LittleEndian.PutUint32(k[4:], e.key.DB)
		binary.LittleEndian.PutUint32(k[8:], e.key.OID)
		w.Write(k[:])
		var p [payloadWords * 8]byte
		for i, v := range e.payload {
			binary.LittleEndian.PutUint64(p[i*8:], uint64(v))
		}
		w.Write(p[:])
	})
	w.WriteByte(ioMarker)
	w.Write(encodeIO(&sh.hdr.io))
	sh.hdr.lock.RUnlock(o)
	w.WriteByte(endMarker)
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("could not write temporary statistics file \"%s\": %w", tmp, err)
	}
	final := filepath.Join(dataDir, StatsFile)
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("could not rename temporary statistics file \"%s\" to \"%s\": %w", tmp, final, err)
	}
	return nil
}

// errCorrupt is a statistics file that cannot be read as written.
var errCorrupt = errors.New("corrupted statistics file")

// ReadFile loads pg_stat/pgstat.stat into the (empty) shared table and
// removes the file, as the startup process does after a clean shutdown.
// A missing file is no error; a damaged one is reported and its contents
// dropped, leaving the table empty.
func (sh *Shared) ReadFile(o *shmem.Owner, dataDir string) error {
	path := filepath.Join(dataDir, StatsFile)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("could not open statistics file \"%s\": %w", path, err)
	}
	defer os.Remove(path)
	defer f.Close()
	r := bufio.NewReader(f)
	var entries []sharedEntry
	var saved *ioShared
	if err := readEntries(r, func(e sharedEntry) { entries = append(entries, e) }, func(i *ioShared) { saved = i }); err != nil {
		return fmt.Errorf("%w \"%s\"", err, path)
	}
	sh.hdr.lock.Lock(o)
	defer sh.hdr.lock.Unlock(o)
	if saved != nil {
		// Added rather than copied: a background process may have
		// flushed its first counts before the startup process read the
		// file.
		for t := range saved.counts {
			for obj := range saved.counts[t] {
				for ctx := range saved.counts[t][obj] {
					for op := range saved.counts[t][obj][ctx] {
						sh.hdr.io.counts[t][obj][ctx][op] += saved.counts[t][obj][ctx][op]
						sh.hdr.io.times[t][obj][ctx][op] += saved.times[t][obj][ctx][op]
					}
				}
			}
		}
		sh.hdr.io.statsReset = saved.statsReset
	}
	for _, le := range entries {
		if e := sh.findOrCreate(le.key); e != nil {
			e.payload = le.payload
		}
	}
	return nil
}

func readEntries(r *bufio.Reader, add func(sharedEntry), setIO func(*ioShared)) error {
	var hdr [8]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil || binary.LittleEndian.Uint32(hdr[0:]) != fileMagic {
		return errCorrupt
	}
	version := binary.LittleEndian.Uint32(hdr[4:])
	if version != 1 && version != fileVersion {
		return errCorrupt
	}
	for {
		m, err := r.ReadByte()
		if err != nil {
			return errCorrupt
		}
		switch m {
		case endMarker:
			return nil
		case ioMarker:
			if version < 2 {
				return errCorrupt
			}
			b := make([]byte, ioEncodedSize)
			if _, err := io.ReadFull(r, b); err != nil {
				return errCorrupt
			}
			setIO(decodeIO(b))
			continue
		case entryMarker:
		default:
			return errCorrupt
		}
		var k [12]byte
		var p [payloadWords * 8]byte
		if _, err := io.ReadFull(r, k[:]); err != nil {
			return errCorrupt
		}
		if _, err := io.ReadFull(r, p[:]); err != nil {
			return errCorrupt
		}
		e := sharedEntry{key: Key{Kind(binary.LittleEndian.Uint32(k[0:])), binary.LittleEndian.Uint32(k[4:]), binary.LittleEndian.Uint32(k[8:])}, state: slotUsed}
		if e.key.Kind < KindDatabase || e.key.Kind > KindFunction {
			return errCorrupt
		}
		for i := range e.payload {
			e.payload[i] = int64(binary.LittleEndian.Uint64(p[i*8:]))
		}
		add(e)
	}
}

// DiscardFile removes the statistics file unread: after a crash the
// counts are not trusted (pgstat_discard_stats).
func DiscardFile(dataDir string) error {
	err := os.Remove(filepath.Join(dataDir, StatsFile))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// ioEncodedSize is the I/O section's size: every count and time, then
// stats_reset, as little-endian int64s.
var ioEncodedSize = 8 * (2*len(ioShared{}.counts)*len(ioShared{}.counts[0])*len(ioShared{}.counts[0][0])*len(ioShared{}.counts[0][0][0]) + 1)

// ioWords calls fn with a pointer to each word of io, in file order.
func ioWords(io *ioShared, fn func(*int64)) {
	for _, arr := range []*[numBackendTypes][storage.NumIOObjects][storage.NumIOContexts][storage.NumIOOps]int64{&io.counts, &io.times} {
		for t := range arr {
			for obj := range arr[t] {
				for ctx := range arr[t][obj] {
					for op := range arr[t][obj][ctx] {
						fn(&arr[t][obj][ctx][op])
					}
				}
			}
		}
	}
	fn(&io.statsReset)
}

func encodeIO(io *ioShared) []byte {
	b := make([]byte, 0, ioEncodedSize)
	ioWords(io, func(v *int64) { b = binary.LittleEndian.AppendUint64(b, uint64(*v)) })
	return b
}

func decodeIO(b []byte) *ioShared {
	io := &ioShared{}
	off := 0
	ioWords(io, func(v *int64) {
		*v = int64(binary.LittleEndian.Uint64(b[off:]))
		off += 8
	})
	return io
}
