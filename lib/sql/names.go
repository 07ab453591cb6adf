// This file answers the catalog questions of functions and of the reg*
// types' input and output (regclass, regtype, regnamespace, regrole,
// regproc): names of relations, types, schemas and roles, whether they
// are visible in the search path, stored expressions and relation sizes.

package sql

import (
	"slices"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/freespace"
	"github.com/gpostgres/gpostgres/lib/types"
)

// names implements expr.Catalog and types.RegNames over a statement's
// catalog access.
type names struct{ s *sqlCtx }

func (n names) UserName(oid uint32) (string, bool, error) { return n.s.cache.RoleName(n.s, oid) }

func (n names) TableIsVisible(oid uint32) (bool, error) {
	s := n.s
	rel, err := s.cache.RelationByOID(s, oid)
	if err != nil || rel == nil {
		return false, err
	}
	found, err := s.relationOID("", rel.Name, false)
	return found == oid, err
}

func (n names) TypeIsVisible(oid uint32) (bool, error) {
	if types.ByOID(oid) != nil {
		return true, nil
	}
	s := n.s
	t, err := s.cache.TypeByOID(s, oid)
	if err != nil || t == nil {
		return false, err
	}
	return n.typeVisible(t)
}

func (n names) typeVisible(t *catalog.Type) (bool, error) {
	s := n.s
	path, err := s.searchPath()
	if err != nil {
		return false, err
	}
	for _, nsp := range path {
		o, err := s.cache.TypeOID(s, nsp, t.Name)
		if err != nil {
			return false, err
		}
		if o != 0 {
			return o == t.OID, nil
		}
	}
	return false, nil
}

// qualify returns name, schema-qualified unless visible.
func (n names) qualify(nsp uint32, name string, visible bool) (string, error) {
	if visible {
		return builtins.QuoteIdent(name), nil
	}
	nspName, _, err := n.s.cache.NamespaceName(n.s, nsp)
	if err != nil {
		return "", err
	}
	return builtins.QuoteIdent(nspName) + "." + builtins.QuoteIdent(name), nil
}

// FormatType is format_type for any type: lib/types' spelling of the
// built-in ones, the catalog's (schema-qualified when not visible) of
// the others.
func (n names) FormatType(oid uint32, typmod int32) (string, error) {
	if types.ByOID(oid) != nil {
		return types.FormatType(oid, typmod), nil
	}
	s := n.s
	t, err := s.cache.TypeByOID(s, oid)
	if err != nil {
		return "", err
	}
	if t == nil {
		return "???", nil
	}
	if t.Category == 'A' && t.Elem != 0 && t.Len == -1 {
		e, err := n.FormatType(t.Elem, typmod)
		return e + "[]", err
	}
	vis, err := n.typeVisible(t)
	if err != nil {
		return "", err
	}
	return n.qualify(t.Namespace, t.Name, vis)
}

func (n names) GetExpr(tree string, relid uint32, pretty bool) (string, error) {
	if strings.HasPrefix(tree, "{") {
		return tree, nil
	}
	// Stored expressions name objects by OID; they print by name.
	format := FormatOptions(n.s.env)
	var colName func(v *expr.Var) string
	e, err := analyze.AnalyzeExpr(catalogAdapter{n.s}, tree, format)
	if err != nil && relid != 0 {
		// An expression over the relation's columns (a generated column).
		s := n.s
		rel, rerr := s.cache.RelationByOID(s, relid)
		if rerr != nil || rel == nil {
			return tree, nil
		}
		t, terr := s.planTable(rel)
		if terr != nil {
			return tree, nil
		}
		e, err = analyze.AnalyzeStoredGenerated(catalogAdapter{s}, tree, t, -1, format)
		colName = func(v *expr.Var) string { return t.Columns[v.Index].Name }
	}
	if err != nil {
		return tree, nil
	}
	out, err := analyze.DeparseFormat(e, pretty, colName, format)
	if err != nil {
		return tree, nil
	}
	return out, nil
}

func (n names) Syscache() catalog.Syscache { return n.s.syscache() }

