// TestInformationSchemaCatalogRows and TestSystemViewCatalogRows make
// the views initdb makes (information_schema's, and pg_catalog's of
// system_views.sql) with CREATE VIEW, in a scratch schema of a test
// cluster, and check that lib/catalog/infoschema_views.bki and
// lib/catalog/system_views.bki hold exactly the catalog rows that made
// (pg_class, pg_type, pg_attribute, pg_rewrite, pg_depend), with the
// OIDs PostgreSQL 15's initdb gives the views and their schema.
// gpinitdb writes those rows with the bootstrap ones, so every database
// has the views as PostgreSQL's initdb leaves them. After a change of a
// definition (analyze/infoschema.go, analyze/systemviews.go) or of what
// CREATE VIEW writes, regenerate the files and the catalog data:
//
//	go test ./lib/sql/ -run 'TestInformationSchemaCatalogRows|TestSystemViewCatalogRows' -rewrite-infoschema
//	go generate ./lib/catalog/
//
// (twice when a view's definition changes what the other file's views
// depend on: the test cluster is made from the catalog data.)
package sql_test

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

var rewriteInfoSchema = flag.Bool("rewrite-infoschema", false, "rewrite lib/catalog/infoschema_views.bki and system_views.bki")

func TestInformationSchemaCatalogRows(t *testing.T) {
	views := analyze.InfoSchemaViews()
	var names []string
	for _, v := range views {
		names = append(names, regexp.QuoteMeta(v.Name))
	}
	// References to the other views go to their copies.
	viewRef := regexp.MustCompile(`information_schema\.(` + strings.Join(names, "|") + `)\b`)
	checkViewRows(t, "../catalog/infoschema_views.bki", viewSet{
		what: "information_schema's views", schema: "information_schema", nsp: catalog.InfoSchemaNamespace, views: views,
		definition: func(v analyze.BuiltinView) string { return viewRef.ReplaceAllString(v.SQL, "isgen.$1") },
	})
}

func TestSystemViewCatalogRows(t *testing.T) {
	checkViewRows(t, "../catalog/system_views.bki", viewSet{
		what: "pg_catalog's views (system_views.sql)", schema: "pg_catalog", nsp: catalog.PgCatalogNamespace,
		views: analyze.SystemViews(),
		// The definitions name the other views unqualified: the copies
		// come first in the search path. pg_stats has anyarray columns,
		// which initdb may make (allow_system_table_mods).
		setup:      []string{"SET search_path = isgen, pg_catalog", "SET allow_system_table_mods = on"},
		definition: func(v analyze.BuiltinView) string { return v.SQL },
	})
}

// TestInformationSchemaTableRows is the same for information_schema's
// tables (sql_features, ...): lib/catalog/infoschema_tables.bki holds the
// rows CREATE TABLE writes for them. Their contents are lib/catalog's
// (infoschema_tables.go), which gpinitdb writes as their heap files.
func TestInformationSchemaTableRows(t *testing.T) {
	var views []analyze.BuiltinView
	for _, tb := range catalog.InfoSchemaTables() {
		var cols []string
		for _, c := range tb.Columns {
			cols = append(cols, c.Name+" "+c.DomainName())
		}
		views = append(views, analyze.BuiltinView{Name: tb.Name, OID: tb.OID, RowType: tb.RowType, Array: tb.Array,
			SQL: strings.Join(cols, ", ")})
	}
	checkViewRows(t, "../catalog/infoschema_tables.bki", viewSet{
		what: "information_schema's tables", schema: "information_schema", nsp: catalog.InfoSchemaNamespace, views: views,
		tables: true, definition: func(v analyze.BuiltinView) string { return v.SQL },
	})
}

// viewSet is a schema's views made at initdb.
type viewSet struct {
	// tables: the "views" are tables, SQL their column list.
	tables bool
	what   string // for the file's header
	schema string // where they are
	nsp    uint32 // its OID
	views  []analyze.BuiltinView
	// setup are statements run before the views are made.
	setup []string
	// definition is a view's query as it is made in schema isgen.
	definition func(analyze.BuiltinView) string
}

// checkViewRows compares file with the catalog rows of set, or writes
// them with -rewrite-infoschema.
func checkViewRows(t *testing.T, file string, set viewSet) {
	got := builtinViewRows(t, set)
	if *rewriteInfoSchema {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("%s is stale: run go test ./lib/sql/ -run %s -rewrite-infoschema, then go generate ./lib/catalog/", file, t.Name())
	}
}

