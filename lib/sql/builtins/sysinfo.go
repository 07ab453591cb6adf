// This file implements information functions over the server's files
// and fixed tables: pg_get_keywords, pg_encoding_max_length,
// length(bytea, name), bit_count(bytea), width_bucket over an array of
// thresholds, the control file's pg_control_system, _checkpoint, _init
// and _recovery (read from global/pg_control as PostgreSQL's
// controldata_utils does), pg_tablespace_size and
// pg_tablespace_databases for pg_default and pg_global (the only
// tablespaces gpostgres has), pg_current_logfile (the logging
// collector's current_logfiles), and the commit timestamp functions,
// which fail as PostgreSQL's do with track_commit_timestamp off (the
// only value gpostgres allows).

package builtins

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"math/bits"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/mb"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// encodingMaxLength is pg_wchar_table's maxmblen by encoding number.
var encodingMaxLength = []int64{1, 3, 3, 3, 4, 3, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 3, 2}

func serverFiles(ec *expr.EvalContext, fn string) (expr.ServerFiles, error) {
	if f, ok := ec.Catalog.(expr.ServerFiles); ok {
		return f, nil
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s() is not supported without a data directory", fn)
}

// keywordRows is pg_get_keywords.
func keywordRows(_ *expr.EvalContext, _ []types.Datum) (func() ([]types.Datum, bool, error), error) {
	i := 0
	return func() ([]types.Datum, bool, error) {
		if i == len(sqlKeywords) {
			return nil, false, nil
		}
		k := sqlKeywords[i]
		i++
		var desc string
		switch k.category {
		case 'U':
			desc = "unreserved"
		case 'C':
			desc = "unreserved (cannot be function or type name)"
		case 'T':
			desc = "reserved (can be function or type name)"
		default:
			desc = "reserved"
		}
		bare := "requires AS"
		if k.bareLabel {
			bare = "can be bare label"
		}
		return []types.Datum{types.Text(k.word), types.Int(int64(k.category)), types.Bool(k.bareLabel), types.Text(desc), types.Text(bare)}, true, nil
	}, nil
}

// lengthInEncoding is length(bytea, name): the characters of the bytes
// read in the named encoding, which must be valid in it.
func lengthInEncoding(a []types.Datum) (types.Datum, error) {
	s, name := a[0].Text(), a[1].Text()
	canon, ok := mb.Canonical(name)
	if !ok {
		return types.Null, pgerr.Newf(pgerr.InvalidParameterValue, "invalid encoding name \"%s\"", name)
	}
	id, _ := mb.ID(canon)
	switch {
	case canon == "UTF8":
		if err := types.CheckUTF8(s); err != nil {
			return types.Null, err
		}
		return types.Int(int64(len([]rune(s)))), nil
	case encodingMaxLength[id] == 1:
		// A single-byte encoding: every byte but NUL is a character.
		if i := strings.IndexByte(s, 0); i >= 0 {
			return types.Null, types.InvalidByteSequence(canon, s[i:])
		}
		return types.Int(int64(len(s))), nil
	}
	return types.Null, pgerr.Newf(pgerr.FeatureNotSupported, "length in encoding \"%s\" is not supported yet", canon)
}

// widthBucketArray is width_bucket(operand, thresholds): how many of the
// sorted thresholds are at most operand, found by binary search.
func widthBucketArray(argTypes []uint32, _ uint32) expr.Impl {
	if len(argTypes) != 2 {
		return nil
	}
	typ := argTypes[0]
	cmp := NewComparator(typ, typ)
	switch types.DomainBase(typ) {
	case types.OidJSON, types.OidJSONArray, types.OidJSONPath, types.OidJSONPathArray, types.OidXid, types.OidCid:
		cmp = nil // no btree operator class (analyze's canOrder)
	}
	return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		arr := a[1].Array()
		if len(arr.Dims) > 1 {
			return types.Null, pgerr.New(pgerr.ArraySubscriptError, "thresholds must be one-dimensional array")
		}
		for _, e := range arr.Elems {
			if e.IsNull() {
				return types.Null, pgerr.New(pgerr.NullValueNotAllowed, "thresholds array must not contain NULLs")
			}
		}
		if cmp == nil {
			return types.Null, pgerr.Newf(pgerr.UndefinedFunction, "could not identify a comparison function for type %s", types.FormatType(typ, -1))
		}
		left, right := 0, len(arr.Elems)
		for left < right {
			mid := (left + right) / 2
			if cmp(ec, a[0], arr.Elems[mid]) < 0 {
				right = mid
			} else {
				left = mid + 1
			}
		}
		return types.Int(int64(left)), nil
	}
}