func (n names) RelationSize(oid uint32, fork storage.ForkNumber, what expr.SizeKind) (int64, bool, error) {
	s := n.s
	rel, err := s.cache.RelationByOID(s, oid)
	if err != nil || rel == nil {
		return 0, false, err
	}
	if what == expr.SizeFork {
		size, err := n.forkSize(rel, fork)
		return size, err == nil, err
	}
	var size int64
	if what != expr.SizeIndexes {
		// calculate_table_size: the relation's forks, then its TOAST
		// table's and the TOAST index's (calculate_toast_table_size).
		if size, err = n.forksSize(rel); err != nil {
			return 0, false, err
		}
		if rel.ToastOID != 0 {
			trel, err := s.cache.RelationByOID(s, rel.ToastOID)
			if err != nil {
				return 0, false, err
			}
			if trel != nil {
				t, err := n.forksSize(trel)
				if err != nil {
					return 0, false, err
				}
				ti, err := n.indexesSize(trel)
				if err != nil {
					return 0, false, err
				}
				size += t + ti
			}
		}
	}
	if what != expr.SizeTable {
		ix, err := n.indexesSize(rel)
		if err != nil {
			return 0, false, err
		}
		size += ix
	}
	return size, true, nil
}

// forkSize is the size of one fork of rel; a fork that was never made
// (the maps are made when first needed) has no blocks.
func (n names) forkSize(rel *catalog.Relation, fork storage.ForkNumber) (int64, error) {
	s := n.s
	switch rel.Kind {
	case 'r', 'i', 'S', 't', 'm':
	default:
		return 0, nil // no storage
	}
	nb, _, err := freespace.ForkBlocks(s.heap.Files, rel.Locator(s.db), fork)
	return int64(nb) * storage.BlockSize, err
}

// forksSize is the size of every fork of rel (calculate_relation_size
// over all forks).
func (n names) forksSize(rel *catalog.Relation) (int64, error) {
	var size int64
	for _, f := range []storage.ForkNumber{storage.MainFork, storage.FSMFork, storage.VisibilityMapFork, storage.InitFork} {
		b, err := n.forkSize(rel, f)
		if err != nil {
			return 0, err
		}
		size += b
	}
	return size, nil
}

// indexesSize is the size of every fork of each index of rel
// (calculate_indexes_size).
func (n names) indexesSize(rel *catalog.Relation) (int64, error) {
	s := n.s
	var size int64
	for _, oid := range rel.Indexes {
		irel, err := s.cache.RelationByOID(s, oid)
		if err != nil {
			return 0, err
		}
		if irel == nil {
			continue
		}
		b, err := n.forksSize(irel)
		if err != nil {
			return 0, err
		}
		size += b
	}
	return size, nil
}

func (n names) RelationFile(oid uint32) (storage.RelFileLocator, bool, error) {
	s := n.s
	rel, err := s.cache.RelationByOID(s, oid)
	if err != nil || rel == nil {
		return storage.RelFileLocator{}, false, err
	}
	switch rel.Kind {
	case 'r', 'i', 'S', 't', 'm':
	default:
		return storage.RelFileLocator{}, false, nil // RELKIND_HAS_STORAGE
	}
	if rel.FileNode == 0 {
		return storage.RelFileLocator{}, false, nil
	}
	return rel.Locator(s.db), true, nil
}

