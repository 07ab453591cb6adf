// Catalog heap files read and written directly, without the buffer pool:
// building the pages of a new file from tuples (for Bootstrap) and
// scanning a file page by page (for tests, gpinitdb's checks and, until the
// relcache exists, the backend's start-up lookups).

package catalog

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/storage/relmap"
	"github.com/gpostgres/gpostgres/lib/types"
)

// maxHeapTupleSize is MaxHeapTupleSize: the largest tuple a heap page holds.
const maxHeapTupleSize = page.Size - page.HeaderSize - 4 // one line pointer, MAXALIGNed page

// heapBuilder lays tuples out on heap pages the way heap_insert does into
// a fresh relation with fillfactor 100: each page filled in order until
// the next tuple does not fit.
type heapBuilder struct {
	pages []page.Page
}

// add places a formed tuple (transaction fields zero) on the last page or
// a new one, as frozen: t_xmin FrozenXid with HEAP_XMIN_FROZEN and
// HEAP_XMAX_INVALID, t_ctid pointing at itself.
func (b *heapBuilder) add(tup []byte) error {
	if len(tup) > maxHeapTupleSize {
		return fmt.Errorf("tuple of %d bytes is larger than the maximum %d", len(tup), maxHeapTupleSize)
	}
	h := tuple.Header(tup)
	h.SetXmin(FrozenXid)
	h.SetXmax(0)
	h.SetCid(0)
	h.SetFlags(tuple.XminFrozen | tuple.XmaxInvalid)
	for attempt := 0; attempt < 2; attempt++ {
		if len(b.pages) == 0 || attempt == 1 {
			p := page.Page(make([]byte, page.Size))
			p.Init(0)
			b.pages = append(b.pages, p)
		}
		p := b.pages[len(b.pages)-1]
		blk := uint32(len(b.pages) - 1)
		next := p.MaxOffset() + 1
		h.SetCtid(blk, uint16(next))
		if off := p.AddItem(tup, page.InvalidOffset, false, true); off != page.InvalidOffset {
			if off != next {
				return fmt.Errorf("tuple went to offset %d, expected %d", off, next)
			}
			return nil
		}
	}
	return fmt.Errorf("tuple of %d bytes does not fit on an empty page", len(tup))
}

// bytes returns the file content, with checksums set when asked.
func (b *heapBuilder) bytes(checksums bool) []byte {
	out := make([]byte, 0, len(b.pages)*page.Size)
	for i, p := range b.pages {
		if checksums {
			p.SetChecksum(storage.BlockNumber(i))
		}
		out = append(out, p...)
	}
	return out
}

// ScanOptions control ScanFile.
type ScanOptions struct {
	// VerifyChecksums checks every page's checksum (the cluster has data
	// checksums: pg_control's data_checksum_version is 1).
	VerifyChecksums bool
}

// StoredTuple is one tuple read from a heap file.
type StoredTuple struct {
	Block  uint32
	Offset uint16
	// Header is a private copy of the whole tuple, header and data.
	Header tuple.Header
	// Values are the deformed columns; strings and byte values point
	// into Header.
	Values []types.Datum
}

// KnownDead reports what the hint bits alone say: the inserting
// transaction aborted, or a deleting one committed. With no commit-log
// lookup, a tuple whose fate the hints do not record is not dead here.
func (t *StoredTuple) KnownDead() bool {
	m := t.Header.Infomask()
	if m&tuple.XminInvalid != 0 && m&tuple.XminCommitted == 0 {
		return true
	}
	return m&tuple.XmaxCommitted != 0 && m&tuple.XmaxInvalid == 0 && m&tuple.XmaxLockOnly == 0
}

// ScanFile reads the heap file at path page by page and calls fn with every
// tuple whose line pointer is normal, deformed with desc, in physical
// order. It makes no visibility checks (see KnownDead). A page that fails
// verification (PageIsVerifiedExtended: header sanity, and the checksum
// with VerifyChecksums) is an error naming the file and block, as
// PostgreSQL's "invalid page in block %u of relation %s".
func ScanFile(path string, desc *tuple.Desc, opts ScanOptions, fn func(*StoredTuple) error) error {
	f, err := os.Open(path)
	if err != nil {
		return pgerr.Newf(fileErrorCode(err), "could not open file \"%s\": %s", path, datadir.Strerror(err))
	}
	defer f.Close()
	buf := page.Page(make([]byte, page.Size))
	var flags page.VerifyFlags
	if opts.VerifyChecksums {
		flags = page.VerifyChecksums
	}
	for blk := uint32(0); ; blk++ {
		n, err := io.ReadFull(f, buf)
		if err == io.EOF {
			return nil
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return pgerr.Newf(pgerr.DataCorrupted, "could not read block %d in file \"%s\": read only %d of %d bytes", blk, path, n, page.Size)
		}
		if err != nil {
			return pgerr.Newf(pgerr.IoError, "could not read block %d in file \"%s\": %s", blk, path, datadir.Strerror(err))
		}
		if err := scanPage(buf, blk, path, desc, flags, fn); err != nil {
			return err
		}
	}
}

