// COMMENT ON (PostgreSQL's commands/comment.c) and the description
// functions (obj_description, col_description): pg_description rows keyed
// by the object's address.

package sql

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// commentStmt is CommentObject.
func (s *sqlCtx) commentStmt(st Statement, cs *pg_query.CommentStmt) (string, error) {
	addr, err := s.commentTarget(st, cs)
	if err != nil {
		return "", err
	}
	if err := s.setDescription(addr, cs.Comment); err != nil {
		return "", err
	}
	return "COMMENT", nil
}

// commentTarget resolves the object a COMMENT names (get_object_address).
func (s *sqlCtx) commentTarget(st Statement, cs *pg_query.CommentStmt) (objectAddress, error) {
	switch cs.Objtype {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW,
		pg_query.ObjectType_OBJECT_INDEX:
		rel, err := s.commentRelation(nameListOf(cs.Object.GetList().GetItems()), relationKind(cs.Objtype))
		if err != nil {
			return objectAddress{}, err
		}
		return relationAddress(rel.OID), nil
	case pg_query.ObjectType_OBJECT_COLUMN:
		names := nameListOf(cs.Object.GetList().GetItems())
		if len(names) < 2 {
			return objectAddress{}, pgerr.New(pgerr.SyntaxError, "column name must be qualified")
		}
		rel, err := s.commentRelation(names[:len(names)-1], 0)
		if err != nil {
			return objectAddress{}, err
		}
		col := names[len(names)-1]
		n := columnNumber(rel, col)
		if n == 0 {
			return objectAddress{}, pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", col, rel.Name)
		}
		return columnAddress(rel.OID, n), nil
	case pg_query.ObjectType_OBJECT_SCHEMA:
		name := cs.Object.GetString_().GetSval()
		oid, err := s.cache.NamespaceOID(s, name)
		if err != nil {
			return objectAddress{}, err
		}
		if oid == 0 {
			return objectAddress{}, pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", name)
		}
		return namespaceAddress(oid), nil
	case pg_query.ObjectType_OBJECT_TYPE, pg_query.ObjectType_OBJECT_DOMAIN:
		t, err := s.typeOrShellFor(typeNameOf(cs.Object.GetTypeName()))
		if err != nil {
			return objectAddress{}, err
		}
		if cs.Objtype == pg_query.ObjectType_OBJECT_DOMAIN && t.TypType != 'd' {
			return objectAddress{}, pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a domain", s.typeName(t.OID, -1))
		}
		return typeAddress(t.OID), nil
	case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE, pg_query.ObjectType_OBJECT_ROUTINE:
		p, _, err := s.lookupRoutine(st, cs.Object.GetObjectWithArgs(), cs.Objtype, false)
		if err != nil {
			return objectAddress{}, err
		}
		return procAddress(p.OID), nil
	case pg_query.ObjectType_OBJECT_TABCONSTRAINT:
		names := nameListOf(cs.Object.GetList().GetItems())
		rel, err := s.commentRelation(names[:len(names)-1], 0)
		if err != nil {
			return objectAddress{}, err
		}
		con := names[len(names)-1]
		if c, ok := findCheck(rel, con); ok {
			return constraintAddress(c.OID), nil
		}
		if fk := foreignKeyByName(rel, con); fk != nil {
			return constraintAddress(fk.OID), nil
		}
		oid, err := s.keyConstraintOID(rel, con)
		if err != nil {
			return objectAddress{}, err
		}
		if oid == 0 {
			return objectAddress{}, pgerr.Newf(pgerr.UndefinedObject, "constraint \"%s\" for table \"%s\" does not exist", con, rel.Name)
		}
		return constraintAddress(oid), nil
	case pg_query.ObjectType_OBJECT_DOMCONSTRAINT:
		// COMMENT ON CONSTRAINT name ON DOMAIN type: the object is the
		// type's name and the constraint's.
		items := cs.Object.GetList().GetItems()
		if len(items) != 2 || items[0].GetTypeName() == nil {
			return objectAddress{}, pgerr.New(pgerr.SyntaxError, "malformed domain constraint name")
		}
		tn := items[0].GetTypeName()
		t, err := s.typeFor(typeNameOf(tn))
		if err != nil {
			return objectAddress{}, err
		}
		if t.TypType != 'd' {
			return objectAddress{}, pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a domain", typeNameString(tn))
		}
		con := items[1].GetString_().GetSval()
		oid, err := s.domainConstraintNamed(t.OID, con)
		if err != nil {
			return objectAddress{}, err
		}
		if oid == 0 {
			return objectAddress{}, pgerr.Newf(pgerr.UndefinedObject, "constraint \"%s\" for domain %s does not exist", con, s.typeName(t.OID, -1))
		}
		return constraintAddress(oid), nil
	}
	return objectAddress{}, pgerr.Newf(pgerr.FeatureNotSupported, "COMMENT ON %s is not supported yet", objectKindWords(cs.Objtype))
}

