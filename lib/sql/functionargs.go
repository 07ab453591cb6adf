// This file holds what CREATE FUNCTION writes for argument modes.

package sql

import "github.com/gpostgres/gpostgres/lib/types"

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
