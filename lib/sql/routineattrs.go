// The attributes of a routine that CREATE FUNCTION and ALTER FUNCTION
// set besides its body (functioncmds.c's compute_common_attribute and
// AlterFunction): volatility, strictness, COST, ROWS, PARALLEL,
// LEAKPROOF, SECURITY and the SET clauses kept in proconfig.

package sql

import (
	"strconv"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/types"
)

// routineAttrs are a routine's attributes as pg_proc keeps them.
type routineAttrs struct {
	volatile  byte // 'i', 's', 'v'
	strict    bool
	cost      float64
	rows      float64
	parallel  byte // 's', 'r', 'u'
	leakproof bool
	config    []string // "name=value", nil when none
	// seen are the options given, for "conflicting or redundant options".
	seen map[string]bool
}

// defaultRoutineAttrs are what CREATE FUNCTION gives a LANGUAGE sql
// routine that names no attribute.
func defaultRoutineAttrs() *routineAttrs {
	return &routineAttrs{volatile: 'v', cost: 100, parallel: 'u', seen: map[string]bool{}}
}

// procRoutineAttrs are the attributes of an existing routine.
func procRoutineAttrs(p *catalog.Proc) *routineAttrs {
	return &routineAttrs{volatile: p.Volatile, strict: p.Strict, cost: p.Cost, rows: p.Rows, parallel: p.Parallel,
		leakproof: p.Leakproof, config: append([]string(nil), p.Config...), seen: map[string]bool{}}
}

// apply sets the attribute option d names, given in statement st, for a
// procedure when proc is set. It reports false for an option that is
// not a common attribute (LANGUAGE, AS, WINDOW).
func (a *routineAttrs) apply(s *sqlCtx, st Statement, d *pg_query.DefElem, proc bool) (bool, error) {
	name := d.GetDefname()
	redundant := func() error {
		return pgerr.New(pgerr.SyntaxError, "conflicting or redundant options").WithPosition(parser.Position(st.Query, d.Location))
	}
	switch name {
	case "volatility", "strict", "cost", "rows", "parallel", "leakproof", "security", "support":
		if proc && name != "security" {
			return true, pgerr.New(pgerr.InvalidFunctionDefinition, "invalid attribute in procedure definition").
				WithPosition(parser.Position(st.Query, d.Location))
		}
		if a.seen[name] {
			return true, redundant()
		}
		a.seen[name] = true
	case "set":
		return true, a.applySet(s, d.GetArg().GetVariableSetStmt())
	default:
		return false, nil
	}
	arg := d.GetArg()
	switch name {
	case "volatility":
		a.volatile = arg.GetString_().GetSval()[0]
	case "strict":
		a.strict = arg.GetBoolean().GetBoolval()
	case "cost", "rows":
		v, err := numericOption(arg)
		if err != nil {
			return true, err
		}
		if v <= 0 {
			return true, pgerr.Newf(pgerr.InvalidParameterValue, "%s must be positive", strings.ToUpper(name))
		}
		if name == "cost" {
			a.cost = v
		} else {
			a.rows = v
		}
	case "parallel":
		switch arg.GetString_().GetSval() {
		case "safe":
			a.parallel = 's'
		case "restricted":
			a.parallel = 'r'
		case "unsafe":
			a.parallel = 'u'
		default:
			return true, pgerr.New(pgerr.SyntaxError, "parameter \"parallel\" must be SAFE, RESTRICTED, or UNSAFE")
		}
	case "leakproof":
		// Only a superuser may declare it; privileges are issue 11's.
		a.leakproof = arg.GetBoolean().GetBoolval()
	case "security":
		if arg.GetBoolean().GetBoolval() {
			// Running as the owner needs the role switches of issue 11.
			return true, pgerr.New(pgerr.FeatureNotSupported, "SECURITY DEFINER is not supported yet")
		}
	case "support":
		return true, pgerr.New(pgerr.FeatureNotSupported, "SUPPORT functions are not supported yet")
	}
	return true, nil
}

// numericOption is the value of a COST or ROWS option.
func numericOption(n *pg_query.Node) (float64, error) {
	if i := n.GetInteger(); i != nil {
		return float64(i.Ival), nil
	}
	if f := n.GetFloat(); f != nil {
		return strconv.ParseFloat(f.Fval, 64)
	}
	return 0, pgerr.New(pgerr.SyntaxError, "invalid numeric option")
}

