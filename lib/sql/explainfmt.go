// EXPLAIN's structured formats (FORMAT JSON and YAML): the tree of
// explaintree.go as explain.c's ExplainProperty* calls lay it out,
// properties in PostgreSQL's order, child plans under "Plans".

package sql

import (
	"strconv"
	"strings"
	"time"

	"github.com/gpostgres/gpostgres/lib/storage"
)

// xvalue is a property value: a string, a number (printed as is), a
// boolean, a list of strings, a group of properties or a list of groups.
type xvalue struct {
	str    *string
	num    string
	list   []string
	isList bool
	group  *xgroup
	groups []*xgroup
}

type xfield struct {
	key string
	val xvalue
}

// xgroup is an ordered set of properties.
type xgroup struct{ fields []xfield }

func (g *xgroup) str(k, v string) { g.fields = append(g.fields, xfield{k, xvalue{str: &v}}) }
func (g *xgroup) num(k, v string) { g.fields = append(g.fields, xfield{k, xvalue{num: v}}) }
func (g *xgroup) boolean(k string, v bool) {
	g.fields = append(g.fields, xfield{k, xvalue{num: strconv.FormatBool(v)}})
}
func (g *xgroup) strs(k string, v []string) {
	g.fields = append(g.fields, xfield{k, xvalue{list: v, isList: true}})
}

func fixed(v float64, digits int) string { return strconv.FormatFloat(v, 'f', digits, 64) }

// structured builds the document of the whole EXPLAIN.
func (o *explainOutput) structured(root *xnode, planning, execution time.Duration) *xgroup {
	top := &xgroup{}
	top.fields = append(top.fields, xfield{"Plan", xvalue{group: o.planGroup(root)}})
	if len(o.settings) > 0 {
		g := &xgroup{}
		for _, kv := range o.settings {
			g.str(kv[0], kv[1])
		}
		top.fields = append(top.fields, xfield{"Settings", xvalue{group: g}})
	}
	if o.opts.buffers {
		g := &xgroup{}
		g.bufferFields(o.planBuffers, o.ioTiming)
		top.fields = append(top.fields, xfield{"Planning", xvalue{group: g}})
	}
	if o.opts.summary {
		top.num("Planning Time", fixed(ms(planning), 3))
	}
	if o.opts.analyze {
		top.fields = append(top.fields, xfield{"Triggers", xvalue{groups: triggerGroups(o.triggers, o.opts.timing)}})
	}
	if o.opts.analyze && o.opts.summary {
		top.num("Execution Time", fixed(ms(execution), 3))
	}
	return top
}

