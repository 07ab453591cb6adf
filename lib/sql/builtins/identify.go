// This file implements pg_identify_object and
// pg_identify_object_as_address (PostgreSQL's objectaddress.c) for the
// objects of pg_class (relations and their columns), pg_namespace,
// pg_type and pg_proc: the object's type, schema, name and identity
// text, or the names and argument types that pg_get_object_address
// would take. Objects of the other catalogs are refused until their
// descriptions are written.

package builtins

import (
	"strings"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// The catalogs whose objects are identified here.
const (
	pgClassOID     = 1259
	pgNamespaceOID = 2615
	pgTypeOID      = 1247
	pgProcOID      = 1255
	// arraySubscriptHandler is array_subscript_handler's OID, the
	// typsubscript of true array types.
	arraySubscriptHandler = 6179
)

// objectIdentity is what both functions report of one object; found is
// false for an object that does not exist (only the type is known).
type objectIdentity struct {
	found                  bool
	typ                    string
	schema, name, identity string // quoted as pg_identify_object shows them; "" for NULL
	names, args            []string
}

// typeSQLNames are format_type's SQL spellings of built-in types.
var typeSQLNames = map[uint32]string{
	types.OidBool: "boolean", types.OidBpchar: "character", types.OidFloat4: "real", types.OidFloat8: "double precision",
	types.OidInt2: "smallint", types.OidInt4: "integer", types.OidInt8: "bigint", types.OidNumeric: "numeric",
	types.OidInterval: "interval", types.OidTime: "time without time zone", types.OidTimetz: "time with time zone",
	types.OidTimestamp: "timestamp without time zone", types.OidTimestamptz: "timestamp with time zone",
	types.OidVarchar: "character varying", 1560: "bit", 1562: "bit varying",
}

type identifier struct {
	ec *expr.EvalContext
	r  catalog.Reader
}

func (id identifier) row(cat, col string, oid uint32) (func(string) types.Datum, error) {
	row, c, err := findRow(id.r, cat, col, oid)
	if err != nil || row == nil {
		return nil, err
	}
	return func(name string) types.Datum { return row[c.Column(name)] }, nil
}

func (id identifier) namespaceName(oid uint32) (string, error) {
	ns, err := id.row("pg_namespace", "oid", oid)
	if err != nil || ns == nil {
		return "", err
	}
	return ns("nspname").Text(), nil
}

// typeQualified is format_type_be_qualified: SQL spellings and arrays as
// format_type writes them, every other type with its schema.
func (id identifier) typeQualified(oid uint32) (string, error) {
	if n, ok := typeSQLNames[oid]; ok {
		return n, nil
	}
	t, err := id.row("pg_type", "oid", oid)
	if err != nil {
		return "", err
	}
	if t == nil {
		return "???", nil
	}
	if elem := uint32(t("typelem").Int()); elem != 0 && uint32(t("typsubscript").Int()) == arraySubscriptHandler && t("typstorage").Int() != 'p' {
		e, err := id.typeQualified(elem)
		return e + "[]", err
	}
	nsp, err := id.namespaceName(uint32(t("typnamespace").Int()))
	if err != nil {
		return "", err
	}
	return quoteIdent(nsp) + "." + quoteIdent(t("typname").Text()), nil
}

// relationKinds are getRelationTypeDescription's words by relkind.
var relationKinds = map[byte]string{'r': "table", 'p': "table", 'i': "index", 'I': "index", 'S': "sequence",
	't': "toast table", 'v': "view", 'm': "materialized view", 'c': "composite type", 'f': "foreign table"}

func (id identifier) identify(classID, objID uint32, subID int32) (objectIdentity, error) {
	switch classID {
	case pgClassOID:
		o := objectIdentity{typ: "relation"}
		if subID != 0 {
			o.typ = "table column"
		}
		rel, err := id.row("pg_class", "oid", objID)
		if err != nil || rel == nil {
			return o, err
		}
		nsp, err := id.namespaceName(uint32(rel("relnamespace").Int()))
		if err != nil {
			return o, err
		}
		kind := relationKinds[byte(rel("relkind").Int())]
		relName := rel("relname").Text()
		identity, names := quoteIdent(nsp)+"."+quoteIdent(relName), []string{nsp, relName}
		if subID != 0 {
			c := catalog.Lookup("pg_attribute")
			iRel, iNum, iName := c.Column("attrelid"), c.Column("attnum"), c.Column("attname")
			attName := ""
			err := id.r.ScanCatalog(c, func(row []types.Datum) (bool, error) {
				if uint32(row[iRel].Int()) == objID && int32(row[iNum].Int()) == subID {
					attName = row[iName].Text()
					return false, nil
				}
				return true, nil
			})
			if err != nil || attName == "" {
				return objectIdentity{typ: o.typ}, err
			}
			kind += " column"
			identity += "." + quoteIdent(attName)
			names = append(names, attName)
		}
		o.found, o.typ, o.schema, o.name, o.identity, o.names = true, kind, quoteIdent(nsp), quoteIdent(relName), identity, names
		return o, nil
	case pgNamespaceOID:
		o := objectIdentity{typ: "schema"}
		nsp, err := id.row("pg_namespace", "oid", objID)
		if err != nil || nsp == nil {
			return o, err
		}
		name := nsp("nspname").Text()
		o.found, o.name, o.identity, o.names = true, quoteIdent(name), quoteIdent(name), []string{name}
		return o, nil
	case pgTypeOID:
		o := objectIdentity{typ: "type"}
		t, err := id.row("pg_type", "oid", objID)
		if err != nil || t == nil {
			return o, err
		}
		nsp, err := id.namespaceName(uint32(t("typnamespace").Int()))
		if err != nil {
			return o, err
		}
		ident, err := id.typeQualified(objID)
		if err != nil {
			return o, err
		}
		o.found, o.schema, o.name, o.identity, o.names = true, quoteIdent(nsp), quoteIdent(t("typname").Text()), ident, []string{ident}
		return o, nil
	case pgProcOID:
		o := objectIdentity{typ: "routine"}
		p, err := id.ec.Catalog.Syscache().ProcByOID(objID)
		if err != nil || p == nil {
			return o, err
		}
		switch p.Kind {
		case 'a':
			o.typ = "aggregate"
		case 'p':
			o.typ = "procedure"
		default:
			o.typ = "function"
		}
		nsp, err := id.namespaceName(p.Namespace)
		if err != nil {
			return o, err
		}
		args := []string{}
		for _, t := range p.ArgTypes {
			s, err := id.typeQualified(t)
			if err != nil {
				return o, err
			}
			args = append(args, s)
		}
		o.found, o.schema = true, quoteIdent(nsp)
		o.identity = quoteIdent(nsp) + "." + quoteIdent(p.Name) + "(" + strings.Join(args, ",") + ")"
		o.names, o.args = []string{nsp, p.Name}, args
		return o, nil
	}
	if catalog.ByOID(classID) != nil {
		return objectIdentity{}, pgerr.Newf(pgerr.FeatureNotSupported, "identifying objects of %s is not supported yet", catalog.ByOID(classID).Name)
	}
	return objectIdentity{}, pgerr.Newf(pgerr.InternalError, "unrecognized object class: %d", classID)
}

func identifyArgs(ec *expr.EvalContext, a []types.Datum) (objectIdentity, error) {
	r, err := catalogReader(ec)
	if err != nil {
		return objectIdentity{}, err
	}
	return identifier{ec: ec, r: r}.identify(uint32(a[0].Int()), uint32(a[1].Int()), int32(a[2].Int()))
}

func textOrNull(s string) types.Datum {
	if s == "" {
		return types.Null
	}
	return types.Text(s)
}

func textArray(list []string) types.Datum {
	elems := make([]types.Datum, len(list))
	for i, s := range list {
		elems[i] = types.Text(s)
	}
	return types.ArrayDatum(types.NewArray1(types.OidText, elems))
}

// identifyObject is pg_identify_object.
func identifyObject(ec *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
	o, err := identifyArgs(ec, a)
	if err != nil {
		return nil, err
	}
	return rowsOf([][]types.Datum{{types.Text(o.typ), textOrNull(o.schema), textOrNull(o.name), textOrNull(o.identity)}}), nil
}

// identifyObjectAsAddress is pg_identify_object_as_address.
func identifyObjectAsAddress(ec *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
	o, err := identifyArgs(ec, a)
	if err != nil {
		return nil, err
	}
	row := []types.Datum{types.Text(o.typ), types.Null, types.Null}
	if o.found {
		row[1], row[2] = textArray(o.names), textArray(o.args)
	}
	return rowsOf([][]types.Datum{row}), nil
}

// objectTypeNames are the object type names pg_get_object_address reads
// (objectaddress.c's ObjectTypeMap): true for those it can resolve,
// false for those PostgreSQL calls unsupported.
var objectTypeNames = map[string]bool{
	"table": true, "index": true, "sequence": true, "toast table": false, "view": true, "materialized view": true,
	"composite type": false, "foreign table": true, "table column": true, "index column": false,
	"sequence column": false, "toast table column": false, "view column": false, "materialized view column": false,
	"composite type column": false, "foreign table column": true, "aggregate": true, "collation": true,
	"conversion": true, "database": true, "default value": true, "domain": true, "domain constraint": true,
	"foreign-data wrapper": true, "server": true, "function": true, "language": true, "large object": true,
	"operator": true, "operator class": true, "operator family": true, "access method": true,
	"operator of access method": true, "function of access method": true, "procedure": true, "role": true,
	"rule": true, "schema": true, "text search parser": true, "text search dictionary": true,
	"text search template": true, "text search configuration": true, "trigger": true, "type": true,
	"table constraint": true, "cast": true, "user mapping": true, "default acl": true, "extension": true,
	"event trigger": true, "parameter ACL": true, "policy": true, "publication": true,
	"publication namespace": true, "publication relation": true, "subscription": true, "transform": true,
	"statistics object": true, "tablespace": true,
}

// relationObjectKinds are the relkinds each relation object type
// accepts, and the word of the error for another.
var relationObjectKinds = map[string]struct {
	kinds string
	word  string
}{
	"table": {"rp", "a table"}, "index": {"iI", "an index"}, "sequence": {"S", "a sequence"},
	"view": {"v", "a view"}, "materialized view": {"m", "a materialized view"}, "foreign table": {"f", "a foreign table"},
}

// relationByNames resolves a relation named by a list of one to three
// names as regclass input does.
func relationByNames(ec *expr.EvalContext, names []string) (uint32, error) {
	if len(names) > 3 {
		return 0, pgerr.Newf(pgerr.SyntaxError, "improper relation name (too many dotted names): %s", strings.Join(names, "."))
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = `"` + strings.ReplaceAll(n, `"`, `""`) + `"`
	}
	d, err := types.ParseText(types.OidRegclass, -1, strings.Join(quoted, "."), ec.Format)
	if err != nil {
		if pe := pgerr.As(err); pe != nil && pe.Code == pgerr.UndefinedTable {
			return 0, pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", strings.Join(names, "."))
		}
		return 0, err
	}
	return uint32(d.Int()), nil
}

// stringList is textarray_to_strvaluelist: the array's elements, none
// of them NULL.
func stringList(d types.Datum) ([]string, error) {
	var out []string
	for _, e := range d.Array().Elems {
		if e.IsNull() {
			return nil, pgerr.New(pgerr.NullValueNotAllowed, "name or argument lists may not contain nulls")
		}
		out = append(out, e.Text())
	}
	return out, nil
}

// objectAddress is pg_get_object_address for the object types
// identify knows: relations and their columns, schemas, types and
// routines.
func objectAddress(ec *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
	objType := a[0].Text()
	supported, known := objectTypeNames[objType]
	if !known {
		return nil, pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized object type \"%s\"", objType)
	}
	if !supported {
		return nil, pgerr.Newf(pgerr.InvalidParameterValue, "unsupported object type \"%s\"", objType)
	}
	names, err := stringList(a[1])
	if err != nil {
		return nil, err
	}
	if objType == "type" {
		if len(names) != 1 {
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "name list length must be exactly %d", 1)
		}
	} else if len(names) < 1 {
		return nil, pgerr.Newf(pgerr.InvalidParameterValue, "name list length must be at least %d", 1)
	}
	args, err := stringList(a[2])
	if err != nil {
		return nil, err
	}
	r, err := catalogReader(ec)
	if err != nil {
		return nil, err
	}
	address := func(class, oid uint32, sub int32) (func() ([]types.Datum, bool, error), error) {
		return rowsOf([][]types.Datum{{types.Int(int64(class)), types.Int(int64(oid)), types.Int(int64(sub))}}), nil
	}
	switch objType {
	case "table", "index", "sequence", "view", "materialized view", "foreign table":
		oid, err := relationByNames(ec, names)
		if err != nil {
			return nil, err
		}
		rel, err := identifier{ec: ec, r: r}.row("pg_class", "oid", oid)
		if err != nil || rel == nil {
			return nil, err
		}
		want := relationObjectKinds[objType]
		if !strings.ContainsRune(want.kinds, rune(rel("relkind").Int())) {
			return nil, pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not %s", rel("relname").Text(), want.word)
		}
		return address(pgClassOID, oid, 0)
	case "table column", "foreign table column":
		if len(names) < 2 {
			return nil, pgerr.New(pgerr.SyntaxError, "column name must be qualified")
		}
		relNames, column := names[:len(names)-1], names[len(names)-1]
		oid, err := relationByNames(ec, relNames)
		if err != nil {
			return nil, err
		}
		c := catalog.Lookup("pg_attribute")
		iRel, iNum, iName, iDropped := c.Column("attrelid"), c.Column("attnum"), c.Column("attname"), c.Column("attisdropped")
		var attnum int32
		err = r.ScanCatalog(c, func(row []types.Datum) (bool, error) {
			if uint32(row[iRel].Int()) == oid && row[iName].Text() == column && !row[iDropped].Bool() {
				attnum = int32(row[iNum].Int())
				return false, nil
			}
			return true, nil
		})
		if err != nil {
			return nil, err
		}
		if attnum == 0 {
			return nil, pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", column, strings.Join(relNames, "."))
		}
		return address(pgClassOID, oid, attnum)
	case "schema":
		if len(names) != 1 {
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "name list length must be exactly %d", 1)
		}
		c := catalog.Lookup("pg_namespace")
		iOID, iName := c.Column("oid"), c.Column("nspname")
		var found uint32
		err := r.ScanCatalog(c, func(row []types.Datum) (bool, error) {
			if row[iName].Text() == names[0] {
				found = uint32(row[iOID].Int())
				return false, nil
			}
			return true, nil
		})
		if err != nil {
			return nil, err
		}
		if found == 0 {
			return nil, pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", names[0])
		}
		return address(pgNamespaceOID, found, 0)
	case "type":
		d, err := types.ParseText(types.OidRegtype, -1, names[0], ec.Format)
		if err != nil {
			return nil, err
		}
		return address(pgTypeOID, uint32(d.Int()), 0)
	case "function", "procedure", "aggregate":
		return routineAddress(ec, objType, names, args)
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "pg_get_object_address is not supported for objects of type \"%s\" yet", objType)
}

