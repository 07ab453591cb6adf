// This file holds what CREATE FUNCTION writes for argument modes.

package sql

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/types"
)

// variadicArgModes is proargmodes for n input arguments the last of
// which is VARIADIC: {i,...,i,v}.
func variadicArgModes(n int) types.Datum {
	modes := make([]types.Datum, n)
	for i := range modes {
		modes[i] = charD('i')
	}
	modes[n-1] = charD('v')
	return types.ArrayDatum(types.NewArray1(types.OidChar, modes))
}

// parameterDefault analyzes a parameter's DEFAULT and returns it as the
// SQL text stored in proargdefaults.
func (s *sqlCtx) parameterDefault(query string, raw *pg_query.Node, typ uint32, format *types.FormatOptions) (string, error) {
	e, err := analyze.AnalyzeParamDefault(catalogAdapter{s}, query, raw, typ, format)
	if err != nil {
		return "", err
	}
	return analyze.DeparseFormat(e, false, nil, format)
}

// argDefaultsDatum is proargdefaults: the defaults' SQL texts as the
// text of a text[] (gpostgres keeps stored expressions as SQL, not as
// PostgreSQL's node trees; builtins.SQLArgDefaults reads it back).
func argDefaultsDatum(defaults []string) types.Datum {
	elems := make([]types.Datum, len(defaults))
	for i, d := range defaults {
		elems[i] = types.Text(d)
	}
	text := types.AppendText(nil, types.OidTextArray, types.ArrayDatum(types.NewArray1(types.OidText, elems)), &types.FormatOptions{})
	return types.Text(string(text))
}