// readControl reads global/pg_control as the pg_control_ functions do.
func readControl(ec *expr.EvalContext, fn string) (*datadir.ControlFile, error) {
	f, err := serverFiles(ec, fn)
	if err != nil {
		return nil, err
	}
	c, crcOK, err := datadir.ReadControlFileState(f.DataDir())
	if err != nil {
		return nil, pgerr.Newf(pgerr.CodeForFileAccess(err), "could not open file \"%s\" for reading: %s", datadir.ControlFilePath, datadir.Strerror(err))
	}
	if !crcOK {
		return nil, pgerr.New(pgerr.InternalError, "calculated CRC checksum does not match value stored in file")
	}
	return c, nil
}

func unixTimestamptz(secs int64) types.Datum {
	return types.Int(types.TimeToTimestamp(time.Unix(secs, 0)))
}

func controlRow(fn string, row func(c *datadir.ControlFile) []types.Datum) expr.RowSRFImpl {
	return func(ec *expr.EvalContext, _ []types.Datum) (func() ([]types.Datum, bool, error), error) {
		c, err := readControl(ec, fn)
		if err != nil {
			return nil, err
		}
		return rowsOf([][]types.Datum{row(c)}), nil
	}
}

func controlSystem(c *datadir.ControlFile) []types.Datum {
	return []types.Datum{types.Int(int64(c.ControlVersion)), types.Int(int64(c.CatalogVersion)),
		types.Int(int64(c.SystemIdentifier)), unixTimestamptz(c.Time)}
}

func controlCheckpoint(c *datadir.ControlFile) []types.Datum {
	cp := c.CheckPointCopy
	segno := uint64(cp.Redo) / uint64(c.WALSegmentSize)
	perID := uint64(0x100000000) / uint64(c.WALSegmentSize)
	walFile := fmt.Sprintf("%08X%08X%08X", cp.ThisTimeLineID, uint32(segno/perID), uint32(segno%perID))
	return []types.Datum{
		types.Int(int64(c.CheckPoint)), types.Int(int64(cp.Redo)), types.Text(walFile),
		types.Int(int64(cp.ThisTimeLineID)), types.Int(int64(cp.PrevTimeLineID)), types.Bool(cp.FullPageWrites),
		types.Text(fmt.Sprintf("%d:%d", cp.NextXID>>32, uint32(cp.NextXID))),
		types.Int(int64(cp.NextOID)), types.Int(int64(cp.NextMulti)), types.Int(int64(cp.NextMultiOffset)),
		types.Int(int64(cp.OldestXID)), types.Int(int64(cp.OldestXIDDB)), types.Int(int64(cp.OldestActiveXID)),
		types.Int(int64(cp.OldestMulti)), types.Int(int64(cp.OldestMultiDB)),
		types.Int(int64(cp.OldestCommitTsXID)), types.Int(int64(cp.NewestCommitTsXID)),
		unixTimestamptz(cp.Time),
	}
}

func controlInit(c *datadir.ControlFile) []types.Datum {
	return []types.Datum{types.Int(int64(c.MaxAlign)), types.Int(int64(c.BlockSize)), types.Int(int64(c.RelSegSize)),
		types.Int(int64(c.WALBlockSize)), types.Int(int64(c.WALSegmentSize)), types.Int(int64(c.NameDataLen)),
		types.Int(int64(c.IndexMaxKeys)), types.Int(int64(c.ToastMaxChunkSize)), types.Int(int64(c.LOBlockSize)),
		types.Bool(c.Float8ByVal), types.Int(int64(c.DataChecksumVersion))}
}

func controlRecovery(c *datadir.ControlFile) []types.Datum {
	return []types.Datum{types.Int(int64(c.MinRecoveryPoint)), types.Int(int64(c.MinRecoveryPointTLI)),
		types.Int(int64(c.BackupStartPoint)), types.Int(int64(c.BackupEndPoint)), types.Bool(c.BackupEndRequired)}
}

// The built-in tablespaces' OIDs.
const (
	defaultTablespaceOID = 1663
	globalTablespaceOID  = 1664
)

// dirSize is db_dir_size: the sizes of the entries of dir (0 when it
// does not exist).
func dirSize(ec *expr.EvalContext, dir string) (int64, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, pgerr.Newf(pgerr.IoError, "could not open directory \"%s\": %v", dir, err)
	}
	var size int64
	for _, e := range entries {
		if err := ec.CheckCancel(); err != nil {
			return 0, err
		}
		info, err := os.Stat(filepath.Join(dir, e.Name()))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return 0, pgerr.Newf(pgerr.IoError, "could not stat file \"%s\": %v", filepath.Join(dir, e.Name()), err)
		}
		size += info.Size()
	}
	return size, nil
}