// routineAddress resolves a function, procedure or aggregate by its
// names and argument types, as LookupFuncWithArgs does.
func routineAddress(ec *expr.EvalContext, objType string, names, args []string) (func() ([]types.Datum, bool, error), error) {
	// The argument types first: an unknown one is its own error.
	argTypes := make([]uint32, len(args))
	for i, t := range args {
		d, err := types.ParseText(types.OidRegtype, -1, t, ec.Format)
		if err != nil {
			return nil, err
		}
		argTypes[i] = uint32(d.Int())
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = `"` + strings.ReplaceAll(n, `"`, `""`) + `"`
	}
	argNames := make([]string, len(argTypes))
	for i, t := range argTypes {
		s, err := ec.Catalog.FormatType(t, -1)
		if err != nil {
			return nil, err
		}
		argNames[i] = s
	}
	signature := strings.Join(names, ".") + "(" + strings.Join(argNames, ", ") + ")"
	d, err := types.ParseText(types.OidRegprocedure, -1, strings.Join(quoted, ".")+"("+strings.Join(argNames, ",")+")", ec.Format)
	if err != nil {
		if pe := pgerr.As(err); pe != nil && pe.Code == pgerr.UndefinedFunction {
			word := "function"
			if objType != "function" {
				word = objType
			}
			return nil, pgerr.Newf(pgerr.UndefinedFunction, "%s %s does not exist", word, signature)
		}
		return nil, err
	}
	oid := uint32(d.Int())
	p, err := ec.Catalog.Syscache().ProcByOID(oid)
	if err != nil {
		return nil, err
	}
	if p != nil {
		switch {
		case objType == "function" && p.Kind == 'p':
			return nil, pgerr.Newf(pgerr.WrongObjectType, "%s is not a function", signature)
		case objType == "procedure" && p.Kind != 'p':
			return nil, pgerr.Newf(pgerr.WrongObjectType, "%s is not a procedure", signature)
		case objType == "aggregate" && p.Kind != 'a':
			return nil, pgerr.Newf(pgerr.WrongObjectType, "function %s is not an aggregate", signature)
		}
	}
	return rowsOf([][]types.Datum{{types.Int(pgProcOID), types.Int(int64(oid)), types.Int(0)}}), nil
}
