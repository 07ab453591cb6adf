// This file builds the errors that input functions raise, with the message
// texts of PostgreSQL's input functions.

package types

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// InvalidSyntax returns PostgreSQL's 22P02 error for text that is not a
// valid value of the type named sqlName ("integer", "boolean", ...).
func InvalidSyntax(sqlName, input string) *pgerr.Error {
	return pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", sqlName, input)
}

// OutOfRange returns PostgreSQL's 22003 error for integer input that does
// not fit the type.
func OutOfRange(sqlName, input string) *pgerr.Error {
	return pgerr.Newf(pgerr.NumericValueOutOfRange, "value \"%s\" is out of range for type %s", input, sqlName)
}

// errIntOutOfRange is the error integer arithmetic and casts raise; the
// message names the result type as PostgreSQL does ("integer out of
// range").
func errIntOutOfRange(oid uint32) *pgerr.Error {
	switch oid {
	case OidInt2:
		return pgerr.New(pgerr.NumericValueOutOfRange, "smallint out of range")
	case OidInt8:
		return pgerr.New(pgerr.NumericValueOutOfRange, "bigint out of range")
	case OidOid:
		return pgerr.New(pgerr.NumericValueOutOfRange, "OID out of range")
	}
	return pgerr.New(pgerr.NumericValueOutOfRange, "integer out of range")
}

// ErrIntOutOfRange returns the "<type> out of range" error of integer
// arithmetic for the integer type oid.
func ErrIntOutOfRange(oid uint32) *pgerr.Error { return errIntOutOfRange(oid) }

// invalidBinary is the 22P03 error of receive functions.
func invalidBinary(format string, args ...any) *pgerr.Error {
	return pgerr.Newf(pgerr.InvalidBinaryRepresentation, format, args...)
}