// tablespaceSize is calculate_tablespace_size: the entries of the
// tablespace's directory, with the contents of those that are
// directories (databases' directories); NULL for an OID that is no
// tablespace.
func tablespaceSize(ec *expr.EvalContext, oid uint32) (types.Datum, error) {
	f, err := serverFiles(ec, "pg_tablespace_size")
	if err != nil {
		return types.Null, err
	}
	var dir string
	switch oid {
	case defaultTablespaceOID:
		dir = filepath.Join(f.DataDir(), "base")
	case globalTablespaceOID:
		dir = filepath.Join(f.DataDir(), "global")
	default:
		return types.Null, nil // gpostgres has no other tablespaces
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return types.Null, nil
	}
	var total int64
	for _, e := range entries {
		if err := ec.CheckCancel(); err != nil {
			return types.Null, err
		}
		path := filepath.Join(dir, e.Name())
		info, err := os.Stat(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return types.Null, pgerr.Newf(pgerr.IoError, "could not stat file \"%s\": %v", path, err)
		}
		if info.IsDir() {
			n, err := dirSize(ec, path)
			if err != nil {
				return types.Null, err
			}
			total += n
		}
		total += info.Size()
	}
	return types.Int(total), nil
}

// tablespaceOID is get_tablespace_oid of the built-in tablespaces.
func tablespaceOID(name string) (uint32, error) {
	switch name {
	case "pg_default":
		return defaultTablespaceOID, nil
	case "pg_global":
		return globalTablespaceOID, nil
	}
	return 0, pgerr.Newf(pgerr.UndefinedObject, "tablespace \"%s\" does not exist", name)
}

// tablespaceDatabases is pg_tablespace_databases: the databases with
// files in the tablespace (a WARNING and no rows for pg_global and for
// an OID that is no tablespace).
func tablespaceDatabases(ec *expr.EvalContext, a []types.Datum) (func() (types.Datum, bool, error), error) {
	f, err := serverFiles(ec, "pg_tablespace_databases")
	if err != nil {
		return nil, err
	}
	oid := uint32(a[0].Int())
	var found []types.Datum
	switch oid {
	case globalTablespaceOID:
		f.Warn(pgerr.New(pgerr.Warning, "global tablespace never has databases").WithSeverity(pgerr.SeverityWarning))
	case defaultTablespaceOID:
		base := filepath.Join(f.DataDir(), "base")
		entries, err := os.ReadDir(base)
		if err != nil {
			return nil, pgerr.Newf(pgerr.IoError, "could not open directory \"%s\": %v", base, err)
		}
		for _, e := range entries {
			db, err := strconv.ParseUint(e.Name(), 10, 32)
			if err != nil || db == 0 {
				continue
			}
			inner, err := os.ReadDir(filepath.Join(base, e.Name()))
			if err != nil || len(inner) == 0 {
				continue // an empty directory uses nothing
			}
			found = append(found, types.Int(int64(db)))
		}
	default:
		f.Warn(pgerr.Newf(pgerr.Warning, "%d is not a tablespace OID", oid).WithSeverity(pgerr.SeverityWarning))
	}
	return func() (types.Datum, bool, error) {
		if len(found) == 0 {
			return types.Null, false, nil
		}
		d := found[0]
		found = found[1:]
		return d, true, nil
	}, nil
}

// currentLogfile is pg_current_logfile: the file of the given format
// (any with none) the logging collector recorded in current_logfiles,
// NULL when it records none.
func currentLogfile(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
	format := ""
	if len(a) > 0 && !a[0].IsNull() {
		format = a[0].Text()
		if format != "stderr" && format != "csvlog" && format != "jsonlog" {
			return types.Null, pgerr.Newf(pgerr.InvalidParameterValue, "log format \"%s\" is not supported", format).
				WithHint("The supported log formats are \"stderr\", \"csvlog\", and \"jsonlog\".")
		}
	}
	f, err := serverFiles(ec, "pg_current_logfile")
	if err != nil {
		return types.Null, err
	}
	file, err := os.Open(filepath.Join(f.DataDir(), "current_logfiles"))
	if errors.Is(err, fs.ErrNotExist) {
		return types.Null, nil
	}
	if err != nil {
		return types.Null, pgerr.Newf(pgerr.CodeForFileAccess(err), "could not read file \"%s\": %s", "current_logfiles", datadir.Strerror(err))
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		kind, path, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			return types.Null, pgerr.New(pgerr.InternalError, "missing space character in \"current_logfiles\"")
		}
		if format == "" || kind == format {
			return types.Text(path), nil
		}
	}
	return types.Null, nil
}