func (o *explainOutput) planGroup(xn *xnode) *xgroup {
	g := &xgroup{}
	kind := strings.TrimSuffix(xn.kind, " Backward")
	g.str("Node Type", kind)
	if xn.strategy != "" {
		g.str("Strategy", xn.strategy)
		if kind == "Aggregate" {
			g.str("Partial Mode", "Simple")
		}
	}
	if kind == "ModifyTable" {
		g.str("Operation", xn.name[:strings.Index(xn.name, " ")])
	}
	if xn.parentRel != "" {
		g.str("Parent Relationship", xn.parentRel)
	}
	if xn.label != "" {
		g.str("Subplan Name", xn.label)
	}
	g.boolean("Parallel Aware", false)
	g.boolean("Async Capable", false)
	if xn.join != "" {
		g.str("Join Type", xn.join)
	}
	if kind == "SetOp" {
		g.str("Command", strings.TrimSuffix(strings.TrimPrefix(xn.name, "HashSetOp "), " All"))
	}
	if xn.index != "" {
		if kind != "Bitmap Index Scan" {
			dir := "Forward"
			if strings.HasSuffix(xn.kind, " Backward") {
				dir = "Backward"
			}
			g.str("Scan Direction", dir)
		}
		g.str("Index Name", xn.index)
	}
	if xn.relation != "" {
		g.str("Relation Name", xn.relation)
		if o.opts.verbose && xn.schema != "" {
			g.str("Schema", xn.schema)
		}
	}
	if xn.alias != "" {
		g.str("Alias", xn.alias)
	}
	if o.costs != nil {
		e := o.costs[xn.cost]
		g.num("Startup Cost", fixed(e.Startup, 2))
		g.num("Total Cost", fixed(e.Total, 2))
		g.num("Plan Rows", fixed(e.Rows, 0))
		g.num("Plan Width", strconv.Itoa(e.Width))
	}
	if o.ins != nil {
		c := o.counts(xn)
		if o.opts.timing {
			g.num("Actual Startup Time", fixed(c.StartupMs(), 3))
			g.num("Actual Total Time", fixed(c.TotalMs(), 3))
		}
		g.num("Actual Rows", fixed(c.RowsPerLoop(), 0))
		g.num("Actual Loops", strconv.FormatInt(c.Loops, 10))
	}
	if len(xn.output) > 0 {
		g.strs("Output", xn.output)
	}
	if xn.join != "" {
		// Merge and hash joins prove their inner side unique (nested
		// loops do not yet).
		g.boolean("Inner Unique", xn.innerUnique)
	}
	for _, p := range xn.props {
		if p.list != nil {
			g.strs(p.key, p.list)
		} else {
			g.str(p.key, p.val)
		}
		if p.key == "Join Filter" {
			if r := o.joinRemoved(xn); r.known {
				g.num("Rows Removed by Join Filter", r.perLoop())
			}
		}
		if p.key == "Index Cond" && (kind == "Index Scan" || kind == "Index Only Scan") && o.ins != nil {
			// No lossy index: a recheck never removes a row.
			g.num("Rows Removed by Index Recheck", "0")
		}
		if p.key == "Conflict Filter" {
			if r := o.conflictRemoved(xn); r.known {
				g.num("Rows Removed by Conflict Filter", r.perLoop())
			}
		}
		if p.key == "Recheck Cond" {
			if r := o.recheckRemoved(xn); r.known {
				g.num("Rows Removed by Index Recheck", r.perLoop())
			}
		}
	}
	if ins, conf, ok := o.conflictCounts(xn, xn == o.root); ok {
		g.num("Tuples Inserted", strconv.FormatInt(ins, 10))
		g.num("Conflicting Tuples", strconv.FormatInt(conf, 10))
	}
	if kind == "Append" {
		// No member is ever pruned (ExplainMissingMembers).
		g.num("Subplans Removed", "0")
	}
	o.sortFields(g, xn)
	o.hashFields(g, xn)
	o.memoFields(g, xn)
	if len(xn.filter) > 0 {
		key := xn.filterKey
		if key == "" {
			key = "Filter"
		}
		g.str(key, andText(xn.filter))
	}
	// show_hashagg_info comes between an Agg's Filter and its Rows
	// Removed.
	o.aggFields(g, xn)
	if len(xn.filter) > 0 {
		if r := o.removed(xn); r.known {
			g.num("Rows Removed by Filter", r.perLoop())
		}
	}
	if fetches, ok := o.heapFetches(xn); ok {
		g.num("Heap Fetches", strconv.FormatInt(fetches, 10))
	}
	if exact, lossy, ok := o.heapBlocks(xn); ok {
		g.num("Exact Heap Blocks", strconv.FormatInt(exact, 10))
		g.num("Lossy Heap Blocks", strconv.FormatInt(lossy, 10))
	}
	if o.opts.buffers {
		// Without ANALYZE every count is zero, still shown: PostgreSQL
		// instruments the nodes for BUFFERS alone.
		var u storage.BufferUsage
		if o.ins != nil {
			u = o.counts(xn).Buffers
		}
		g.bufferFields(u, o.ioTiming)
	}
	for i, c := range xn.kids {
		if c.parentRel == "" {
			c.parentRel = []string{"Outer", "Inner"}[min(i, 1)]
		}
	}
	var kids []*xgroup
	for _, list := range [][]*xnode{xn.initPlans, xn.kids, xn.subPlans} {
		for _, c := range list {
			kids = append(kids, o.planGroup(c))
		}
	}
	if len(kids) > 0 {
		g.fields = append(g.fields, xfield{"Plans", xvalue{groups: kids}})
	}
	return g
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteString(strconv.FormatInt(int64(r)>>4, 16))
				b.WriteString(strconv.FormatInt(int64(r)&15, 16))
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// json prints the document as explain.c does: "[", the document
// indented by 2, "]".
func (g *xgroup) json() string {
	var b strings.Builder
	b.WriteString("[\n")
	g.writeJSON(&b, 1)
	b.WriteString("\n]")
	return b.String()
}

func (g *xgroup) writeJSON(b *strings.Builder, depth int) {
	b.WriteString(strings.Repeat("  ", depth))
	g.writeFieldsJSON(b, depth)
}

// writeFieldsJSON prints the braces and fields of a group whose first
// line is already indented.
func (g *xgroup) writeFieldsJSON(b *strings.Builder, depth int) {
	pad := strings.Repeat("  ", depth)
	b.WriteString("{")
	for i, f := range g.fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n" + pad + "  " + jsonString(f.key) + ": ")
		f.val.writeJSON(b, depth+1)
	}
	b.WriteString("\n" + pad + "}")
}

func (v xvalue) writeJSON(b *strings.Builder, depth int) {
	pad := strings.Repeat("  ", depth)
	switch {
	case v.str != nil:
		b.WriteString(jsonString(*v.str))
	case v.isList:
		b.WriteString("[")
		for i, s := range v.list {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(jsonString(s))
		}
		b.WriteString("]")
	case v.group != nil:
		v.group.writeFieldsJSON(b, depth)
	case v.groups != nil:
		b.WriteString("[")
		for i, g := range v.groups {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
			g.writeJSON(b, depth+1)
		}
		b.WriteString("\n" + pad + "]")
	default:
		b.WriteString(v.num)
	}
}

// yamlString quotes a scalar as escape_yaml does: only when it could
// be read as something else.
func yamlString(s string) string {
	return jsonString(s)
}

// yaml prints the document as explain.c does: a list of one mapping.
func (g *xgroup) yaml() string {
	var b strings.Builder
	b.WriteString("- ")
	g.writeYAML(&b, 1, true)
	return b.String()
}

func (g *xgroup) writeYAML(b *strings.Builder, depth int, first bool) {
	pad := strings.Repeat("  ", depth)
	for i, f := range g.fields {
		if i > 0 || !first {
			b.WriteString("\n" + pad)
		}
		b.WriteString(f.key + ": ")
		f.val.writeYAML(b, depth)
	}
}

func (v xvalue) writeYAML(b *strings.Builder, depth int) {
	pad := strings.Repeat("  ", depth)
	switch {
	case v.str != nil:
		b.WriteString(yamlString(*v.str))
	case v.isList:
		for _, s := range v.list {
			b.WriteString("\n" + pad + "  - " + yamlString(s))
		}
	case v.group != nil:
		v.group.writeYAML(b, depth+1, false)
	case v.groups != nil:
		for _, g := range v.groups {
			b.WriteString("\n" + pad + "  - ")
			g.writeYAML(b, depth+2, true)
		}
	default:
		b.WriteString(v.num)
	}
}
