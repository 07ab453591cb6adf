// EXPLAIN ANALYZE's run-time detail lines beyond rows and time: the
// buffers a node touched (BUFFERS, show_buffer_usage), how a Sort
// sorted (show_sort_info), a Hash node's table (show_hash_info) and a
// hashed aggregate's (show_hashagg_info), in the text and the
// structured formats, and a Memoize's cache (show_memoize_info). Memory sizes are the executor's estimates of what
// it held (exec.SortInfo, HashInfo, AggInfo), not PostgreSQL's
// allocator's, so they differ from PostgreSQL's numbers; the lines and
// their structure are the same.

package sql

import (
	"strconv"
	"strings"
	"time"

	"github.com/gpostgres/gpostgres/lib/storage"
)

// bufferLines are the text format's "Buffers:" and "I/O Timings:"
// lines without their indent, none when nothing was touched: only the
// non-zero counts and times, shared, local and temp parts separated by
// commas (show_buffer_usage).
func bufferLines(u storage.BufferUsage) []string {
	type count struct {
		name string
		n    int64
	}
	var b strings.Builder
	part := func(name string, counts ...count) {
		start := b.Len()
		for _, c := range counts {
			if c.n <= 0 {
				continue
			}
			if b.Len() == start {
				if start > 0 {
					b.WriteByte(',')
				}
				b.WriteString(" " + name)
			}
			b.WriteString(" " + c.name + "=" + strconv.FormatInt(c.n, 10))
		}
	}
	part("shared", count{"hit", u.SharedHit}, count{"read", u.SharedRead}, count{"dirtied", u.SharedDirtied}, count{"written", u.SharedWritten})
	part("local", count{"hit", u.LocalHit}, count{"read", u.LocalRead}, count{"dirtied", u.LocalDirtied}, count{"written", u.LocalWritten})
	part("temp", count{"read", u.TempRead}, count{"written", u.TempWritten})
	var lines []string
	if b.Len() > 0 {
		lines = append(lines, "Buffers:"+b.String())
	}
	b.Reset()
	timing := func(name string, read, write time.Duration) {
		if read <= 0 && write <= 0 {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(" " + name)
		if read > 0 {
			b.WriteString(" read=" + fixed(ms(read), 3))
		}
		if write > 0 {
			b.WriteString(" write=" + fixed(ms(write), 3))
		}
	}
	timing("shared", u.ReadTime, u.WriteTime)
	timing("temp", u.TempReadTime, u.TempWriteTime)
	if b.Len() > 0 {
		lines = append(lines, "I/O Timings:"+b.String())
	}
	return lines
}

// bufferFields adds the structured formats' block counts, every one
// whether zero or not, and with ioTiming (track_io_timing on) the I/O
// times.
func (g *xgroup) bufferFields(u storage.BufferUsage, ioTiming bool) {
	for _, f := range []struct {
		key string
		n   int64
	}{
		{"Shared Hit Blocks", u.SharedHit}, {"Shared Read Blocks", u.SharedRead},
		{"Shared Dirtied Blocks", u.SharedDirtied}, {"Shared Written Blocks", u.SharedWritten},
		{"Local Hit Blocks", u.LocalHit}, {"Local Read Blocks", u.LocalRead},
		{"Local Dirtied Blocks", u.LocalDirtied}, {"Local Written Blocks", u.LocalWritten},
		{"Temp Read Blocks", u.TempRead}, {"Temp Written Blocks", u.TempWritten},
	} {
		g.num(f.key, strconv.FormatInt(f.n, 10))
	}
	if ioTiming {
		g.num("I/O Read Time", fixed(ms(u.ReadTime), 3))
		g.num("I/O Write Time", fixed(ms(u.WriteTime), 3))
		g.num("Temp I/O Read Time", fixed(ms(u.TempReadTime), 3))
		g.num("Temp I/O Write Time", fixed(ms(u.TempWriteTime), 3))
	}
}

// kb is bytes in kilobytes, rounded up as explain.c rounds memory.
func kb(n int64) string { return strconv.FormatInt((n+1023)/1024, 10) }

// sortLine is a Sort's "Sort Method" line, "" when it did not sort
// (never ran, or not under ANALYZE).
func (o *explainOutput) sortLine(xn *xnode) string {
	if o.ins == nil || xn.sortOf == nil {
		return ""
	}
	si := o.ins.Counts(xn.sortOf).Sort
	if si.Method == "" {
		return ""
	}
	space := "Memory"
	if si.Disk {
		space = "Disk"
	}
	return "Sort Method: " + si.Method + "  " + space + ": " + kb(si.Space) + "kB"
}

// hashLine is a Hash node's "Buckets" line, "" when its table was never
// built. The join starts with one batch; it shows as the original
// count when the rows needed more.
func (o *explainOutput) hashLine(xn *xnode) string {
	if o.ins == nil || xn.hashOf == nil {
		return ""
	}
	hi := o.ins.Counts(xn.hashOf).Hash
	if hi.Batches == 0 {
		return ""
	}
	buckets, batches := strconv.FormatInt(hi.Buckets, 10), strconv.FormatInt(hi.Batches, 10)
	if hi.Batches != 1 {
		return "Buckets: " + buckets + " (originally " + buckets + ")  Batches: " + batches + " (originally 1)  Memory Usage: " + kb(hi.Peak) + "kB"
	}
	return "Buckets: " + buckets + "  Batches: " + batches + "  Memory Usage: " + kb(hi.Peak) + "kB"
}

// aggLine is a hashed aggregate's "Batches" line, "" when its table was
// never built; the disk use shows once it spilled.
func (o *explainOutput) aggLine(xn *xnode) string {
	if o.ins == nil || xn.aggOf == nil {
		return ""
	}
	ai := o.ins.Counts(xn.aggOf).Agg
	if ai.Batches == 0 {
		return ""
	}
	line := "Batches: " + strconv.FormatInt(ai.Batches, 10) + "  Memory Usage: " + kb(ai.Peak) + "kB"
	if ai.Batches > 1 {
		line += "  Disk Usage: " + kb(ai.Disk) + "kB"
	}
	return line
}

// sortFields and hashFields are the structured formats' forms of
// sortLine and hashLine.
func (o *explainOutput) sortFields(g *xgroup, xn *xnode) {
	if o.sortLine(xn) == "" {
		return
	}
	si := o.ins.Counts(xn.sortOf).Sort
	space := "Memory"
	if si.Disk {
		space = "Disk"
	}
	g.str("Sort Method", si.Method)
	g.num("Sort Space Used", kb(si.Space))
	g.str("Sort Space Type", space)
}

func (o *explainOutput) hashFields(g *xgroup, xn *xnode) {
	if o.hashLine(xn) == "" {
		return
	}
	hi := o.ins.Counts(xn.hashOf).Hash
	g.num("Hash Buckets", strconv.FormatInt(hi.Buckets, 10))
	g.num("Original Hash Buckets", strconv.FormatInt(hi.Buckets, 10))
	g.num("Hash Batches", strconv.FormatInt(hi.Batches, 10))
	g.num("Original Hash Batches", "1")
	g.num("Peak Memory Usage", kb(hi.Peak))
}

// aggFields are a hashed aggregate's structured properties: its planned
// partitions (with costs; none are planned here) and, when it ran, its
// batches, memory and disk use.
func (o *explainOutput) aggFields(g *xgroup, xn *xnode) {
	if xn.kind != "Aggregate" || xn.strategy != "Hashed" && xn.strategy != "Mixed" {
		return
	}
	if o.costs != nil {
		g.num("Planned Partitions", "0")
	}
	if o.aggLine(xn) == "" {
		return
	}
	ai := o.ins.Counts(xn.aggOf).Agg
	g.num("HashAgg Batches", strconv.FormatInt(ai.Batches, 10))
	g.num("Peak Memory Usage", kb(ai.Peak))
	g.num("Disk Usage", kb(ai.Disk))
}

// memoLine is a Memoize's "Hits" line, "" when it never looked up (or
// not under ANALYZE).
func (o *explainOutput) memoLine(xn *xnode) string {
	if o.ins == nil || xn.memoOf == nil {
		return ""
	}
	mi := o.ins.Counts(xn.memoOf).Memo
	if mi.Misses == 0 {
		return ""
	}
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	return "Hits: " + n(mi.Hits) + "  Misses: " + n(mi.Misses) + "  Evictions: " + n(mi.Evictions) + "  Overflows: " + n(mi.Overflows) +
		"  Memory Usage: " + kb(mi.Peak) + "kB"
}

// memoFields is memoLine's structured form.
func (o *explainOutput) memoFields(g *xgroup, xn *xnode) {
	if o.memoLine(xn) == "" {
		return
	}
	mi := o.ins.Counts(xn.memoOf).Memo
	g.num("Cache Hits", strconv.FormatInt(mi.Hits, 10))
	g.num("Cache Misses", strconv.FormatInt(mi.Misses, 10))
	g.num("Cache Evictions", strconv.FormatInt(mi.Evictions, 10))
	g.num("Cache Overflows", strconv.FormatInt(mi.Overflows, 10))
	g.num("Peak Memory Usage", kb(mi.Peak))
}
