// EXPLAIN ANALYZE's trigger lines (ExplainPrintTriggers): the calls and
// time of the after-row events the statement fired, by the trigger they
// stand for ("Trigger for constraint t_fk: time=0.123 calls=1").
// Foreign keys are the only triggers that fire; their pg_trigger rows
// (ritriggers.go) give the names.

package sql

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/types"
)

// triggerCounts counts the events an EXPLAIN ANALYZE's statement fired,
// by trigger, in the order each first fired.
type triggerCounts struct {
	timing bool
	counts map[triggerKey]*triggerCount
	order  []triggerKey
}

// triggerKey names a trigger by what fires it: the table, the
// constraint and the row event (tgtype's INSERT, UPDATE or DELETE bit).
type triggerKey struct {
	relation, constraint uint32
	tgtype               int16
}

type triggerCount struct {
	calls int64
	time  time.Duration
}

// fire fires ev, counting the call and, with timing, its time.
func (tc *triggerCounts) fire(s *sqlCtx, ev *afterRowEvent) error {
	var start time.Time
	if tc.timing {
		start = time.Now()
	}
	err := ev.fire(s)
	k := triggerKey{ev.relation, ev.constraint, ev.tgtype}
	c := tc.counts[k]
	if c == nil {
		c = &triggerCount{}
		tc.counts[k] = c
		tc.order = append(tc.order, k)
	}
	c.calls++
	if tc.timing {
		c.time += time.Since(start)
	}
	return err
}

// firedTrigger is one trigger line: its trigger's name, constraint and
// table.
type firedTrigger struct {
	name, constraint, relation string
	relOID                     uint32
	triggerCount
}

// fired lists the triggers that fired as ExplainPrintTriggers does: by
// table (the statement's target first, the others as they first fired)
// and within a table by trigger name. target is the table the statement
// changes (0 for none).
func (tc *triggerCounts) fired(s *sqlCtx, target uint32) ([]firedTrigger, error) {
	if tc == nil || len(tc.order) == 0 {
		return nil, nil
	}
	c := catalog.Lookup("pg_trigger")
	iName, iRel, iCon, iType := c.Column("tgname"), c.Column("tgrelid"), c.Column("tgconstraint"), c.Column("tgtype")
	names := map[triggerKey]string{}
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		typ := int16(r[iType].Int()) & (triggerTypeInsert | triggerTypeDelete | triggerTypeUpdate)
		k := triggerKey{uint32(r[iRel].Int()), uint32(r[iCon].Int()), typ}
		if _, ok := tc.counts[k]; ok {
			names[k] = r[iName].Text()
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	rank := map[uint32]int{target: 0}
	var out []firedTrigger
	for _, k := range tc.order {
		name, ok := names[k]
		if !ok {
			// An event with no pg_trigger row (a deferrable unique
			// constraint's recheck) is not shown.
			continue
		}
		con, _, err := s.constraintTarget(k.constraint)
		if err != nil {
			return nil, err
		}
		rel, err := s.cache.RelationByOID(s, k.relation)
		if err != nil {
			return nil, err
		}
		if _, ok := rank[k.relation]; !ok {
			rank[k.relation] = len(rank)
		}
		out = append(out, firedTrigger{name: name, constraint: con, relation: rel.Name, relOID: k.relation, triggerCount: *tc.counts[k]})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := rank[out[i].relOID], rank[out[j].relOID]; ri != rj {
			return ri < rj
		}
		return out[i].name < out[j].name
	})
	return out, nil
}

// triggerLines are the text format's trigger lines; the table is named
// when triggers of a table other than the target fired.
func triggerLines(fired []firedTrigger, target uint32, verbose, timing bool) []string {
	showRel := false
	for _, f := range fired {
		if f.relOID != target {
			showRel = true
		}
	}
	var lines []string
	for _, f := range fired {
		line := "Trigger"
		if verbose {
			line += " " + f.name
		}
		line += " for constraint " + f.constraint
		if showRel {
			line += " on " + f.relation
		}
		if timing {
			line += fmt.Sprintf(": time=%.3f calls=%d", ms(f.time), f.calls)
		} else {
			line += ": calls=" + strconv.FormatInt(f.calls, 10)
		}
		lines = append(lines, line)
	}
	return lines
}

// triggerGroups are the structured formats' "Triggers" entries.
func triggerGroups(fired []firedTrigger, timing bool) []*xgroup {
	groups := []*xgroup{}
	for _, f := range fired {
		g := &xgroup{}
		g.str("Trigger Name", f.name)
		g.str("Constraint Name", f.constraint)
		g.str("Relation", f.relation)
		if timing {
			g.num("Time", fixed(ms(f.time), 3))
		}
		g.num("Calls", strconv.FormatInt(f.calls, 10))
		groups = append(groups, g)
	}
	return groups
}
