// This file implements pg_indexam_has_property, pg_index_has_property
// and pg_index_column_has_property (PostgreSQL's amutils.c): what an
// index access method, an index or one of its columns can do, as the
// access method's capabilities say. gpostgres builds only B-tree
// indexes, whose capabilities are PostgreSQL's nbtree's (CLUSTER,
// index and bitmap scans in both directions, ordering, ScalarArrayOp and
// IS NULL searches, index-only scans of every column, INCLUDE columns);
// the other access methods of pg_am answer as PostgreSQL's do, since
// the answers describe the method, not an index gpostgres holds.

package builtins

import (
	"strings"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// indexAMCaps are the IndexAmRoutine flags the properties read.
type indexAMCaps struct {
	canOrder, canUnique, canMultiCol, canInclude, clusterable bool
	getTuple, getBitmap, canBackward, canOrderByOp            bool
	searchArray, searchNulls                                  bool
	// returnsAll: every column can be returned (an index-only scan);
	// PostgreSQL's btproperty answers so without opening the index.
	returnsAll bool
}

// indexAMs are the built-in index access methods by pg_am OID.
var indexAMs = map[uint32]indexAMCaps{
	403: {canOrder: true, canUnique: true, canMultiCol: true, canInclude: true, clusterable: true,
		getTuple: true, getBitmap: true, canBackward: true, searchArray: true, searchNulls: true, returnsAll: true}, // btree
	405:  {getTuple: true, getBitmap: true, canBackward: true},                                                                             // hash
	783:  {canMultiCol: true, canInclude: true, clusterable: true, getTuple: true, getBitmap: true, canOrderByOp: true, searchNulls: true}, // gist
	2742: {canMultiCol: true, getBitmap: true},                                                                                             // gin
	4000: {canInclude: true, getTuple: true, getBitmap: true, canOrderByOp: true, searchNulls: true},                                       // spgist
	3580: {canMultiCol: true, getBitmap: true, searchNulls: true},                                                                          // brin
}

// indOption bits of pg_index.indoption.
const (
	indOptionDesc       = 1
	indOptionNullsFirst = 2
)

// indexFacts are what the properties need of an index: its access
// method, column counts and indoption.
type indexFacts struct {
	am             uint32
	natts, keyatts int
	options        []int16
}

func catalogReader(ec *expr.EvalContext) (catalog.Reader, error) {
	if s, ok := ec.Catalog.(expr.CatalogScanner); ok {
		return s.CatalogReader(), nil
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "the catalogs cannot be read in this session")
}

// findRow returns the first row of catalog name whose column col holds
// oid, nil when there is none.
func findRow(r catalog.Reader, name, col string, oid uint32) ([]types.Datum, *catalog.Catalog, error) {
	c := catalog.Lookup(name)
	i := c.Column(col)
	var found []types.Datum
	err := r.ScanCatalog(c, func(row []types.Datum) (bool, error) {
		if !row[i].IsNull() && uint32(row[i].Int()) == oid {
			found = row
			return false, nil
		}
		return true, nil
	})
	return found, c, err
}

// lookupIndex reads index oid's facts; ok is false when oid is not an
// index.
func lookupIndex(r catalog.Reader, oid uint32) (facts indexFacts, ok bool, err error) {
	row, c, err := findRow(r, "pg_class", "oid", oid)
	if err != nil || row == nil {
		return facts, false, err
	}
	if k := byte(row[c.Column("relkind")].Int()); k != 'i' && k != 'I' {
		return facts, false, nil
	}
	facts.am = uint32(row[c.Column("relam")].Int())
	facts.natts = int(row[c.Column("relnatts")].Int())
	row, c, err = findRow(r, "pg_index", "indexrelid", oid)
	if err != nil || row == nil {
		return facts, false, err
	}
	facts.keyatts = int(row[c.Column("indnkeyatts")].Int())
	if facts.options, err = catalog.DecodeInt2Vector([]byte(row[c.Column("indoption")].Text())); err != nil {
		return facts, false, err
	}
	return facts, true, nil
}

func optBool(v bool) (types.Datum, error) { return types.Bool(v), nil }

// amProperty is indexam_property: index 0 for an access method's
// property (amOID), column 0 for an index's.
func amProperty(ec *expr.EvalContext, amOID, index uint32, column int, prop string) (types.Datum, error) {
	prop = strings.ToLower(prop)
	var facts indexFacts
	if index != 0 {
		r, err := catalogReader(ec)
		if err != nil {
			return types.Null, err
		}
		var ok bool
		if facts, ok, err = lookupIndex(r, index); err != nil || !ok {
			return types.Null, err
		}
		amOID = facts.am
	}
	if column < 0 || column > facts.natts {
		return types.Null, nil
	}
	caps, ok := indexAMs[amOID]
	if !ok {
		return types.Null, nil // not an index access method
	}
	if column > 0 {
		isKey := !caps.canInclude || column <= facts.keyatts
		var opt int16
		if column-1 < len(facts.options) {
			opt = facts.options[column-1]
		}
		ordered := func(mask, want int16) (types.Datum, error) {
			if !isKey {
				return types.Null, nil
			}
			return optBool(caps.canOrder && opt&mask == want)
		}
		switch prop {
		case "asc":
			return ordered(indOptionDesc, 0)
		case "desc":
			return ordered(indOptionDesc, indOptionDesc)
		case "nulls_first":
			return ordered(indOptionNullsFirst, indOptionNullsFirst)
		case "nulls_last":
			return ordered(indOptionNullsFirst, 0)
		case "orderable":
			return optBool(isKey && caps.canOrder)
		case "distance_orderable":
			if !isKey || !caps.canOrderByOp {
				return optBool(false)
			}
		case "returnable":
			return optBool(caps.returnsAll)
		case "search_array":
			if isKey {
				return optBool(caps.searchArray)
			}
		case "search_nulls":
			if isKey {
				return optBool(caps.searchNulls)
			}
		}
		return types.Null, nil
	}
	if index != 0 {
		switch prop {
		case "clusterable":
			return optBool(caps.clusterable)
		case "index_scan":
			return optBool(caps.getTuple)
		case "bitmap_scan":
			return optBool(caps.getBitmap)
		case "backward_scan":
			return optBool(caps.canBackward)
		}
		return types.Null, nil
	}
	switch prop {
	case "can_order":
		return optBool(caps.canOrder)
	case "can_unique":
		return optBool(caps.canUnique)
	case "can_multi_col":
		return optBool(caps.canMultiCol)
	case "can_exclude":
		return optBool(caps.getTuple)
	case "can_include":
		return optBool(caps.canInclude)
	}
	return types.Null, nil
}

func addIndexPropertyImpls(m map[string]implEntry) {
	m["pg_indexam_has_property"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return amProperty(ec, uint32(a[0].Int()), 0, 0, a[1].Text())
	})
	m["pg_index_has_property"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return amProperty(ec, 0, uint32(a[0].Int()), 0, a[1].Text())
	})
	m["pg_index_column_has_property"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		column := a[1].Int()
		if column <= 0 || column > 1<<15 {
			return types.Null, nil
		}
		return amProperty(ec, 0, uint32(a[0].Int()), int(column), a[2].Text())
	})
}

