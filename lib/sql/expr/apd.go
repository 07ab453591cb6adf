// This file names the decimal type numeric values use, so the rest of the
// package does not import apd under a different name in every file.

package expr

import "github.com/cockroachdb/apd/v3"

type apdDecimal = apd.Decimal
