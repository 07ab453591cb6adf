// This file holds the immutable table of built-in data types: their OIDs,
// names and the pg_type columns that type resolution and the wire protocol
// need. The values are PostgreSQL 15's, so that clients that hard-code OIDs
// (every driver does) see the types they expect.

package types

// OIDs of the built-in types, as in PostgreSQL's pg_type.dat.
const (
	OidBool       uint32 = 16
	OidBytea      uint32 = 17
	OidUUID       uint32 = 2950
	OidUUIDArray  uint32 = 2951
	OidInet       uint32 = 869
	OidInetArray  uint32 = 1041
	OidCidr       uint32 = 650
	OidCidrArray  uint32 = 651
	OidChar       uint32 = 18 // "char", the one-byte internal type
	OidName       uint32 = 19
	OidInt8       uint32 = 20
	OidInt2       uint32 = 21
	OidInt4       uint32 = 23
	OidInt2Vector uint32 = 22
	OidRegproc    uint32 = 24
	OidText       uint32 = 25
	OidOid        uint32 = 26
	OidTid        uint32 = 27
	OidXid        uint32 = 28
	OidCid        uint32 = 29
	OidOidVector  uint32 = 30
	OidPgNodeTree uint32 = 194
	// The extended statistics' types (pg_statistic_ext_data's columns):
	// they accept no input, and without CREATE STATISTICS no value of
	// them exists.
	OidPgNdistinct    uint32 = 3361
	OidPgDependencies uint32 = 3402
	OidPgMcvList      uint32 = 5017
	OidFloat4         uint32 = 700
	OidFloat8         uint32 = 701
	OidUnknown        uint32 = 705
	OidBpchar         uint32 = 1042
	OidVarchar        uint32 = 1043
	OidDate           uint32 = 1082
	OidTime           uint32 = 1083
	OidTimestamp      uint32 = 1114
	OidTimestamptz    uint32 = 1184
	OidInterval       uint32 = 1186
	OidAclitem        uint32 = 1033
	OidNumeric        uint32 = 1700
	OidRegclass       uint32 = 2205
	OidRegprocedure   uint32 = 2202
	OidRegtype        uint32 = 2206
	OidPgLsn          uint32 = 3220
	OidRegnamespace   uint32 = 4089
	OidRegoper        uint32 = 2203
	OidRegoperator    uint32 = 2204
	OidRegrole        uint32 = 4096
	OidRecord         uint32 = 2249
	OidCstring        uint32 = 2275
	OidAny            uint32 = 2276
	OidAnyArray       uint32 = 2277
	OidVoid           uint32 = 2278
	OidAnyElement     uint32 = 2283
	OidAnyNonArray    uint32 = 2776
	OidAnyEnum        uint32 = 3500
	OidAnyCompat      uint32 = 5077
	OidAnyCompatArr   uint32 = 5078

	OidBoolArray        uint32 = 1000
	OidByteaArray       uint32 = 1001
	OidCharArray        uint32 = 1002
	OidNameArray        uint32 = 1003
	OidInt2Array        uint32 = 1005
	OidInt4Array        uint32 = 1007
	OidRegprocArray     uint32 = 1008
	OidTextArray        uint32 = 1009
	OidBpcharArray      uint32 = 1014
	OidVarcharArray     uint32 = 1015
	OidInt8Array        uint32 = 1016
	OidFloat4Array      uint32 = 1021
	OidFloat8Array      uint32 = 1022
	OidOidArray         uint32 = 1028
	OidTimestampArray   uint32 = 1115
	OidDateArray        uint32 = 1182
	OidTimeArray        uint32 = 1183
	OidTimestamptzArray uint32 = 1185
	OidIntervalArray    uint32 = 1187
	OidNumericArray     uint32 = 1231
	OidRegclassArray    uint32 = 2210
	OidRegtypeArray     uint32 = 2211
	OidRecordArray      uint32 = 2287
	OidAclitemArray     uint32 = 1034
	OidInt2VectorArray  uint32 = 1006
	OidTidArray         uint32 = 1010
	OidXidArray         uint32 = 1011
	OidCidArray         uint32 = 1012
	OidOidVectorArray   uint32 = 1013
	OidRegprocedureArr  uint32 = 2207
	OidPgLsnArray       uint32 = 3221
	OidRegnamespaceArr  uint32 = 4090
	OidRegoperArr       uint32 = 2208
	OidRegoperatorArr   uint32 = 2209
	OidRegroleArray     uint32 = 4097
)

