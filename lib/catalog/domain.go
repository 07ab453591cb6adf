// This file reads what analysis needs of domains: the base type (noted
// for lib/types, which dispatches a domain's values on it), the default
// and the CHECK constraints (pg_constraint rows with contypid set).

package catalog

import (
	"sort"

	"github.com/gpostgres/gpostgres/lib/types"
)

var pgConstraint = &catalogs[idxPgConstraint]

// DomainCheck is a CHECK constraint of a domain: its name and its
// expression as stored (SQL text over VALUE).
type DomainCheck struct {
	OID       uint32
	Name      string
	Expr      string
	Validated bool
}

// DomainInfo is what coercion to a domain needs: the default's SQL text
// ("" for none) and the CHECK constraints in name order (the order
// PostgreSQL checks them).
type DomainInfo struct {
	Default string
	Checks  []DomainCheck
}

// Domain returns the default and the CHECK constraints of domain typ.
func (s Syscache) Domain(typ uint32) (*DomainInfo, error) {
	if s.c == nil {
		return &DomainInfo{}, nil
	}
	return s.c.Domain(s.r, typ)
}

// Domain returns the default and the CHECK constraints of domain typ,
// cached until a pg_type invalidation (DDL on a domain invalidates its
// type).
func (c *Cache) Domain(r Reader, typ uint32) (*DomainInfo, error) {
	c.mu.Lock()
	if c.domains == nil {
		c.domains = map[uint32]*DomainInfo{}
	}
	d, ok := c.domains[typ]
	c.mu.Unlock()
	if ok {
		return d, nil
	}
	d = &DomainInfo{}
	err := r.ScanCatalog(pgType, func(row []types.Datum) (bool, error) {
		if u32(row[AnumPgTypeOid-1]) == typ {
			if v := row[AnumPgTypeTypdefault-1]; !v.IsNull() {
				d.Default = string([]byte(v.Text()))
			}
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	err = r.ScanCatalog(pgConstraint, func(row []types.Datum) (bool, error) {
		if u32(row[AnumPgConstraintContypid-1]) == typ && row[AnumPgConstraintContype-1].Int() == 'c' {
			d.Checks = append(d.Checks, DomainCheck{OID: u32(row[AnumPgConstraintOid-1]),
				Name: string([]byte(row[AnumPgConstraintConname-1].Text())), Expr: string([]byte(row[AnumPgConstraintConbin-1].Text())),
				Validated: row[AnumPgConstraintConvalidated-1].Bool()})
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(d.Checks, func(i, j int) bool { return d.Checks[i].Name < d.Checks[j].Name })
	c.mu.Lock()
	c.domains[typ] = d
	c.mu.Unlock()
	return d, nil
}