// sequenceParameters is pg_sequence_parameters: the pg_sequence row of
// a sequence (gpostgres has no privileges to check: every role may read
// every sequence).
func sequenceParameters(ec *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
	r, err := catalogReader(ec)
	if err != nil {
		return nil, err
	}
	oid := uint32(a[0].Int())
	rel, _, err := findRow(r, "pg_class", "oid", oid)
	if err != nil {
		return nil, err
	}
	if rel == nil {
		return nil, pgerr.Newf(pgerr.UndefinedTable, "relation with OID %d does not exist", oid)
	}
	seq, c, err := findRow(r, "pg_sequence", "seqrelid", oid)
	if err != nil {
		return nil, err
	}
	if seq == nil {
		return nil, pgerr.Newf(pgerr.InternalError, "cache lookup failed for sequence %d", oid)
	}
	col := func(name string) types.Datum { return seq[c.Column(name)] }
	return rowsOf([][]types.Datum{{col("seqstart"), col("seqmin"), col("seqmax"), col("seqincrement"),
		col("seqcycle"), col("seqcache"), col("seqtypid")}}), nil
}

// filenodeRelation is pg_filenode_relation (RelidByRelfilenumber): the
// relation whose file in tablespace spc (0: the database's default) is
// filenode; the mapped catalogs' files come from the relation map.
func filenodeRelation(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
	spc, filenode := uint32(a[0].Int()), uint32(a[1].Int())
	if filenode == 0 {
		return types.Null, nil
	}
	var shared bool
	switch spc {
	case 0, defaultTablespaceOID:
	case globalTablespaceOID:
		shared = true
	default:
		return types.Null, nil // gpostgres has no other tablespaces
	}
	r, err := catalogReader(ec)
	if err != nil {
		return types.Null, err
	}
	c := catalog.Lookup("pg_class")
	iOID, iNode, iShared, iSpc := c.Column("oid"), c.Column("relfilenode"), c.Column("relisshared"), c.Column("reltablespace")
	var found uint32
	err = r.ScanCatalog(c, func(row []types.Datum) (bool, error) {
		if row[iShared].Bool() != shared || (!shared && row[iSpc].Int() != 0) {
			return true, nil
		}
		oid, node := uint32(row[iOID].Int()), uint32(row[iNode].Int())
		if node == 0 {
			// A mapped catalog: its file is in the relation map.
			loc, ok, err := ec.Catalog.RelationFile(oid)
			if err != nil || !ok {
				return err == nil, err
			}
			node = loc.Rel
		}
		if node == filenode {
			found = oid
			return false, nil
		}
		return true, nil
	})
	if err != nil || found == 0 {
		return types.Null, err
	}
	return types.Int(int64(found)), nil
}

