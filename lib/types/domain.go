// This file lets the type dispatch of this package handle domains: a
// domain's values are its base type's values, so I/O, comparison and
// hashing of a domain OID are its base type's (getBaseType).

package types

import "sync"

// domainBases maps the domains this process's catalog cache has read to
// their base types. A domain's base type never changes while its OID
// exists (ALTER DOMAIN cannot change it), so an entry is never wrong for
// a live type.
var domainBases sync.Map // uint32 -> uint32

// NoteDomain records that domain typ has base type base.
func NoteDomain(typ, base uint32) { domainBases.Store(typ, base) }

// DomainBase returns the base type of domain typ, following domains over
// domains to the first type that is not a domain; typ itself when it is
// no domain this process knows.
func DomainBase(typ uint32) uint32 {
	for i := 0; i < 64 && ByOID(typ) == nil; i++ {
		b, ok := domainBases.Load(typ)
		if !ok {
			return typ
		}
		typ = b.(uint32)
	}
	return typ
}

// domainBase returns the base type of typ when typ is a domain.
func domainBase(typ uint32) (uint32, bool) {
	if ByOID(typ) != nil {
		return 0, false
	}
	b := DomainBase(typ)
	return b, b != typ
}