// objectKindWords names an object kind in a message ("TEXT SEARCH
// CONFIGURATION").
func objectKindWords(t pg_query.ObjectType) string {
	tag := parser.CommandTag(&pg_query.Node{Node: &pg_query.Node_AlterOwnerStmt{AlterOwnerStmt: &pg_query.AlterOwnerStmt{ObjectType: t}}})
	if len(tag) > len("ALTER ") {
		return tag[len("ALTER "):]
	}
	return "this object"
}

// commentRelation opens the relation a COMMENT names, checking its kind
// when kind is set (get_relation_by_qualified_name).
func (s *sqlCtx) commentRelation(names []string, kind byte) (*catalog.Relation, error) {
	schema, name := "", names[len(names)-1]
	if len(names) >= 2 {
		schema = names[len(names)-2]
	}
	rel, err := s.openRelation(schema, name, lmgr.ShareUpdateExclusiveLock, true)
	if err != nil {
		return nil, err
	}
	if rel == nil {
		full := name
		if schema != "" {
			full = schema + "." + name
		}
		return nil, pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", full)
	}
	if kind != 0 && rel.Kind != kind {
		return nil, pgerr.Newf(pgerr.WrongObjectType, relationKinds[kind].notA, rel.Name)
	}
	return rel, nil
}

// setDescription is CreateComments: an empty comment removes it.
func (s *sqlCtx) setDescription(a objectAddress, text string) error {
	c := catalog.Lookup("pg_description")
	iObj, iClass, iSub := c.Column("objoid"), c.Column("classoid"), c.Column("objsubid")
	if err := s.deleteCatalogRowsOf(c, a.objID, func(r []types.Datum) bool {
		return uint32(r[iObj].Int()) == a.objID && uint32(r[iClass].Int()) == a.classID && int32(r[iSub].Int()) == a.subID
	}); err != nil {
		return err
	}
	if text == "" {
		return nil
	}
	row := newCatalogRow(catalog.Lookup("pg_description")).set("objoid", oidD(a.objID)).set("classoid", oidD(a.classID)).
		set("objsubid", types.Int(int64(a.subID))).set("description", types.Text(text))
	return s.insertCatalog(row)
}

// deleteDescriptions is DeleteComments: the object's description, and for
// a whole object those of its parts (columns).
func (s *sqlCtx) deleteDescriptions(a objectAddress) error {
	c := catalog.Lookup("pg_description")
	iObj, iClass, iSub := c.Column("objoid"), c.Column("classoid"), c.Column("objsubid")
	return s.deleteCatalogRowsOf(c, a.objID, func(r []types.Datum) bool {
		return uint32(r[iObj].Int()) == a.objID && uint32(r[iClass].Int()) == a.classID &&
			(a.subID == 0 || int32(r[iSub].Int()) == a.subID)
	})
}

// Description implements obj_description and col_description: the
// description of (objoid, classoid, subid); with classoid 0, of any
// class.
func (n names) Description(objoid, classoid uint32, subid int32) (string, bool, error) {
	s := n.s
	c := catalog.Lookup("pg_description")
	iObj, iClass, iSub, iText := c.Column("objoid"), c.Column("classoid"), c.Column("objsubid"), c.Column("description")
	var text string
	found := false
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iObj].Int()) == objoid && (classoid == 0 || uint32(r[iClass].Int()) == classoid) && int32(r[iSub].Int()) == subid {
			text, found = r[iText].Text(), true
			return false, nil
		}
		return true, nil
	})
	return text, found, err
}

// CatalogOID is the OID of a system catalog named in pg_catalog, 0 if
// there is none (obj_description's second argument).
func (n names) CatalogOID(name string) (uint32, error) {
	oid, err := n.s.cache.RelationOID(n.s, catalog.PgCatalogNamespace, name)
	return oid, err
}

// SharedDescription implements shobj_description.
func (n names) SharedDescription(objoid, classoid uint32) (string, bool, error) {
	s := n.s
	c := catalog.Lookup("pg_shdescription")
	iObj, iClass, iText := c.Column("objoid"), c.Column("classoid"), c.Column("description")
	var text string
	found := false
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iObj].Int()) == objoid && uint32(r[iClass].Int()) == classoid {
			text, found = r[iText].Text(), true
			return false, nil
		}
		return true, nil
	})
	return text, found, err
}