// replicaIdentityIndex is pg_get_replica_identity_index
// (RelationGetReplicaIndex): with REPLICA IDENTITY DEFAULT the primary
// key's index, with USING INDEX the index marked indisreplident, else
// none.
func replicaIdentityIndex(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
	r, err := catalogReader(ec)
	if err != nil {
		return types.Null, err
	}
	oid := uint32(a[0].Int())
	rel, c, err := findRow(r, "pg_class", "oid", oid)
	if err != nil {
		return types.Null, err
	}
	if rel == nil {
		return types.Null, pgerr.Newf(pgerr.InternalError, "could not open relation with OID %d", oid)
	}
	var flag string
	switch rel[c.Column("relreplident")].Int() {
	case 'd':
		flag = "indisprimary"
	case 'i':
		flag = "indisreplident"
	default:
		return types.Null, nil
	}
	ic := catalog.Lookup("pg_index")
	iRel, iIndex, iFlag := ic.Column("indrelid"), ic.Column("indexrelid"), ic.Column(flag)
	var found uint32
	err = r.ScanCatalog(ic, func(row []types.Datum) (bool, error) {
		if uint32(row[iRel].Int()) == oid && row[iFlag].Bool() {
			found = uint32(row[iIndex].Int())
			return false, nil
		}
		return true, nil
	})
	if err != nil || found == 0 {
		return types.Null, err
	}
	return types.Int(int64(found)), nil
}

// oidVectorTypes is oidvectortypes: the types' names as format_type
// writes them, separated by ", ".
func oidVectorTypes(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
	elems := a[0].Array().Elems
	names := make([]string, len(elems))
	for i, t := range elems {
		var err error
		if names[i], err = ec.Catalog.FormatType(uint32(t.Int()), -1); err != nil {
			return types.Null, err
		}
	}
	return types.Text(strings.Join(names, ", ")), nil
}