// ScanBytes is ScanFile over a file's contents already read into data.
func ScanBytes(data []byte, path string, desc *tuple.Desc, opts ScanOptions, fn func(*StoredTuple) error) error {
	var flags page.VerifyFlags
	if opts.VerifyChecksums {
		flags = page.VerifyChecksums
	}
	for blk := uint32(0); len(data) > 0; blk++ {
		if len(data) < page.Size {
			return pgerr.Newf(pgerr.DataCorrupted, "could not read block %d in file \"%s\": read only %d of %d bytes", blk, path, len(data), page.Size)
		}
		if err := scanPage(page.Page(data[:page.Size]), blk, path, desc, flags, fn); err != nil {
			return err
		}
		data = data[page.Size:]
	}
	return nil
}

// scanPage verifies one page of a catalog file and calls fn for each of
// its stored tuples.
func scanPage(buf page.Page, blk uint32, path string, desc *tuple.Desc, flags page.VerifyFlags, fn func(*StoredTuple) error) error {
	if ok, warning := buf.Verify(storage.BlockNumber(blk), flags); !ok {
		detail := ""
		if warning != nil {
			detail = ": " + warning.Message
		}
		return pgerr.Newf(pgerr.DataCorrupted, "invalid page in block %d of file \"%s\"%s", blk, path, detail)
	}
	if buf.IsNew() {
		return nil
	}
	for off := page.FirstOffset; off <= buf.MaxOffset(); off++ {
		id := buf.ItemId(off)
		if !id.IsNormal() {
			continue
		}
		if id.Off() < buf.Lower() || id.Off()+id.Len() > buf.Special() || id.Len() < tuple.HeaderSize {
			return pgerr.Newf(pgerr.DataCorrupted, "invalid line pointer (%d,%d) %v in file \"%s\"", blk, off, id, path)
		}
		item := buf.Item(off)
		t := &StoredTuple{Block: blk, Offset: uint16(off), Header: append(tuple.Header(nil), item...),
			Values: make([]types.Datum, len(desc.Attrs))}
		if err := tuple.Deform(desc, t.Header, t.Values); err != nil {
			return pgerr.Newf(pgerr.CodeOf(err), "tuple (%d,%d) in file \"%s\": %v", blk, off, path, err)
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	return nil
}

// ReadCatalog reads every stored tuple of catalog c in database db (ignored
// for shared catalogs) of the data directory dataDir, from its current
// file (LiveLocator).
func ReadCatalog(dataDir string, db uint32, c *Catalog, opts ScanOptions) ([]*StoredTuple, error) {
	loc, err := LiveLocator(dataDir, db, c, opts)
	if err != nil {
		return nil, err
	}
	var out []*StoredTuple
	path := filepath.Join(dataDir, loc.Path(storage.MainFork, 0))
	err = ScanFile(path, c.Desc(), opts, func(t *StoredTuple) error {
		out = append(out, t)
		return nil
	})
	return out, err
}

// LiveLocator finds the current file of catalog c in database db by
// reading dataDir's files, for the processes that read catalogs without
// a session: a mapped catalog's is in the relation map; another's is its
// pg_class row's relfilenode, of the row version that ends its update
// chain and that the hint bits do not call dead.
func LiveLocator(dataDir string, db uint32, c *Catalog, opts ScanOptions) (storage.RelFileLocator, error) {
	if c.Shared {
		db = 0
	}
	if c.Mapped() {
		m, err := relmap.Read(dataDir, db)
		if err != nil {
			return storage.RelFileLocator{}, err
		}
		node := m.Lookup(c.OID)
		if node == 0 {
			return storage.RelFileLocator{}, pgerr.Newf(pgerr.InternalError, "could not find relation mapping for relation \"%s\", OID %d", c.Name, c.OID)
		}
		return c.locatorOf(db, node), nil
	}
	classLoc, err := LiveLocator(dataDir, db, pgClass, opts)
	if err != nil {
		return storage.RelFileLocator{}, err
	}
	node := c.OID
	oidCol, nodeCol := pgClass.Column("oid"), pgClass.Column("relfilenode")
	err = ScanFile(filepath.Join(dataDir, classLoc.Path(storage.MainFork, 0)), pgClass.Desc(), opts, func(t *StoredTuple) error {
		blk, off := t.Header.Ctid()
		if uint32(t.Values[oidCol].Int()) == c.OID && !t.KnownDead() && blk == t.Block && off == t.Offset {
			node = uint32(t.Values[nodeCol].Int())
		}
		return nil
	})
	return c.locatorOf(db, node), err
}

// fileErrorCode is the SQLSTATE PostgreSQL's errcode_for_file_access
// gives an open error.
func fileErrorCode(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return pgerr.UndefinedFile
	case errors.Is(err, os.ErrPermission):
		return pgerr.InsufficientPrivilege
	}
	return pgerr.IoError
}
