// ALTER TABLE ... ALTER COLUMN ... ADD GENERATED AS IDENTITY, SET
// GENERATED / SET sequence options, DROP IDENTITY (ATExecAddIdentity,
// ATExecSetIdentity, ATExecDropIdentity).

package sql

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// addIdentity makes a NOT NULL integer column an identity column with a
// new sequence.
func (s *sqlCtx) addIdentity(st Statement, rel *catalog.Relation, name string, c *pg_query.Constraint) error {
	attnum, err := s.alterColumn(rel, name)
	if err != nil {
		return err
	}
	a := rel.Attrs[attnum-1]
	switch {
	case !a.NotNull:
		return pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "column \"%s\" of relation \"%s\" must be declared NOT NULL before identity can be added", name, rel.Name)
	case a.Identity != 0:
		return pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "column \"%s\" of relation \"%s\" is already an identity column", name, rel.Name)
	case a.HasDef:
		return pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "column \"%s\" of relation \"%s\" already has a default value", name, rel.Name)
	case a.Type != types.OidInt2 && a.Type != types.OidInt4 && a.Type != types.OidInt8:
		return pgerr.New(pgerr.InvalidParameterValue, "identity column type must be smallint, integer, or bigint")
	}
	cols := []columnSpec{{name: name, typ: a.Type, typmod: a.TypMod, identity: c.GeneratedWhen[0], identityOptions: c.Options}}
	seqs, err := s.createSerialSequences(st.Query, rel.Namespace, rel.Name, cols, rel.Persistence == 'u')
	if err != nil {
		return err
	}
	if err := s.recordDependency(relationAddress(seqs[0]), columnAddress(rel.OID, attnum), depInternal); err != nil {
		return err
	}
	return s.updateAttribute(rel.OID, attnum, func(r []types.Datum, cat *catalog.Catalog) {
		r[cat.Column("attidentity")] = charD(c.GeneratedWhen[0])
	})
}

// setIdentity is SET GENERATED { ALWAYS | BY DEFAULT } and the sequence
// options of an identity column.
func (s *sqlCtx) setIdentity(st Statement, rel *catalog.Relation, name string, def *pg_query.Node) error {
	attnum, err := s.alterColumn(rel, name)
	if err != nil {
		return err
	}
	a := rel.Attrs[attnum-1]
	if a.Identity == 0 {
		return pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "column \"%s\" of relation \"%s\" is not an identity column", name, rel.Name)
	}
	var seqOpts []*pg_query.Node
	generated := byte(0)
	for _, n := range def.GetList().GetItems() {
		d := n.GetDefElem()
		if d.Defname == "generated" {
			if generated != 0 {
				return pgerr.New(pgerr.SyntaxError, "conflicting or redundant options")
			}
			generated = byte(d.Arg.GetInteger().Ival)
			continue
		}
		seqOpts = append(seqOpts, n)
	}
	if len(seqOpts) > 0 {
		seq, err := s.cache.RelationByOID(s, a.IdentitySequence)
		if err != nil {
			return err
		}
		if seq == nil {
			return pgerr.Newf(pgerr.InternalError, "identity column \"%s\" has no sequence", name)
		}
		alter := &pg_query.AlterSeqStmt{Sequence: &pg_query.RangeVar{Schemaname: seq.NamespaceName, Relname: seq.Name, Inh: true,
			Relpersistence: "p", Location: -1}, Options: seqOpts, ForIdentity: true}
		if _, err := s.alterSequence(st, alter); err != nil {
			return err
		}
	}
	if generated != 0 && generated != a.Identity {
		return s.updateAttribute(rel.OID, attnum, func(r []types.Datum, cat *catalog.Catalog) {
			r[cat.Column("attidentity")] = charD(generated)
		})
	}
	return nil
}

// dropIdentity is DROP IDENTITY [IF EXISTS]: the column keeps its values
// and loses its sequence.
func (s *sqlCtx) dropIdentity(rel *catalog.Relation, name string, missingOK bool) error {
	attnum, err := s.alterColumn(rel, name)
	if err != nil {
		return err
	}
	a := rel.Attrs[attnum-1]
	if a.Identity == 0 {
		if missingOK {
			s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "column \"%s\" of relation \"%s\" is not an identity column, skipping", name, rel.Name))
			return nil
		}
		return pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "column \"%s\" of relation \"%s\" is not an identity column", name, rel.Name)
	}
	if err := s.updateAttribute(rel.OID, attnum, func(r []types.Datum, cat *catalog.Catalog) {
		r[cat.Column("attidentity")] = charD(0)
	}); err != nil {
		return err
	}
	if a.IdentitySequence == 0 {
		return nil
	}
	// The sequence goes, with its internal dependency on the column.
	seq := relationAddress(a.IdentitySequence)
	c := catalog.Lookup("pg_depend")
	iClass, iObj, iType := c.Column("classid"), c.Column("objid"), c.Column("deptype")
	if err := s.deleteCatalogRows(c, func(r []types.Datum) bool {
		return uint32(r[iClass].Int()) == seq.classID && uint32(r[iObj].Int()) == seq.objID && byte(r[iType].Int()) == depInternal
	}); err != nil {
		return err
	}
	s.nextCommand()
	return s.performDeletion([]objectAddress{seq}, dropRestrict)
}