// Category is pg_type.typcategory: it drives implicit-cast preferences in
// function and operator resolution.
type Category byte

// Type categories, as in PostgreSQL's pg_type.h.
const (
	CatArray     Category = 'A'
	CatBool      Category = 'B'
	CatBitString Category = 'V'
	CatComposite Category = 'C'
	CatDatetime  Category = 'D'
	CatNetwork   Category = 'I'
	CatNumeric   Category = 'N'
	CatPseudo    Category = 'P'
	CatString    Category = 'S'
	CatTimespan  Category = 'T'
	CatUser      Category = 'U'
	CatUnknown   Category = 'X'
	CatInternal  Category = 'Z'
)

// Type describes one built-in type: the pg_type columns the SQL front end
// uses. Values are shared and must not be modified.
type Type struct {
	OID       uint32
	Name      string // pg_type.typname
	Len       int16  // typlen: > 0 fixed width, -1 varlena, -2 C string
	ByVal     bool   // typbyval
	Align     byte   // typalign: 'c', 's', 'i' or 'd'
	Category  Category
	Preferred bool   // typispreferred
	Elem      uint32 // element type of an array type, else 0
	Array     uint32 // the array type whose elements are this type, else 0
	Delim     byte   // typdelim, the array element separator in text form
}

// IsArray reports whether t is an array type (a type with an element type
// and variable length, which excludes name's and point's fixed-length
// subscripting).
func (t *Type) IsArray() bool { return t.Elem != 0 && t.Len == -1 }