// RegName implements types.RegNames.
func (n names) RegName(typ uint32, oid uint32) (string, bool) {
	s := n.s
	switch typ {
	case types.OidRegclass:
		rel, err := s.cache.RelationByOID(s, oid)
		if err != nil || rel == nil {
			return "", false
		}
		vis, err := n.TableIsVisible(oid)
		if err != nil {
			return "", false
		}
		name, err := n.qualify(rel.Namespace, rel.Name, vis)
		return name, err == nil
	case types.OidRegtype:
		name, err := n.FormatType(oid, -1)
		return name, err == nil && name != "???"
	case types.OidRegnamespace:
		name, ok, err := s.cache.NamespaceName(s, oid)
		return builtins.QuoteIdent(name), ok && err == nil
	case types.OidRegrole:
		name, ok, err := s.cache.RoleName(s, oid)
		return builtins.QuoteIdent(name), ok && err == nil
	case types.OidRegoper, types.OidRegoperator:
		return n.operatorName(oid, typ == types.OidRegoperator)
	case types.OidRegproc, types.OidRegprocedure:
		f, err := builtins.FuncByOID(s.syscache(), oid)
		if err != nil || f == nil {
			return "", false
		}
		if typ == types.OidRegproc {
			// As regprocout: the bare name when the name alone finds
			// this one function, else qualified by its schema.
			_, rows := catalog.BuiltinProcsNamed(f.Name)
			n := len(rows)
			if user, err := s.syscache().UserProcs(f.Name); err == nil {
				n += len(user)
			}
			if n == 1 {
				return builtins.QuoteIdent(f.Name), true
			}
			nsp, ok, err := s.cache.NamespaceName(s, f.Namespace)
			if err != nil || !ok {
				return builtins.QuoteIdent(f.Name), true
			}
			return builtins.QuoteIdent(nsp) + "." + builtins.QuoteIdent(f.Name), true
		}
		// As format_procedure: qualified when the search path would
		// find another function, or none, by this name and arguments.
		var args []string
		for _, a := range f.Args {
			name, err := n.FormatType(a, -1)
			if err != nil {
				return "", false
			}
			args = append(args, name)
		}
		name := builtins.QuoteIdent(f.Name)
		found, err := n.findProcedure(f.Name, 0, f.Args)
		if err != nil {
			return "", false
		}
		if found != f.OID {
			nsp, ok, err := s.cache.NamespaceName(s, f.Namespace)
			if err == nil && ok {
				name = builtins.QuoteIdent(nsp) + "." + name
			}
		}
		return name + "(" + strings.Join(args, ",") + ")", true
	}
	return "", false
}

// splitQualified splits a possibly qualified, possibly quoted name as
// stringToQualifiedNameList does.
func splitQualified(s string) ([]string, error) {
	res, err := pg_query.Parse("SELECT * FROM " + s)
	if err == nil && len(res.Stmts) == 1 {
		if sel := res.Stmts[0].Stmt.GetSelectStmt(); sel != nil && len(sel.FromClause) == 1 && sel.LimitCount == nil && sel.WhereClause == nil {
			if rv := sel.FromClause[0].GetRangeVar(); rv != nil && rv.Alias == nil {
				var out []string
				if rv.Catalogname != "" {
					out = append(out, rv.Catalogname)
				}
				if rv.Schemaname != "" {
					out = append(out, rv.Schemaname)
				}
				return append(out, rv.Relname), nil
			}
		}
	}
	return nil, pgerr.New(pgerr.InvalidName, "invalid name syntax")
}

// qualifiedSchema returns the namespace of a qualified name's schema, 0
// for an unqualified name; a schema that does not exist is an error, as
// in PostgreSQL's LookupExplicitNamespace.
func (n names) qualifiedSchema(parts []string) (uint32, error) {
	if len(parts) < 2 {
		return 0, nil
	}
	schema := parts[len(parts)-2]
	nsp, err := n.s.cache.NamespaceOID(n.s, schema)
	if err != nil {
		return 0, err
	}
	if nsp == 0 {
		return 0, pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", schema)
	}
	return nsp, nil
}

