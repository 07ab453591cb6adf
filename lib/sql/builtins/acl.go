// This file implements the access-control-list functions pg_dump and
// psql call: acldefault, the privileges an object has while its ACL
// column is NULL, and aclexplode, one row per privilege of an aclitem[]
// (PostgreSQL's utils/adt/acl.c), and pg_options_to_table for the option
// arrays next to them.

package builtins

import (
	"encoding/binary"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Privilege bits of an aclitem (ACL_INSERT ...), in the order of their
// letters "arwdDxtXUCTcsA"; the grant options are the same bits shifted
// up by 16.
const (
	aclInsert uint32 = 1 << iota
	aclSelect
	aclUpdate
	aclDelete
	aclTruncate
	aclReferences
	aclTrigger
	aclExecute
	aclUsage
	aclCreate
	aclCreateTemp
	aclConnect
	aclSet
	aclAlterSystem
	aclPrivilegeCount = iota
)

// aclPrivilegeNames are the privilege_type texts aclexplode reports,
// by bit.
var aclPrivilegeNames = [aclPrivilegeCount]string{
	"INSERT", "SELECT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER",
	"EXECUTE", "USAGE", "CREATE", "TEMPORARY", "CONNECT", "SET", "ALTER SYSTEM",
}

// aclDefaults are the privileges of the public and of the owner an object
// has without an ACL, by acldefault's object type letter (acldefault in
// acl.c: columns grant nothing, the owner holds every privilege of its
// kind, functions, languages and types are usable by everyone, and
// databases can be connected to and used for temporary tables).
var aclDefaults = map[byte]struct{ world, owner uint32 }{
	'c': {0, 0},
	'r': {0, aclInsert | aclSelect | aclUpdate | aclDelete | aclTruncate | aclReferences | aclTrigger},
	's': {0, aclUsage | aclSelect | aclUpdate},
	'd': {aclCreateTemp | aclConnect, aclCreate | aclCreateTemp | aclConnect},
	'f': {aclExecute, aclExecute},
	'l': {aclUsage, aclUsage},
	'L': {0, aclSelect | aclUpdate},
	'n': {0, aclUsage | aclCreate},
	'p': {0, aclSet | aclAlterSystem},
	't': {0, aclCreate},
	'F': {0, aclUsage},
	'S': {0, aclUsage},
	'T': {aclUsage, aclUsage},
}

// aclDefault is acldefault(objtype "char", owner oid): the public's
// entry first when it has any privilege, then the owner's.
func aclDefault(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
	letter := byte(a[0].Int())
	def, ok := aclDefaults[letter]
	if !ok {
		// A C string ends at a zero byte: PostgreSQL's message then
		// stops after the colon.
		shown := string([]byte{letter})
		if letter == 0 {
			shown = ""
		}
		return types.Null, pgerr.Newf(pgerr.InternalError, "unrecognized objtype abbreviation: %s", shown)
	}
	owner := uint32(a[1].Int())
	acl := &types.Array{Elem: types.OidAclitem}
	if def.world != 0 {
		acl.Elems = append(acl.Elems, types.Aclitem(0, owner, def.world))
	}
	if def.owner != 0 {
		acl.Elems = append(acl.Elems, types.Aclitem(owner, owner, def.owner))
	}
	// One dimension even when empty, as allocacl makes every ACL.
	acl.Dims, acl.Lbound = []int32{int32(len(acl.Elems))}, []int32{1}
	return types.ArrayDatum(acl), nil
}

// aclExplode is aclexplode(aclitem[]): per item, per privilege bit set
// in bit order, (grantor, grantee, privilege_type, is_grantable); the
// public is grantee 0.
func aclExplode(ec *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
	acl := a[0].Array()
	var rows [][]types.Datum
	for _, item := range acl.Elems {
		if item.IsNull() {
			return nil, pgerr.New(pgerr.NullValueNotAllowed, "ACL arrays must not contain null values")
		}
		b := []byte(item.Text())
		if len(b) != 12 {
			return nil, pgerr.New(pgerr.DataCorrupted, "aclitem of the wrong size")
		}
		grantee, grantor, privs := binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:]), binary.LittleEndian.Uint32(b[8:])
		for bit := 0; bit < aclPrivilegeCount; bit++ {
			if privs&(1<<bit) == 0 {
				continue
			}
			rows = append(rows, []types.Datum{
				types.Int(int64(grantor)), types.Int(int64(grantee)),
				types.Text(aclPrivilegeNames[bit]), types.Bool(privs&(1<<(bit+16)) != 0),
			})
		}
		if err := ec.CheckCancel(); err != nil {
			return nil, err
		}
	}
	return rowsOf(rows), nil
}

func addACLImpls(m map[string]implEntry) {
	m["acldefault_sql"] = sess(aclDefault)
}

// optionsToTable is pg_options_to_table(text[]): the name=value items of
// a reloptions-style array split at their first '=', the value NULL
// when there is none.
func optionsToTable(_ *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
	items := a[0].Array().Elems
	i := 0
	return func() ([]types.Datum, bool, error) {
		for i < len(items) {
			item := items[i]
			i++
			if item.IsNull() {
				continue
			}
			name, value, found := strings.Cut(item.Text(), "=")
			if !found {
				return []types.Datum{types.Text(name), types.Null}, true, nil
			}
			return []types.Datum{types.Text(name), types.Text(value)}, true, nil
		}
		return nil, false, nil
	}, nil
}