// errNoCommitTimestamps is what the commit timestamp functions say with
// track_commit_timestamp off.
func errNoCommitTimestamps() error {
	return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "could not get commit timestamp data").
		WithHint("Make sure the configuration parameter \"track_commit_timestamp\" is set.")
}

func addSysInfoImpls(m map[string]implEntry) {
	m["pg_encoding_max_length_sql"] = fn1(func(d types.Datum) (types.Datum, error) {
		id := d.Int()
		if id < 0 || id >= int64(len(encodingMaxLength)) {
			return types.Null, nil
		}
		return types.Int(encodingMaxLength[id]), nil
	})
	m["length_in_encoding"] = textN(lengthInEncoding)
	m["bytea_bit_count"] = fn1(func(d types.Datum) (types.Datum, error) {
		s := d.Text()
		var n int
		for i := 0; i < len(s); i++ {
			n += bits.OnesCount8(s[i])
		}
		return types.Int(int64(n)), nil
	})
	m["width_bucket_array"] = implEntry{bind: widthBucketArray}
	m["pg_tablespace_size_oid"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return tablespaceSize(ec, uint32(a[0].Int()))
	})
	m["pg_tablespace_size_name"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		oid, err := tablespaceOID(a[0].Text())
		if err != nil {
			return types.Null, err
		}
		return tablespaceSize(ec, oid)
	})
	m["pg_current_logfile"] = sess(currentLogfile)
	m["pg_settings_get_flags"] = fn1(settingFlags)
	m["pg_filenode_relation"] = sess(filenodeRelation)
	m["pg_get_replica_identity_index"] = sess(replicaIdentityIndex)
	m["oidvectortypes"] = sess(oidVectorTypes)
	m["pg_current_logfile_1arg"] = sess(currentLogfile)
	m["pg_xact_commit_timestamp"] = sess(func(*expr.EvalContext, []types.Datum) (types.Datum, error) {
		return types.Null, errNoCommitTimestamps()
	})
}

func addSysInfoSRFs(r *registry) {
	r.rowSRFs["pg_get_keywords"] = keywordRows
	r.rowSRFs["pg_walfile_name_offset"] = walFileNameOffset
	r.rowSRFs["pg_prepared_xact"] = preparedXacts
	r.rowSRFs["pg_identify_object"] = identifyObject
	r.rowSRFs["pg_get_object_address"] = objectAddress
	r.rowSRFs["pg_identify_object_as_address"] = identifyObjectAsAddress
	r.rowSRFs["pg_get_catalog_foreign_keys"] = catalogForeignKeyRows
	r.rowSRFs["pg_sequence_parameters"] = sequenceParameters
	r.rowSRFs["pg_control_system"] = controlRow("pg_control_system", controlSystem)
	r.rowSRFs["pg_control_checkpoint"] = controlRow("pg_control_checkpoint", controlCheckpoint)
	r.rowSRFs["pg_control_init"] = controlRow("pg_control_init", controlInit)
	r.rowSRFs["pg_control_recovery"] = controlRow("pg_control_recovery", controlRecovery)
	r.rowSRFs["pg_last_committed_xact"] = func(*expr.EvalContext, []types.Datum) (func() ([]types.Datum, bool, error), error) {
		return nil, errNoCommitTimestamps()
	}
	r.srfs["pg_tablespace_databases"] = tablespaceDatabases
}

// settingFlags is pg_settings_get_flags: the flags of a built-in
// parameter that PostgreSQL 15 reports, NULL for an unknown name.
func settingFlags(d types.Datum) (types.Datum, error) {
	p, ok := config.Lookup(d.Text())
	if !ok {
		return types.Null, nil
	}
	var flags []types.Datum
	for _, f := range []struct {
		flag config.Flags
		name string
	}{{config.FlagExplain, "EXPLAIN"}, {config.FlagNoResetAll, "NO_RESET_ALL"}, {config.FlagNoShowAll, "NO_SHOW_ALL"},
		{config.FlagNotInSample, "NOT_IN_SAMPLE"}, {config.FlagRuntimeComputed, "RUNTIME_COMPUTED"}} {
		if p.Has(f.flag) {
			flags = append(flags, types.Text(f.name))
		}
	}
	return types.ArrayDatum(types.NewArray1(types.OidText, flags)), nil
}