// RegOid implements types.RegNames.
func (n names) RegOid(typ uint32, text string) (uint32, error) {
	s := n.s
	switch typ {
	case types.OidRegclass:
		parts, err := splitQualified(text)
		if err != nil {
			return 0, err
		}
		if _, err := n.qualifiedSchema(parts); err != nil {
			return 0, err
		}
		schema := ""
		if len(parts) > 1 {
			schema = parts[len(parts)-2]
		}
		oid, err := s.relationOID(schema, parts[len(parts)-1], false)
		if err != nil {
			return 0, err
		}
		if oid == 0 {
			return 0, pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", strings.Join(parts, "."))
		}
		return oid, nil
	case types.OidRegtype:
		if elem, ok := cutArrayBounds(text); ok {
			// The array type of a type users created ("mood[]"); as in
			// PostgreSQL, any number of bounds, sized or not, names the
			// one array type.
			var e uint32
			if bt, _, err := types.LookupTypeName(elem); err == nil {
				e = bt.OID
			} else if e, err = n.RegOid(typ, elem); err != nil {
				return 0, pgerr.Newf(pgerr.UndefinedObject, "type \"%s\" does not exist", text)
			}
			t, err := s.cache.TypeByOID(s, e)
			if err != nil {
				return 0, err
			}
			if t == nil || t.Array == 0 {
				return 0, pgerr.Newf(pgerr.UndefinedObject, "type \"%s\" does not exist", text)
			}
			return t.Array, nil
		}
		parts, err := splitQualified(text)
		if err != nil {
			return 0, err
		}
		name := parts[len(parts)-1]
		path, err := s.searchPath()
		if err != nil {
			return 0, err
		}
		if len(parts) > 1 {
			nsp, err := n.qualifiedSchema(parts)
			if err != nil {
				return 0, err
			}
			path = []uint32{nsp}
		}
		for _, nsp := range path {
			o, err := s.cache.TypeOID(s, nsp, name)
			if err != nil {
				return 0, err
			}
			if o != 0 {
				// A shell type names no type yet (typenameTypeId).
				if t, err := s.cache.TypeByOID(s, o); err != nil {
					return 0, err
				} else if t != nil && t.Shell {
					return 0, types.ErrShellType(strings.Join(parts, "."))
				}
				return o, nil
			}
		}
		return 0, pgerr.Newf(pgerr.UndefinedObject, "type \"%s\" does not exist", text)
	case types.OidRegnamespace:
		parts, err := splitQualified(text)
		if err != nil || len(parts) != 1 {
			return 0, pgerr.New(pgerr.InvalidName, "invalid name syntax")
		}
		oid, err := s.cache.NamespaceOID(s, parts[0])
		if err != nil {
			return 0, err
		}
		if parts[0] == tempSearchName {
			oid = 0 // regnamespacein does not know the alias
		}
		if oid == 0 {
			return 0, pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", parts[0])
		}
		return oid, nil
	case types.OidRegrole:
		parts, err := splitQualified(text)
		if err != nil || len(parts) != 1 {
			return 0, pgerr.New(pgerr.InvalidName, "invalid name syntax")
		}
		oid, err := s.cache.RoleOID(s, parts[0])
		if err != nil {
			return 0, err
		}
		if oid == 0 {
			return 0, pgerr.Newf(pgerr.UndefinedObject, "role \"%s\" does not exist", parts[0])
		}
		return oid, nil
	case types.OidRegproc:
		parts, err := splitQualified(text)
		if err != nil {
			return 0, err
		}
		nsp, err := n.qualifiedSchema(parts)
		if err != nil {
			return 0, err
		}
		fs, err := s.syscache().Procs(parts[len(parts)-1])
		if err != nil {
			return 0, err
		}
		if nsp != 0 {
			// A qualified name looks in that schema only.
			var in []*catalog.Proc
			for _, f := range fs {
				if f.Namespace == nsp {
					in = append(in, f)
				}
			}
			fs = in
		}
		switch len(fs) {
		case 0:
			return 0, pgerr.Newf(pgerr.UndefinedFunction, "function \"%s\" does not exist", text)
		case 1:
			return fs[0].OID, nil
		}
		return 0, pgerr.Newf(pgerr.AmbiguousFunction, "more than one function named \"%s\"", text)
	case types.OidRegprocedure:
		return n.regprocedureIn(text)
	case types.OidRegoper:
		return n.regoperIn(text)
	case types.OidRegoperator:
		return n.regoperatorIn(text)
	}
	return 0, pgerr.Newf(pgerr.FeatureNotSupported, "%s input is not supported", types.FormatType(typ, -1))
}

// regprocedureIn is regprocedurein: "name(type, ...)" names the function
// of that name (searched on the path unless qualified) whose argument
// types are exactly those.
func (n names) regprocedureIn(text string) (uint32, error) {
	parts, argTypes, err := n.nameAndArgTypes(text, false)
	if err != nil {
		return 0, err
	}
	nsp, err := n.qualifiedSchema(parts)
	if err != nil {
		return 0, err
	}
	oid, err := n.findProcedure(parts[len(parts)-1], nsp, argTypes)
	if err == nil && oid == 0 {
		err = pgerr.Newf(pgerr.UndefinedFunction, "function \"%s\" does not exist", text)
	}
	return oid, err
}

// findProcedure returns the function called name with exactly these
// argument types in schema nsp, or the first one on the search path
// when nsp is 0; 0 when there is none.
func (n names) findProcedure(name string, nsp uint32, argTypes []uint32) (uint32, error) {
	s := n.s
	fs, err := s.syscache().Procs(name)
	if err != nil {
		return 0, err
	}
	path := []uint32{nsp}
	if nsp == 0 {
		if path, err = s.searchPath(); err != nil {
			return 0, err
		}
	}
	for _, p := range path {
		for _, f := range fs {
			if f.Namespace == p && slices.Equal(f.ArgTypes, argTypes) {
				return f.OID, nil
			}
		}
	}
	return 0, nil
}

