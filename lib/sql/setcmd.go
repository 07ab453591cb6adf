// SET, RESET and SHOW (PostgreSQL's ExecSetVariableStmt and
// GetPGVariable) over a session's settings.

package sql

import (
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/types"
	"github.com/gpostgres/gpostgres/lib/xact"
)

// SetCommand runs SET, SET LOCAL, SET ... TO DEFAULT, RESET, RESET ALL,
// SET TRANSACTION, SET TRANSACTION SNAPSHOT and SET SESSION
// CHARACTERISTICS on st, as the role context ctx allows, in the
// session's transaction tx: SET LOCAL outside a transaction block only
// warns. It returns the command tag and a warning for the client.
func SetCommand(st *config.Settings, v *pg_query.VariableSetStmt, ctx config.Context, tx *xact.Transaction) (tag string, warning *pgerr.Error, err error) {
	name := v.Name
	inBlock := tx.InBlock()
	switch v.Kind {
	case pg_query.VariableSetKind_VAR_RESET_ALL:
		st.ResetAll()
		return "RESET", nil, nil
	case pg_query.VariableSetKind_VAR_RESET:
		return "RESET", nil, st.Reset(name, ctx)
	case pg_query.VariableSetKind_VAR_SET_MULTI:
		if strings.EqualFold(name, "TRANSACTION SNAPSHOT") {
			return setTransactionSnapshot(v, tx)
		}
		// SET TRANSACTION ... / SET SESSION CHARACTERISTICS AS TRANSACTION ...
		if err := setTransactionCharacteristics(st, v, ctx); err != nil {
			return "", nil, err
		}
		if name == "TRANSACTION" && !inBlock {
			// As WarnNoTransactionBlock: it applies to the statement's
			// own transaction, which ends with it.
			return "SET", pgerr.New(pgerr.NoActiveSqlTransaction, "SET TRANSACTION can only be used in transaction blocks").WithSeverity(pgerr.SeverityWarning), nil
		}
		return "SET", nil, nil
	}
	if v.IsLocal && !inBlock {
		return "SET", pgerr.New(pgerr.NoActiveSqlTransaction, "SET LOCAL can only be used in transaction blocks").WithSeverity(pgerr.SeverityWarning), nil
	}
	var value string
	switch v.Kind {
	case pg_query.VariableSetKind_VAR_SET_DEFAULT:
		if v.IsLocal {
			_, err := st.Change(name, nil, ctx, config.SourceSession, config.ActionLocal, true)
			return "SET", nil, err
		}
		return "SET", nil, st.Reset(name, ctx)
	case pg_query.VariableSetKind_VAR_SET_CURRENT:
		return "", nil, pgerr.New(pgerr.FeatureNotSupported, "SET FROM CURRENT is not supported")
	default:
		value = setValue(name, v.Args)
	}
	if v.IsLocal {
		err = st.SetLocal(name, value, ctx)
	} else {
		err = st.Set(name, value, ctx, config.SourceSession)
	}
	if err != nil {
		return "", nil, err
	}
	return "SET", nil, nil
}

// setTransactionSnapshot is SET TRANSACTION SNAPSHOT 'id': the
// transaction adopts a snapshot another one exported (lib/xact's
// ImportSnapshot). Outside a block it warns first, as SET TRANSACTION
// does, and still applies to the statement's own transaction.
func setTransactionSnapshot(v *pg_query.VariableSetStmt, tx *xact.Transaction) (string, *pgerr.Error, error) {
	if v.IsLocal {
		return "", nil, pgerr.New(pgerr.FeatureNotSupported, "SET LOCAL TRANSACTION SNAPSHOT is not implemented")
	}
	var id string
	if len(v.Args) == 1 {
		if c := v.Args[0].GetAConst(); c != nil && c.GetSval() != nil {
			id = c.GetSval().Sval
		}
	}
	var warning *pgerr.Error
	if !tx.InBlock() {
		warning = pgerr.New(pgerr.NoActiveSqlTransaction, "SET TRANSACTION can only be used in transaction blocks").WithSeverity(pgerr.SeverityWarning)
	}
	if err := tx.ImportSnapshot(id); err != nil {
		return "", warning, err
	}
	return "SET", warning, nil
}

func setTransactionCharacteristics(st *config.Settings, v *pg_query.VariableSetStmt, ctx config.Context) error {
	prefix := "transaction_"
	if strings.EqualFold(v.Name, "SESSION CHARACTERISTICS") {
		prefix = "default_transaction_"
	}
	for _, a := range v.Args {
		d := a.GetDefElem()
		if d == nil {
			continue
		}
		name := strings.TrimPrefix(d.Defname, "transaction_")
		if err := st.Set(prefix+name, ConstString(d.Arg), ctx, config.SourceSession); err != nil {
			return err
		}
	}
	return nil
}

// setValue renders SET's argument list for parameter name the way
// PostgreSQL's flatten_set_variable_args does: values joined by ", ",
// each string a quoted identifier when the parameter's list elements
// are (search_path = a, "B c").
func setValue(name string, args []*pg_query.Node) string {
	p, _ := config.Lookup(name)
	quote := p != nil && p.Flags&config.FlagListQuote != 0
	parts := make([]string, 0, len(args))
	for _, a := range args {
		v := ConstString(a)
		if quote && a.GetAConst().GetSval() != nil {
			v = builtins.QuoteIdent(v)
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, ", ")
}

// ShowColumns is the result description of SHOW: one text column named
// after the setting, or name, setting and description for SHOW ALL.
func ShowColumns(st *config.Settings, v *pg_query.VariableShowStmt) ([]Column, error) {
	if strings.EqualFold(v.Name, "all") {
		return []Column{textColumn("name"), textColumn("setting"), textColumn("description")}, nil
	}
	canonical, err := st.CanonicalName(v.Name)
	if err != nil {
		return nil, err
	}
	return []Column{textColumn(canonical)}, nil
}

func textColumn(name string) Column {
	return Column{Name: name, TypeOID: types.OidText, TypeLen: -1, TypeMod: -1}
}

// ShowCommand is SHOW name and SHOW ALL.
func ShowCommand(st *config.Settings, v *pg_query.VariableShowStmt) ([][]types.Datum, error) {
	if strings.EqualFold(v.Name, "all") {
		var rows [][]types.Datum
		for _, r := range st.ShowAll() {
			rows = append(rows, []types.Datum{types.Text(r.Name), types.Text(r.Setting), types.Text(r.Description)})
		}
		return rows, nil
	}
	val, err := st.Show(v.Name)
	if err != nil {
		return nil, err
	}
	return [][]types.Datum{{types.Text(val)}}, nil
}