var typeList = [...]Type{
	{OID: OidBool, Name: "bool", Len: 1, ByVal: true, Align: 'c', Category: CatBool, Preferred: true, Array: OidBoolArray},
	{OID: OidBytea, Name: "bytea", Len: -1, Align: 'i', Category: CatUser, Array: OidByteaArray},
	{OID: OidUUID, Name: "uuid", Len: UUIDLen, Align: 'c', Category: CatUser, Array: OidUUIDArray},
	{OID: OidInet, Name: "inet", Len: -1, Align: 'i', Category: CatNetwork, Preferred: true, Array: OidInetArray},
	{OID: OidCidr, Name: "cidr", Len: -1, Align: 'i', Category: CatNetwork, Array: OidCidrArray},
	{OID: OidMacaddr, Name: "macaddr", Len: 6, Align: 'i', Category: CatUser, Array: OidMacaddrArray},
	{OID: OidMacaddr8, Name: "macaddr8", Len: 8, Align: 'i', Category: CatUser, Array: OidMacaddr8Array},
	{OID: OidBit, Name: "bit", Len: -1, Align: 'i', Category: CatBitString, Array: OidBitArray},
	{OID: OidVarbit, Name: "varbit", Len: -1, Align: 'i', Category: CatBitString, Preferred: true, Array: OidVarbitArray},
	{OID: OidMoney, Name: "money", Len: 8, ByVal: true, Align: 'd', Category: CatNumeric, Array: OidMoneyArray},
	{OID: OidChar, Name: "char", Len: 1, ByVal: true, Align: 'c', Category: CatInternal, Array: OidCharArray},
	{OID: OidName, Name: "name", Len: 64, Align: 'c', Category: CatString, Elem: OidChar, Array: OidNameArray},
	{OID: OidInt8, Name: "int8", Len: 8, ByVal: true, Align: 'd', Category: CatNumeric, Array: OidInt8Array},
	{OID: OidInt2, Name: "int2", Len: 2, ByVal: true, Align: 's', Category: CatNumeric, Array: OidInt2Array},
	{OID: OidInt4, Name: "int4", Len: 4, ByVal: true, Align: 'i', Category: CatNumeric, Array: OidInt4Array},
	{OID: OidInt2Vector, Name: "int2vector", Len: -1, Align: 'i', Category: CatArray, Elem: OidInt2, Array: OidInt2VectorArray, Delim: ','},
	{OID: OidTid, Name: "tid", Len: 6, Align: 's', Category: CatUser, Array: OidTidArray},
	{OID: OidXid, Name: "xid", Len: 4, ByVal: true, Align: 'i', Category: CatUser, Array: OidXidArray},
	{OID: OidCid, Name: "cid", Len: 4, ByVal: true, Align: 'i', Category: CatUser, Array: OidCidArray},
	{OID: OidOidVector, Name: "oidvector", Len: -1, Align: 'i', Category: CatArray, Elem: OidOid, Array: OidOidVectorArray, Delim: ','},
	{OID: OidPgNodeTree, Name: "pg_node_tree", Len: -1, Align: 'i', Category: CatInternal},
	{OID: OidPgNdistinct, Name: "pg_ndistinct", Len: -1, Align: 'i', Category: CatInternal},
	{OID: OidPgDependencies, Name: "pg_dependencies", Len: -1, Align: 'i', Category: CatInternal},
	{OID: OidPgMcvList, Name: "pg_mcv_list", Len: -1, Align: 'i', Category: CatInternal},
	{OID: OidRegprocedure, Name: "regprocedure", Len: 4, ByVal: true, Align: 'i', Category: CatNumeric, Array: OidRegprocedureArr},
	{OID: OidPgLsn, Name: "pg_lsn", Len: 8, ByVal: true, Align: 'd', Category: CatUser, Array: OidPgLsnArray},
	{OID: OidXid8, Name: "xid8", Len: 8, ByVal: true, Align: 'd', Category: CatUser, Array: OidXid8Array},
	{OID: OidPgSnapshot, Name: "pg_snapshot", Len: -1, Align: 'd', Category: CatUser, Array: OidPgSnapshotArray},
	{OID: OidTxidSnapshot, Name: "txid_snapshot", Len: -1, Align: 'd', Category: CatUser, Array: OidTxidSnapshotArray},
	{OID: OidRegnamespace, Name: "regnamespace", Len: 4, ByVal: true, Align: 'i', Category: CatNumeric, Array: OidRegnamespaceArr},
	{OID: OidRegoper, Name: "regoper", Len: 4, ByVal: true, Align: 'i', Category: CatNumeric, Array: OidRegoperArr},
	{OID: OidRegoperator, Name: "regoperator", Len: 4, ByVal: true, Align: 'i', Category: CatNumeric, Array: OidRegoperatorArr},
	{OID: OidRegrole, Name: "regrole", Len: 4, ByVal: true, Align: 'i', Category: CatNumeric, Array: OidRegroleArray},
	{OID: OidAclitem, Name: "aclitem", Len: 12, Align: 'i', Category: CatUser, Array: OidAclitemArray},
	{OID: OidRegproc, Name: "regproc", Len: 4, ByVal: true, Align: 'i', Category: CatNumeric, Array: OidRegprocArray},
	{OID: OidText, Name: "text", Len: -1, Align: 'i', Category: CatString, Preferred: true, Array: OidTextArray},
	{OID: OidOid, Name: "oid", Len: 4, ByVal: true, Align: 'i', Category: CatNumeric, Preferred: true, Array: OidOidArray},
	{OID: OidFloat4, Name: "float4", Len: 4, ByVal: true, Align: 'i', Category: CatNumeric, Array: OidFloat4Array},
	{OID: OidFloat8, Name: "float8", Len: 8, ByVal: true, Align: 'd', Category: CatNumeric, Preferred: true, Array: OidFloat8Array},
	{OID: OidUnknown, Name: "unknown", Len: -2, Align: 'c', Category: CatUnknown},
	{OID: OidBpchar, Name: "bpchar", Len: -1, Align: 'i', Category: CatString, Array: OidBpcharArray},
	{OID: OidVarchar, Name: "varchar", Len: -1, Align: 'i', Category: CatString, Array: OidVarcharArray},
	{OID: OidDate, Name: "date", Len: 4, ByVal: true, Align: 'i', Category: CatDatetime, Array: OidDateArray},
	{OID: OidTime, Name: "time", Len: 8, ByVal: true, Align: 'd', Category: CatDatetime, Array: OidTimeArray},
	{OID: OidTimetz, Name: "timetz", Len: 12, Align: 'd', Category: CatDatetime, Array: OidTimetzArray},
	{OID: OidTimestamp, Name: "timestamp", Len: 8, ByVal: true, Align: 'd', Category: CatDatetime, Array: OidTimestampArray},
	{OID: OidTimestamptz, Name: "timestamptz", Len: 8, ByVal: true, Align: 'd', Category: CatDatetime, Preferred: true, Array: OidTimestamptzArray},
	{OID: OidInterval, Name: "interval", Len: 16, Align: 'd', Category: CatTimespan, Preferred: true, Array: OidIntervalArray},
	{OID: OidNumeric, Name: "numeric", Len: -1, Align: 'i', Category: CatNumeric, Array: OidNumericArray},
	{OID: OidRegclass, Name: "regclass", Len: 4, ByVal: true, Align: 'i', Category: CatNumeric, Array: OidRegclassArray},
	{OID: OidRegtype, Name: "regtype", Len: 4, ByVal: true, Align: 'i', Category: CatNumeric, Array: OidRegtypeArray},
	{OID: OidJSON, Name: "json", Len: -1, Align: 'i', Category: CatUser, Array: OidJSONArray},
	{OID: OidJSONB, Name: "jsonb", Len: -1, Align: 'i', Category: CatUser, Array: OidJSONBArray},
	{OID: OidJSONPath, Name: "jsonpath", Len: -1, Align: 'i', Category: CatUser, Array: OidJSONPathArray},
	{OID: OidRecord, Name: "record", Len: -1, Align: 'd', Category: CatPseudo, Array: OidRecordArray},
	{OID: OidCstring, Name: "cstring", Len: -2, Align: 'c', Category: CatPseudo},
	{OID: OidAny, Name: "any", Len: 4, ByVal: true, Align: 'i', Category: CatPseudo},
	{OID: OidAnyArray, Name: "anyarray", Len: -1, Align: 'd', Category: CatPseudo},
	{OID: OidVoid, Name: "void", Len: 4, ByVal: true, Align: 'i', Category: CatPseudo},
	{OID: OidAnyElement, Name: "anyelement", Len: 4, ByVal: true, Align: 'i', Category: CatPseudo},
	{OID: OidAnyNonArray, Name: "anynonarray", Len: 4, ByVal: true, Align: 'i', Category: CatPseudo},
	{OID: OidAnyEnum, Name: "anyenum", Len: 4, ByVal: true, Align: 'i', Category: CatPseudo},
	{OID: OidAnyCompat, Name: "anycompatible", Len: 4, ByVal: true, Align: 'i', Category: CatPseudo},
	{OID: OidAnyCompatArr, Name: "anycompatiblearray", Len: -1, Align: 'd', Category: CatPseudo},

	{OID: OidBoolArray, Name: "_bool", Len: -1, Align: 'i', Category: CatArray, Elem: OidBool},
	{OID: OidByteaArray, Name: "_bytea", Len: -1, Align: 'i', Category: CatArray, Elem: OidBytea},
	{OID: OidUUIDArray, Name: "_uuid", Len: -1, Align: 'i', Category: CatArray, Elem: OidUUID},
	{OID: OidInetArray, Name: "_inet", Len: -1, Align: 'i', Category: CatArray, Elem: OidInet},
	{OID: OidCidrArray, Name: "_cidr", Len: -1, Align: 'i', Category: CatArray, Elem: OidCidr},
	{OID: OidMacaddrArray, Name: "_macaddr", Len: -1, Align: 'i', Category: CatArray, Elem: OidMacaddr},
	{OID: OidMacaddr8Array, Name: "_macaddr8", Len: -1, Align: 'i', Category: CatArray, Elem: OidMacaddr8},
	{OID: OidBitArray, Name: "_bit", Len: -1, Align: 'i', Category: CatArray, Elem: OidBit},
	{OID: OidVarbitArray, Name: "_varbit", Len: -1, Align: 'i', Category: CatArray, Elem: OidVarbit},
	{OID: OidMoneyArray, Name: "_money", Len: -1, Align: 'd', Category: CatArray, Elem: OidMoney},
	{OID: OidCharArray, Name: "_char", Len: -1, Align: 'i', Category: CatArray, Elem: OidChar},
	{OID: OidNameArray, Name: "_name", Len: -1, Align: 'i', Category: CatArray, Elem: OidName},
	{OID: OidInt2Array, Name: "_int2", Len: -1, Align: 'i', Category: CatArray, Elem: OidInt2},
	{OID: OidInt4Array, Name: "_int4", Len: -1, Align: 'i', Category: CatArray, Elem: OidInt4},
	{OID: OidRegprocArray, Name: "_regproc", Len: -1, Align: 'i', Category: CatArray, Elem: OidRegproc},
	{OID: OidTextArray, Name: "_text", Len: -1, Align: 'i', Category: CatArray, Elem: OidText},
	{OID: OidBpcharArray, Name: "_bpchar", Len: -1, Align: 'i', Category: CatArray, Elem: OidBpchar},
	{OID: OidVarcharArray, Name: "_varchar", Len: -1, Align: 'i', Category: CatArray, Elem: OidVarchar},
	{OID: OidInt8Array, Name: "_int8", Len: -1, Align: 'd', Category: CatArray, Elem: OidInt8},
	{OID: OidFloat4Array, Name: "_float4", Len: -1, Align: 'i', Category: CatArray, Elem: OidFloat4},
	{OID: OidFloat8Array, Name: "_float8", Len: -1, Align: 'd', Category: CatArray, Elem: OidFloat8},
	{OID: OidOidArray, Name: "_oid", Len: -1, Align: 'i', Category: CatArray, Elem: OidOid},
	{OID: OidTimestampArray, Name: "_timestamp", Len: -1, Align: 'd', Category: CatArray, Elem: OidTimestamp},
	{OID: OidDateArray, Name: "_date", Len: -1, Align: 'i', Category: CatArray, Elem: OidDate},
	{OID: OidTimeArray, Name: "_time", Len: -1, Align: 'd', Category: CatArray, Elem: OidTime},
	{OID: OidTimetzArray, Name: "_timetz", Len: -1, Align: 'd', Category: CatArray, Elem: OidTimetz},
	{OID: OidTimestamptzArray, Name: "_timestamptz", Len: -1, Align: 'd', Category: CatArray, Elem: OidTimestamptz},
	{OID: OidIntervalArray, Name: "_interval", Len: -1, Align: 'd', Category: CatArray, Elem: OidInterval},
	{OID: OidNumericArray, Name: "_numeric", Len: -1, Align: 'i', Category: CatArray, Elem: OidNumeric},
	{OID: OidRegclassArray, Name: "_regclass", Len: -1, Align: 'i', Category: CatArray, Elem: OidRegclass},
	{OID: OidRegtypeArray, Name: "_regtype", Len: -1, Align: 'i', Category: CatArray, Elem: OidRegtype},
	{OID: OidInt2VectorArray, Name: "_int2vector", Len: -1, Align: 'i', Category: CatArray, Elem: OidInt2Vector},
	{OID: OidTidArray, Name: "_tid", Len: -1, Align: 'i', Category: CatArray, Elem: OidTid},
	{OID: OidXidArray, Name: "_xid", Len: -1, Align: 'i', Category: CatArray, Elem: OidXid},
	{OID: OidCidArray, Name: "_cid", Len: -1, Align: 'i', Category: CatArray, Elem: OidCid},
	{OID: OidOidVectorArray, Name: "_oidvector", Len: -1, Align: 'i', Category: CatArray, Elem: OidOidVector},
	{OID: OidRegprocedureArr, Name: "_regprocedure", Len: -1, Align: 'i', Category: CatArray, Elem: OidRegprocedure},
	{OID: OidPgLsnArray, Name: "_pg_lsn", Len: -1, Align: 'd', Category: CatArray, Elem: OidPgLsn},
	{OID: OidXid8Array, Name: "_xid8", Len: -1, Align: 'd', Category: CatArray, Elem: OidXid8},
	{OID: OidPgSnapshotArray, Name: "_pg_snapshot", Len: -1, Align: 'd', Category: CatArray, Elem: OidPgSnapshot},
	{OID: OidTxidSnapshotArray, Name: "_txid_snapshot", Len: -1, Align: 'd', Category: CatArray, Elem: OidTxidSnapshot},
	{OID: OidRegnamespaceArr, Name: "_regnamespace", Len: -1, Align: 'i', Category: CatArray, Elem: OidRegnamespace},
	{OID: OidRegoperArr, Name: "_regoper", Len: -1, Align: 'i', Category: CatArray, Elem: OidRegoper},
	{OID: OidRegoperatorArr, Name: "_regoperator", Len: -1, Align: 'i', Category: CatArray, Elem: OidRegoperator},
	{OID: OidRegroleArray, Name: "_regrole", Len: -1, Align: 'i', Category: CatArray, Elem: OidRegrole},
	{OID: OidAclitemArray, Name: "_aclitem", Len: -1, Align: 'i', Category: CatArray, Elem: OidAclitem},
	{OID: OidJSONArray, Name: "_json", Len: -1, Align: 'i', Category: CatArray, Elem: OidJSON},
	{OID: OidJSONBArray, Name: "_jsonb", Len: -1, Align: 'i', Category: CatArray, Elem: OidJSONB},
	{OID: OidJSONPathArray, Name: "_jsonpath", Len: -1, Align: 'i', Category: CatArray, Elem: OidJSONPath},
	{OID: OidRecordArray, Name: "_record", Len: -1, Align: 'd', Category: CatArray, Elem: OidRecord},
}