// nameAndArgTypes is parseNameAndArgTypes: the qualified name before
// the parenthesis and the types of the comma-separated list inside.
// An operator's name is split at the dot between schema and name only;
// with allowNone an argument type may be NONE (0), the missing left
// argument of a prefix operator (regoperatorin).
func (n names) nameAndArgTypes(text string, operator bool) ([]string, []uint32, error) {
	inQuote := false
	open := -1
	for i := 0; i < len(text) && open < 0; i++ {
		switch text[i] {
		case '"':
			inQuote = !inQuote
		case '(':
			if !inQuote {
				open = i
			}
		}
	}
	if open < 0 {
		return nil, nil, pgerr.New(pgerr.InvalidTextRepresentation, "expected a left parenthesis")
	}
	var parts []string
	var err error
	if operator {
		parts, err = splitOperatorName(strings.TrimRight(text[:open], " \t\n\r\f\v"))
	} else {
		parts, err = splitQualified(strings.TrimRight(text[:open], " \t\n\r\f\v"))
	}
	if err != nil {
		return nil, nil, err
	}
	rest := strings.TrimRight(text[open+1:], " \t\n\r\f\v")
	if !strings.HasSuffix(rest, ")") {
		return nil, nil, pgerr.New(pgerr.InvalidTextRepresentation, "expected a right parenthesis")
	}
	rest = rest[:len(rest)-1]
	if strings.TrimSpace(rest) == "" {
		return parts, []uint32{}, nil
	}
	// Commas inside quotes or a type's modifiers separate nothing.
	var args []string
	depth, start := 0, 0
	inQuote = false
	for i := 0; i < len(rest); i++ {
		switch c := rest[i]; {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			args = append(args, rest[start:i])
			start = i + 1
		}
	}
	args = append(args, rest[start:])
	argTypes := make([]uint32, 0, len(args))
	for _, a := range args {
		a = strings.TrimSpace(a)
		if a == "" {
			return nil, nil, pgerr.New(pgerr.InvalidTextRepresentation, "expected a type name")
		}
		if operator && strings.EqualFold(a, "none") {
			argTypes = append(argTypes, 0)
			continue
		}
		typ, err := n.typeOid(a)
		if err != nil {
			return nil, nil, err
		}
		argTypes = append(argTypes, typ)
	}
	return parts, argTypes, nil
}

// typeOid is parseTypeString's type: a built-in type's name in any
// spelling, or a type of the catalog found as regtype input finds it.
func (n names) typeOid(text string) (uint32, error) {
	if t, _, err := types.LookupTypeName(text); err == nil {
		return t.OID, nil
	}
	return n.RegOid(types.OidRegtype, text)
}

// typeName is format_type for messages: the type's name, qualified when
// not visible; the number when the catalog cannot be read.
func (s *sqlCtx) typeName(oid uint32, typmod int32) string {
	name, err := names{s}.FormatType(oid, typmod)
	if err != nil {
		return types.FormatType(oid, typmod)
	}
	return name
}

// cutArrayBounds strips the trailing array bounds ("[]", "[3]", any
// number of them) from a type name, reporting whether there were any.
func cutArrayBounds(text string) (string, bool) {
	rest := strings.TrimSpace(text)
	cut := false
	for strings.HasSuffix(rest, "]") {
		open := strings.LastIndexByte(rest, '[')
		if open < 0 || strings.Trim(rest[open+1:len(rest)-1], "0123456789 ") != "" {
			break
		}
		rest, cut = strings.TrimSpace(rest[:open]), true
	}
	return rest, cut && rest != ""
}

// splitOperatorName splits an operator's possibly schema-qualified name
// (stringToQualifiedNameList: the schema may be quoted).
func splitOperatorName(text string) ([]string, error) {
	text = strings.TrimSpace(text)
	i := strings.LastIndexByte(text, '.')
	if i < 0 {
		if text == "" {
			return nil, pgerr.New(pgerr.InvalidName, "invalid name syntax")
		}
		return []string{text}, nil
	}
	schema, err := splitQualified(strings.TrimSpace(text[:i]))
	if err != nil || len(schema) != 1 || strings.TrimSpace(text[i+1:]) == "" {
		return nil, pgerr.New(pgerr.InvalidName, "invalid name syntax")
	}
	return []string{schema[0], strings.TrimSpace(text[i+1:])}, nil
}