// builtinViewRows makes the views in schema isgen and returns their
// catalog rows in bki syntax, renumbered.
func builtinViewRows(t *testing.T, set viewSet) string {
	c := sqltest.NewCluster(t)
	s := c.NewSession(t)
	defer s.Close()
	s.MustRun("CREATE SCHEMA isgen")
	for _, q := range set.setup {
		s.MustRun(q)
	}
	views := set.views
	for _, v := range views {
		if set.tables {
			s.MustRun("CREATE TABLE isgen." + v.Name + " (" + set.definition(v) + ")")
			continue
		}
		with := ""
		if v.Options != "" {
			with = " WITH (" + v.Options + ")"
		}
		s.MustRun("CREATE VIEW isgen." + v.Name + with + " AS " + set.definition(v))
	}
	one := func(q string) string {
		rs := s.MustRun(q)
		return rs[0].Rows[0][0].Text()
	}
	// OIDs of the copies, and what they become.
	renumber := map[string]string{one("SELECT oid::text FROM pg_catalog.pg_namespace WHERE nspname = 'isgen'"): itoa(set.nsp)}
	var relids []string
	for _, v := range views {
		if set.tables {
			// The file is named by the OID, as initdb's CREATE TABLE
			// names it; the TOAST table is left out (reltoastrelid 0).
			rs := s.MustRun(fmt.Sprintf(`SELECT c.oid::text, c.reltype::text, t.typarray::text, c.relfilenode::text, c.reltoastrelid::text
				FROM pg_catalog.pg_class c JOIN pg_catalog.pg_type t ON t.oid = c.reltype
				WHERE c.relname = '%s' AND c.relnamespace = 'isgen'::regnamespace`, v.Name))
			row := rs[0].Rows[0]
			for i, to := range []uint32{v.OID, v.RowType, v.Array, v.OID, 0} {
				renumber[row[i].Text()] = itoa(to)
			}
			relids = append(relids, row[0].Text())
			continue
		}
		rs := s.MustRun(fmt.Sprintf(`SELECT c.oid::text, c.reltype::text, t.typarray::text, r.oid::text
			FROM pg_catalog.pg_class c JOIN pg_catalog.pg_type t ON t.oid = c.reltype JOIN pg_catalog.pg_rewrite r ON r.ev_class = c.oid
			WHERE c.relname = '%s' AND c.relnamespace = 'isgen'::regnamespace`, v.Name))
		row := rs[0].Rows[0]
		for i, to := range []uint32{v.OID, v.RowType, v.Array, v.Rule} {
			renumber[row[i].Text()] = itoa(to)
		}
		relids = append(relids, row[0].Text())
	}
	in := strings.Join(relids, ", ")
	kind := "VIEW"
	if set.tables {
		kind = "TABLE"
	}
	var b strings.Builder
	b.WriteString("# Generated by lib/sql's " + t.Name() + " (infoschema_gen_test.go): the catalog\n" +
		"# rows of " + set.what + " as CREATE " + kind + " writes them, with PostgreSQL 15's OIDs. Do not edit.\n")
	for _, tc := range []struct{ catalog, where string }{
		{"pg_class", "oid IN (" + in + ")"},
		{"pg_type", "typrelid IN (" + in + ") OR typelem IN (SELECT reltype FROM pg_class WHERE oid IN (" + in + "))"},
		{"pg_attribute", "attrelid IN (" + in + ")"},
		{"pg_rewrite", "ev_class IN (" + in + ")"},
		{"pg_depend", "objid IN (" + in + ") OR objid IN (SELECT oid FROM pg_rewrite WHERE ev_class IN (" + in + "))"},
	} {
		if set.tables && tc.catalog == "pg_rewrite" {
			continue
		}
		cat := catalog.Lookup(tc.catalog)
		var cols []string
		for _, col := range cat.Columns {
			if col.TypeName == "regproc" {
				// As OIDs, as the bki has them.
				cols = append(cols, col.Name+"::oid::text")
				continue
			}
			cols = append(cols, col.Name+"::text")
		}
		rs := s.MustRun("SELECT " + strings.Join(cols, ", ") + " FROM pg_catalog." + tc.catalog + " WHERE " + tc.where)
		var lines []string
		for _, row := range rs[0].Rows {
			var vals []string
			for i, d := range row {
				if d.IsNull() {
					vals = append(vals, "_null_")
					continue
				}
				v := d.Text()
				switch cat.Columns[i].TypeName {
				case "bool":
					v = v[:1] // true: t, as bki spells it
				case "regproc":
					if v == "0" {
						v = "-"
					}
				}
				if to, ok := renumber[v]; ok && isOIDColumn(cat.Columns[i].TypeName) {
					v = to
				}
				if set.tables && cat.Columns[i].Name == "relfrozenxid" {
					// Its rows are written frozen, as the catalogs' are.
					v = "3"
				}
				if cat.Columns[i].Name == "ev_action" {
					v = strings.ReplaceAll(v, "isgen.", set.schema+".")
				}
				vals = append(vals, bkiValue(v))
			}
			lines = append(lines, "insert ( "+strings.Join(vals, " ")+" )")
		}
		// Ordered by the renumbered values, so that the file does not
		// depend on the scan order.
		key := bkiKey
		if tc.catalog == "pg_attribute" {
			// A relation's columns in attnum order.
			key = func(line string) string {
				f := strings.Fields(line)
				return bkiKey("insert ( "+f[2]+" "+f[7]+" )") + " " + bkiKey(line)
			}
		}
		sort.SliceStable(lines, func(i, j int) bool { return key(lines[i]) < key(lines[j]) })
		b.WriteString("open " + tc.catalog + "\n")
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
		b.WriteString("close " + tc.catalog + "\n")
	}
	return b.String()
}

// isOIDColumn reports whether a catalog column of this type holds OIDs
// the renumbering applies to.
func isOIDColumn(typ string) bool { return typ == "oid" || typ == "regproc" }

// bkiValue spells a value as a bki insert does: bare when it is one
// token, else quoted with ” for a quote.
func bkiValue(v string) string {
	if v != "" && v != "_null_" && regexp.MustCompile(`^[A-Za-z0-9_.{}=/+-]+$`).MatchString(v) {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

// bkiKey orders insert lines by their values, numbers as numbers.
func bkiKey(line string) string {
	f := strings.Fields(line)
	var key []string
	for _, x := range f[2:] {
		if n, err := strconv.ParseUint(x, 10, 32); err == nil {
			key = append(key, fmt.Sprintf("%010d", n))
		} else {
			key = append(key, x)
		}
	}
	return strings.Join(key, " ")
}

func itoa(n uint32) string { return strconv.FormatUint(uint64(n), 10) }