// byOID and byName index typeList. They are built once at package
// initialisation and only read afterwards.
var (
	byOID = func() map[uint32]*Type {
		m := make(map[uint32]*Type, len(typeList))
		for i := range typeList {
			m[typeList[i].OID] = &typeList[i]
		}
		return m
	}()
	byName = func() map[string]*Type {
		m := make(map[string]*Type, len(typeList))
		for i := range typeList {
			m[typeList[i].Name] = &typeList[i]
		}
		return m
	}()
)

// ByOID returns the built-in type with the given OID, or nil.
func ByOID(oid uint32) *Type { return byOID[oid] }

// ByName returns the built-in type whose pg_type.typname is name, or nil.
// It does not know SQL spellings such as "integer"; the grammar has already
// turned those into typnames by the time a name reaches here.
func ByName(name string) *Type { return byName[name] }

// All returns every built-in type, in no particular order. The slice is
// shared; callers must not modify it.
func All() []Type { return typeList[:] }

// IsPolymorphic reports whether oid is one of the polymorphic pseudo-types
// whose actual type is decided per call.
func IsPolymorphic(oid uint32) bool {
	switch oid {
	case OidAnyElement, OidAnyArray, OidAnyNonArray, OidAnyEnum, OidAnyCompat, OidAnyCompatArr:
		return true
	}
	return false
}