// operatorsNamed returns the operators called parts' last name in the
// schema parts name, or on the search path, in the path's order.
func (n names) operatorsNamed(parts []string) ([]*catalog.Operator, error) {
	s := n.s
	nsp, err := n.qualifiedSchema(parts)
	if err != nil {
		return nil, err
	}
	ops, err := s.syscache().Operators(parts[len(parts)-1])
	if err != nil {
		return nil, err
	}
	path := []uint32{nsp}
	if nsp == 0 {
		if path, err = s.searchPath(); err != nil {
			return nil, err
		}
	}
	var out []*catalog.Operator
	for _, p := range path {
		for _, o := range ops {
			if o.Namespace == p {
				out = append(out, o)
			}
		}
	}
	return out, nil
}

// regoperIn is regoperin: an operator named alone, which must be the
// only one of that name.
func (n names) regoperIn(text string) (uint32, error) {
	parts, err := splitOperatorName(text)
	if err != nil {
		return 0, err
	}
	ops, err := n.operatorsNamed(parts)
	if err != nil {
		return 0, err
	}
	switch len(ops) {
	case 0:
		return 0, pgerr.Newf(pgerr.UndefinedFunction, "operator does not exist: %s", text)
	case 1:
		return ops[0].OID, nil
	}
	return 0, pgerr.Newf(pgerr.AmbiguousFunction, "more than one operator named %s", text)
}

// regoperatorIn is regoperatorin: "name(left, right)", NONE for the
// missing left argument of a prefix operator.
func (n names) regoperatorIn(text string) (uint32, error) {
	parts, argTypes, err := n.nameAndArgTypes(text, true)
	if err != nil {
		return 0, err
	}
	switch {
	case len(argTypes) == 1:
		return 0, pgerr.New(pgerr.UndefinedParameter, "missing argument").
			WithHint("Use NONE to denote the missing argument of a unary operator.")
	case len(argTypes) != 2:
		return 0, pgerr.New(pgerr.TooManyArguments, "too many arguments").
			WithHint("Provide two argument types for operator.")
	}
	ops, err := n.operatorsNamed(parts)
	if err != nil {
		return 0, err
	}
	for _, o := range ops {
		if o.Left == argTypes[0] && o.Right == argTypes[1] {
			return o.OID, nil
		}
	}
	return 0, pgerr.Newf(pgerr.UndefinedFunction, "operator does not exist: %s", text)
}

// operatorName is regoperout (args false) and regoperatorout: the name,
// qualified unless input would find this operator by it: regoperin by
// the name alone (the only operator so named), regoperatorin by the
// name and argument types (the first on the search path).
func (n names) operatorName(oid uint32, args bool) (string, bool) {
	s := n.s
	o, err := s.syscache().OperatorByOID(oid)
	if err != nil || o == nil {
		return "", false
	}
	ops, err := n.operatorsNamed([]string{o.Name})
	if err != nil {
		return "", false
	}
	name := o.Name
	visible := !args && len(ops) == 1 && ops[0].OID == o.OID
	for _, p := range ops {
		if args && p.Left == o.Left && p.Right == o.Right {
			visible = p.OID == o.OID
			break
		}
	}
	if !visible {
		nsp, ok, err := s.cache.NamespaceName(s, o.Namespace)
		if err != nil || !ok {
			return "", false
		}
		name = builtins.QuoteIdent(nsp) + "." + name
	}
	if !args {
		return name, true
	}
	left := "NONE"
	if o.Left != 0 {
		if left, err = n.FormatType(o.Left, -1); err != nil {
			return "", false
		}
	}
	right, err := n.FormatType(o.Right, -1)
	if err != nil {
		return "", false
	}
	return name + "(" + left + "," + right + ")", true
}

// AsyncNotify is the session's LISTEN/NOTIFY state, for pg_notify and
// the other functions of async.c (expr.AsyncNotifyProvider).
func (n names) AsyncNotify() (expr.AsyncNotify, bool) {
	a, ok := n.s.env.(expr.AsyncNotify)
	return a, ok
}