// applySet is a SET or RESET clause (ProcessGUCArray and
// ExtractSetVariableArgs): SET validates the value and adds or replaces
// the parameter's entry; RESET removes it, or every entry.
func (a *routineAttrs) applySet(s *sqlCtx, v *pg_query.VariableSetStmt) error {
	switch v.Kind {
	case pg_query.VariableSetKind_VAR_RESET_ALL:
		a.config = nil
		return nil
	case pg_query.VariableSetKind_VAR_RESET, pg_query.VariableSetKind_VAR_SET_DEFAULT:
		a.removeSetting(v.Name)
		return nil
	}
	var value string
	switch v.Kind {
	case pg_query.VariableSetKind_VAR_SET_VALUE:
		value = setValue(v.Name, v.Args)
	case pg_query.VariableSetKind_VAR_SET_CURRENT:
		cur, _, err := s.env.GetConfig(v.Name, false)
		if err != nil {
			return err
		}
		value = cur
	default:
		return pgerr.Newf(pgerr.FeatureNotSupported, "SET %s is not supported in a function definition", v.Name)
	}
	name, err := s.env.CheckSetting(v.Name, value)
	if err != nil {
		return err
	}
	a.removeSetting(name)
	a.config = append(a.config, name+"="+value)
	return nil
}

// removeSetting drops name's entry from the SET clauses.
func (a *routineAttrs) removeSetting(name string) {
	out := a.config[:0]
	for _, item := range a.config {
		if n, _, _ := strings.Cut(item, "="); !strings.EqualFold(n, name) {
			out = append(out, item)
		}
	}
	a.config = out
	if len(a.config) == 0 {
		a.config = nil
	}
}

// check refuses ROWS for a routine that does not return a set.
func (a *routineAttrs) check(retSet bool) error {
	if a.seen["rows"] && !retSet {
		return pgerr.New(pgerr.InvalidParameterValue, "ROWS is not applicable when function does not return a set")
	}
	return nil
}

// configDatum is proconfig's value.
func (a *routineAttrs) configDatum() types.Datum {
	if len(a.config) == 0 {
		return types.Null
	}
	elems := make([]types.Datum, len(a.config))
	for i, item := range a.config {
		elems[i] = types.Text(item)
	}
	return types.ArrayDatum(types.NewArray1(types.OidText, elems))
}

// setColumns writes the attributes into a pg_proc row.
func (a *routineAttrs) setColumns(row []types.Datum) {
	row[catalog.AnumPgProcProvolatile-1] = charD(a.volatile)
	row[catalog.AnumPgProcProisstrict-1] = types.Bool(a.strict)
	row[catalog.AnumPgProcProcost-1] = types.Float4(float32(a.cost))
	row[catalog.AnumPgProcProrows-1] = types.Float4(float32(a.rows))
	row[catalog.AnumPgProcProparallel-1] = charD(a.parallel)
	row[catalog.AnumPgProcProleakproof-1] = types.Bool(a.leakproof)
	row[catalog.AnumPgProcProconfig-1] = a.configDatum()
}

// alterFunction is ALTER FUNCTION / PROCEDURE / ROUTINE ... actions
// (AlterFunction).
func (s *sqlCtx) alterFunction(st Statement, af *pg_query.AlterFunctionStmt) (string, error) {
	var attrs *routineAttrs
	return s.alterRoutine(st, af.Objtype, af.Func,
		func(p *catalog.Proc) (string, uint32, error) {
			attrs = procRoutineAttrs(p)
			for _, n := range af.Actions {
				d := n.GetDefElem()
				ok, err := attrs.apply(s, st, d, p.Kind == 'p')
				if err != nil {
					return "", 0, err
				}
				if !ok {
					return "", 0, pgerr.Newf(pgerr.FeatureNotSupported, "ALTER FUNCTION option %s is not supported", strings.ToUpper(d.GetDefname()))
				}
			}
			if err := attrs.check(p.RetSet); err != nil {
				return "", 0, err
			}
			return p.Name, p.Namespace, nil
		},
		func(_ *catalog.Proc, row []types.Datum) { attrs.setColumns(row) })
}
