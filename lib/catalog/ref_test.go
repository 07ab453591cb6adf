// Comparison with what PostgreSQL 15's initdb leaves in the catalogs,
// captured by testdata/capture_pg15.sh into testdata/pg15/. The reference
// also contains initdb's post-bootstrap work (views, information_schema,
// GRANTs, VACUUM statistics, catalog indexes and TOAST tables); every
// difference allowed here is listed with its reason, and an allowance that
// no longer applies fails the test too, so the list stays true.

package catalog

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// refTable is one captured catalog: column names and rows of text.
type refTable struct {
	cols []string
	rows [][]string
}

func readRef(t *testing.T, name string) refTable {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "pg15", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rt refTable
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if rt.cols == nil && !strings.HasSuffix(name, "counts.txt") && !strings.HasSuffix(name, "tuples.txt") {
			rt.cols = fields
			continue
		}
		rt.rows = append(rt.rows, fields)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rt
}

// copyEscaper escapes text as the capture does (COPY's \\, \n, \t).
var copyEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\t", `\t`)

// ourTable renders our rows of a catalog in the capture's text form.
func ourTable(t *testing.T, dir string, name string) refTable {
	t.Helper()
	c := Lookup(name)
	tups, err := ReadCatalog(dir, 1, c, ScanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rt := refTable{}
	for _, col := range c.Columns {
		rt.cols = append(rt.cols, col.Name)
	}
	for _, tp := range tups {
		row := make([]string, len(c.Columns))
		for i := range c.Columns {
			row[i] = FormatValue(&c.Columns[i], tp.Values[i])
			if col := c.Columns[i]; (col.TypeName == "text" || col.TypeName == "pg_node_tree") && !tp.Values[i].IsNull() {
				row[i] = copyEscaper.Replace(row[i])
			}
		}
		rt.rows = append(rt.rows, row)
	}
	return rt
}

// allowance says whether a column may differ and why; ok reports whether
// the values seen are the expected difference.
type allowance struct {
	reason string
	ok     func(c *Catalog, ours, ref string) bool
}

func anyValue(*Catalog, string, string) bool { return true }

// compareTables matches rows by key columns and compares every column;
// differences must be allowed. It returns the keys of reference rows that
// have no counterpart among ours.
func compareTables(t *testing.T, name string, ours, ref refTable, key []string, allow map[string]allowance) (missing []string) {
	t.Helper()
	if strings.Join(ours.cols, ",") != strings.Join(ref.cols, ",") {
		t.Fatalf("%s columns differ:\n ours %v\n ref  %v", name, ours.cols, ref.cols)
	}
	idx := map[string]int{}
	for i, c := range ref.cols {
		idx[c] = i
	}
	keyOf := func(r []string) string {
		var parts []string
		for _, k := range key {
			parts = append(parts, r[idx[k]])
		}
		return strings.Join(parts, "/")
	}
	refRows := map[string][]string{}
	for _, r := range ref.rows {
		refRows[keyOf(r)] = r
	}
	used := map[string]bool{}
	diffs := map[string]int{}
	for _, r := range ours.rows {
		k := keyOf(r)
		rr, ok := refRows[k]
		if !ok {
			t.Errorf("%s %s: not in the reference", name, k)
			continue
		}
		used[k] = true
		var c *Catalog
		if name == "pg_class" {
			c = ByOID(parseU32(r[0]))
		}
		for i, col := range ours.cols {
			if r[i] == rr[i] {
				continue
			}
			a, ok := allow[col]
			if !ok || !a.ok(c, r[i], rr[i]) {
				t.Errorf("%s %s: %s is %q, reference %q", name, k, col, r[i], rr[i])
				continue
			}
			diffs[col]++
		}
	}
	for col, a := range allow {
		if diffs[col] == 0 {
			t.Errorf("%s: allowance for %s (%s) is not needed any more", name, col, a.reason)
		} else {
			t.Logf("%s: %s differs in %d rows: %s", name, col, diffs[col], a.reason)
		}
	}
	for k := range refRows {
		if !used[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	return missing
}

func parseU32(s string) uint32 {
	n, _ := strconv.ParseUint(s, 10, 32)
	return uint32(n)
}

func refBootstrapDir(t *testing.T) string {
	t.Helper()
	// The reference was initialised with -U postgres --locale=C.UTF-8 -E UTF8.
	return bootstrapDir(t, testParams)
}

func TestReferencePgClass(t *testing.T) {
	dir := refBootstrapDir(t)
	ref := readRef(t, "pg_class.txt")
	missing := compareTables(t, "pg_class", ourTable(t, dir, "pg_class"), ref, []string{"oid"}, map[string]allowance{
		"relpages":      {"initdb's VACUUM and ANALYZE", anyValue},
		"reltuples":     {"initdb's VACUUM and ANALYZE", anyValue},
		"relallvisible": {"initdb's VACUUM", anyValue},
		"relfrozenxid":  {"initdb's VACUUM FREEZE", anyValue},
		"relhasindex": {"catalog indexes are not built yet",
			func(c *Catalog, ours, ref string) bool { return ours == "f" && ref == "t" }},
		"reltoastrelid": {"TOAST tables are not created yet (catalogs, information_schema's tables)",
			func(c *Catalog, ours, ref string) bool {
				if c == nil {
					// One of information_schema's tables: PostgreSQL's
					// TOAST table has the OID after its array type.
					for _, tb := range InfoSchemaTables() {
						if ref == itoa(tb.Array+2) {
							return ours == "0"
						}
					}
					return false
				}
				return ours == "0" && c.Toast != nil && ref == itoa(c.Toast.ToastOID)
			}},
		"relacl": {"initdb's post-bootstrap GRANT/REVOKE",
			func(c *Catalog, ours, ref string) bool { return ours == `\N` }},
	})
	// Every catalog is there; what is missing is indexes, TOAST tables and
	// their indexes, and what initdb creates after bootstrap (views etc.).
	kinds := map[string]int{}
	for _, r := range ref.rows {
		for _, m := range missing {
			if r[0] == m {
				kind := r[16]
				if parseU32(r[0]) >= FirstUnpinnedOID {
					kind = "post-bootstrap " + kind
				}
				kinds[kind]++
			}
		}
	}
	// Of the 140 views, 2 of pg_catalog's (system_views.sql):
	// pg_hba_file_rules, pg_ident_file_mappings; the TOAST tables of
	// information_schema's tables and their indexes.
	want := map[string]int{"i": 158, "t": 36, "post-bootstrap v": 2, "post-bootstrap i": 4, "post-bootstrap t": 4}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Errorf("reference rows missing by relkind: %v, want %v", kinds, want)
	}
}

func TestReferencePgAttribute(t *testing.T) {
	dir := refBootstrapDir(t)
	ref := readRef(t, "pg_attribute.txt")
	// The capture holds the columns of tables only, not those of
	// information_schema's views.
	ours := ourTable(t, dir, "pg_attribute")
	ours.rows = slices.DeleteFunc(ours.rows, func(r []string) bool {
		id := parseU32(r[0])
		return id >= FirstUnpinnedOID && id < FirstNormalOID
	})
	missing := compareTables(t, "pg_attribute", ours, ref, []string{"attrelid", "attnum"}, map[string]allowance{
		"attacl": {"initdb's column GRANTs on pg_subscription",
			func(c *Catalog, ours, ref string) bool { return ours == `\N` }},
	})
	for _, m := range missing {
		if parseU32(strings.Split(m, "/")[0]) < FirstUnpinnedOID {
			t.Errorf("pg_attribute %s of a bootstrap-time relation is missing", m)
		}
	}
}

func TestReferencePgType(t *testing.T) {
	dir := refBootstrapDir(t)
	missing := compareTables(t, "pg_type", ourTable(t, dir, "pg_type"), readRef(t, "pg_type.txt"), []string{"oid"}, map[string]allowance{
		"typdefaultbin": {"time_stamp's default kept as SQL text, as gpostgres keeps expressions",
			func(c *Catalog, ours, ref string) bool { return ours == "CURRENT_TIMESTAMP(2)" }},
	})
	for _, m := range missing {
		if parseU32(m) < FirstUnpinnedOID {
			t.Errorf("pg_type %s is missing", m)
		}
	}
}

func TestReferenceSharedAndNamespace(t *testing.T) {
	dir := refBootstrapDir(t)
	for _, tc := range []struct {
		name  string
		allow map[string]allowance
	}{
		{"pg_authid", nil},
		{"pg_tablespace", nil},
		{"pg_namespace", map[string]allowance{"nspacl": {"roles shown by OID",
			func(c *Catalog, ours, ref string) bool {
				byOID := strings.NewReplacer("pg_database_owner", "6171", "postgres", "10").Replace(ref)
				return ours == byOID
			}}}},
		{"pg_database", map[string]allowance{
			"datfrozenxid": {"initdb's VACUUM FREEZE", anyValue},
			"datacl": {"roles shown by OID",
				func(c *Catalog, ours, ref string) bool {
					return ours == strings.ReplaceAll(ref, "postgres", "10")
				}},
		}},
	} {
		missing := compareTables(t, tc.name, ourTable(t, dir, tc.name), readRef(t, tc.name+".txt"), []string{"oid"}, tc.allow)
		for _, m := range missing {
			if parseU32(m) < FirstUnpinnedOID {
				t.Errorf("%s %s is missing", tc.name, m)
			}
		}
	}
}

// countDiffs are the catalogs whose row count after bootstrap differs from
// the reference's rows from the bootstrap phase (OID < 12000, or all rows
// for catalogs without OIDs), and why.
var countDiffs = map[string]string{
	"pg_class":         "no rows yet for catalog indexes (158), TOAST tables (36) and their indexes",
	"pg_attribute":     "no rows yet for index and TOAST columns; post-bootstrap views",
	"pg_depend":        "initdb's post-bootstrap steps record dependencies",
	"pg_description":   "post-bootstrap objects' comments (system_views.sql, system_functions.sql, ...)",
	"pg_index":         "catalog indexes are not built yet",
	"pg_statistic":     "initdb's ANALYZE",
	"pg_init_privs":    "initdb's setup_privileges",
	"pg_auth_members":  "system_views.sql's GRANT pg_read_all_settings etc. TO pg_monitor",
	"pg_constraint":    "system_constraints.sql (run before pinned OIDs end)",
	"pg_ts_config_map": "snowball_create.sql's text search configurations",
}

func TestReferenceCounts(t *testing.T) {
	dir := refBootstrapDir(t)
	ref := readRef(t, "counts.txt")
	seen := map[string]bool{}
	for _, r := range ref.rows {
		name := r[0]
		c := Lookup(name)
		if c == nil {
			t.Errorf("reference catalog %s is not defined", name)
			continue
		}
		seen[name] = true
		want := r[2] // rows with OID < 12000
		if want == "-1" {
			want = r[1]
		}
		tups, err := ReadCatalog(dir, 1, c, ScanOptions{})
		if err != nil {
			t.Fatal(err)
		}
		n := len(tups)
		if r[2] != "-1" {
			// Only our rows of the bootstrap phase too: the
			// post-bootstrap ones (information_schema's) are compared
			// row by row elsewhere.
			oid := c.Column("oid")
			for _, tp := range tups {
				if uint32(tp.Values[oid].Int()) >= FirstUnpinnedOID {
					n--
				}
			}
		}
		got := itoa(n)
		reason, allowed := countDiffs[name]
		switch {
		case got != want && !allowed:
			t.Errorf("%s: %s rows, reference %s", name, got, want)
		case got == want && allowed:
			t.Errorf("%s: %s rows as the reference; remove its allowance (%s)", name, got, reason)
		case got != want:
			t.Logf("%s: %s rows, reference %s (total %s): %s", name, got, want, r[1], reason)
		}
	}
	if len(seen) != len(Definitions()) {
		t.Errorf("the reference has %d catalogs, we define %d", len(seen), len(Definitions()))
	}
}

// The reference's untouched bootstrap tuples must be byte for byte among
// ours: same attribute count, null bitmap and data.
func TestReferenceTupleBytes(t *testing.T) {
	dir := refBootstrapDir(t)
	ours := map[string]int{}
	for _, name := range []string{"pg_type", "pg_proc", "pg_attribute", "pg_authid", "pg_tablespace", "pg_namespace",
		"pg_am", "pg_language", "pg_operator", "pg_amop", "pg_opclass", "pg_opfamily", "pg_cast", "pg_conversion",
		"pg_description", "pg_ts_parser", "pg_ts_template", "pg_aggregate", "pg_range"} {
		c := Lookup(name)
		tups, err := ReadCatalog(dir, 1, c, ScanOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, tp := range tups {
			h := tp.Header
			bits := ""
			if h.Infomask()&1 != 0 {
				nb := (h.NAttrs() + 7) / 8 * 8
				for i := 0; i < nb; i++ {
					if h[23+i/8]&(1<<(i%8)) != 0 {
						bits += "1"
					} else {
						bits += "0"
					}
				}
			}
			ours[name+"\t"+itoa(int(h.Infomask2()))+"\t"+bits+"\t"+hex.EncodeToString(h[h.Hoff():])]++
		}
	}
	ref := readRef(t, "tuples.txt")
	per := map[string][2]int{}
	for _, r := range ref.rows {
		k := strings.Join(r, "\t")
		n := per[r[0]]
		n[1]++
		if ours[k] > 0 {
			ours[k]--
			n[0]++
		} else if n[1]-n[0] <= 3 {
			t.Errorf("reference tuple not among ours: %s", k)
		}
		per[r[0]] = n
	}
	for name, n := range per {
		if n[0] != n[1] {
			t.Errorf("%s: %d of %d reference tuples match", name, n[0], n[1])
		}
	}
	if len(ref.rows) < 2000 {
		t.Errorf("only %d reference tuples", len(ref.rows))
	}
}

func TestReferencePgProc(t *testing.T) {
	dir := refBootstrapDir(t)
	// system_functions.sql redefines some built-in functions with CREATE
	// OR REPLACE (SQL bodies, argument names and defaults, cost), and
	// initdb revokes EXECUTE on others from PUBLIC.
	isNull := func(c *Catalog, ours, ref string) bool { return ours == `\N` }
	redefined := "system_functions.sql's CREATE OR REPLACE FUNCTION"
	// information_schema's helpers run in Go (lib/sql/builtins): their
	// prosrc is an SQL text of gpostgres's own, and none has a
	// prosqlbody (PostgreSQL's are RETURN and BEGIN ATOMIC bodies).
	ours, ref := splitInfoSchemaProcs(ourTable(t, dir, "pg_proc")), splitInfoSchemaProcs(readRef(t, "pg_proc.txt"))
	compareTables(t, "information_schema pg_proc", ours[1], ref[1], []string{"oid"}, map[string]allowance{
		"prosrc":     {"bodies written for gpostgres", func(c *Catalog, ours, ref string) bool { return strings.HasPrefix(ours, "select ") }},
		"prosqlbody": {"bodies written for gpostgres", isNull},
	})
	missing := compareTables(t, "pg_proc", ours[0], ref[0], []string{"oid"}, map[string]allowance{
		"prosrc":          {redefined, func(c *Catalog, ours, ref string) bool { return ours == "see system_functions.sql" }},
		"prosqlbody":      {redefined, isNull},
		"proargdefaults":  {redefined, isNull},
		"pronargdefaults": {redefined, func(c *Catalog, ours, ref string) bool { return ours == "0" }},
		"proargnames":     {redefined, isNull},
		"procost":         {redefined, func(c *Catalog, ours, ref string) bool { return ours == "1" && ref == "100" }},
		"proacl":          {"system_functions.sql's REVOKE EXECUTE ... FROM public", isNull},
	})
	for _, m := range missing {
		if parseU32(m) < FirstUnpinnedOID {
			t.Errorf("pg_proc %s is missing", m)
		}
	}
}

// splitInfoSchemaProcs separates the pg_proc rows of information_schema
// (second) from the others (first).
func splitInfoSchemaProcs(rt refTable) [2]refTable {
	out := [2]refTable{{cols: rt.cols}, {cols: rt.cols}}
	nsp := 0
	for i, c := range rt.cols {
		if c == "pronamespace" {
			nsp = i
		}
	}
	for _, r := range rt.rows {
		i := 0
		if r[nsp] == itoa(InfoSchemaNamespace) {
			i = 1
		}
		out[i].rows = append(out[i].rows, r)
	}
	return out
}
