//go:build ignore

// gen_catalog.go writes catalogs_gen.go and rows_gen.go, the definitions
// and initial contents of PostgreSQL 15's system catalogs, from the
// postgres.bki file of the postgresql-15 Debian package
// (/usr/share/postgresql/15/postgres.bki, produced by PostgreSQL's
// genbki.pl from src/include/catalog/*.h and *.dat).
//
// Run it with `go generate ./lib/catalog/` (or `go run gen_catalog.go` in
// this directory; -bki names another file, -out another directory).
// After the bki it reads postbootstrap.bki, system_views.bki,
// infoschema_views.bki and infoschema_tables.bki (-post), the rows that
// initdb's post-bootstrap SQL creates, in the same syntax but only open, insert and close.
//
// What it reads from the bki script:
//
//   - "create NAME OID [bootstrap] [shared_relation] [rowtype_oid N]" and
//     the column list that follows ("col = type [FORCE NOT NULL|FORCE NULL]")
//   - "insert ( ... )": one row of the catalog opened last, values as
//     bare tokens or '...' strings with ” for a quote, _null_ for NULL
//   - "declare toast T I on REL", "declare [unique] index NAME OID on REL
//     using METHOD(col opclass, ...)": kept as data, nothing built yet
//
// Column physical attributes (attlen, attbyval, attalign, attstorage,
// attcollation, attndims) come from the bki's own pg_type rows, as in
// PostgreSQL's bootstrap (DefineAttr); a column's NOT NULL follows the bki
// marker or, without one, bootstrap's rule (fixed width and every earlier
// column fixed width and not null). Types that lib/types knows must
// agree with it; the generator stops otherwise.
//
// Compile-time tokens are replaced here with gpostgres's values, which
// are PostgreSQL's on x86-64 and arm64 (NAMEDATALEN 64, SIZEOF_POINTER 8,
// ALIGNOF_POINTER d, FLOAT8PASSBYVAL true). The per-cluster tokens that
// initdb replaces (POSTGRES, ENCODING, LC_COLLATE, LC_CTYPE, ICU_LOCALE,
// LOCALE_PROVIDER) stay in the rows; Bootstrap replaces them. The generator
// checks that every token occurs only as a whole bare value, so that
// replacing values is the same as initdb's textual replace_token.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/types"
)

type column struct {
	name, typ string
	nullness  string // "", "FORCE NOT NULL", "FORCE NULL"

	typeOID   uint32
	len       int16
	byval     bool
	align     byte
	storage   byte
	collation uint32
	ndims     int32
	notNull   bool
}

type catalog struct {
	name         string
	oid          uint32
	bootstrap    bool
	shared       bool
	rowtype      uint32
	rowtypeFixed bool
	arrayType    uint32
	cols         []column
	rows         [][]string
	toast        *toastDecl
}

type toastDecl struct {
	table           string
	toastOID, index uint32
}

type indexKey struct{ col, opclass string }

type indexDecl struct {
	name   string
	oid    uint32
	table  string
	unique bool
	method string
	keys   []indexKey
}

// compileTimeTokens are replaced by the generator.
var compileTimeTokens = map[string]string{
	"NAMEDATALEN":     "64",
	"SIZEOF_POINTER":  "8",
	"ALIGNOF_POINTER": "d",
	"FLOAT8PASSBYVAL": "t",
}

// clusterTokens stay in the generated rows for Bootstrap to replace.
var clusterTokens = []string{"POSTGRES", "ENCODING", "LC_COLLATE", "LC_CTYPE", "ICU_LOCALE", "LOCALE_PROVIDER"}

// tokenize splits the body of an insert into values. Quoted values are
// returned de-quoted with quoted[i] set.
func tokenize(s string) (vals []string, quoted []bool, err error) {
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t':
			i++
		case c == '\'':
			var b strings.Builder
			j := i + 1
			for {
				if j >= len(s) {
					return nil, nil, fmt.Errorf("unterminated quoted value in %q", s)
				}
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						b.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				if s[j] == '\\' {
					return nil, nil, fmt.Errorf("backslash in quoted value in %q", s)
				}
				b.WriteByte(s[j])
				j++
			}
			vals = append(vals, b.String())
			quoted = append(quoted, true)
			i = j + 1
		default:
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != '\t' {
				j++
			}
			vals = append(vals, s[i:j])
			quoted = append(quoted, false)
			i = j
		}
	}
	return vals, quoted, nil
}

func parseOID(s string) uint32 {
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		log.Fatalf("bad OID %q", s)
	}
	return uint32(n)
}

func main() {
	bki := flag.String("bki", "/usr/share/postgresql/15/postgres.bki", "PostgreSQL 15's postgres.bki")
	postBootstrap := flag.String("post", "postbootstrap.bki,system_views.bki,infoschema_views.bki,infoschema_tables.bki", "rows initdb's post-bootstrap SQL creates (pg_catalog's views, information_schema's schema, domains, functions, views and tables), in bki syntax, comma-separated files")
	out := flag.String("out", ".", "directory to write catalogs_gen.go and rows_gen.go into")
	flag.Parse()

	data, err := os.ReadFile(*bki)
	if err != nil {
		log.Fatal(err)
	}
	var posts [][]byte
	postFiles := strings.Split(*postBootstrap, ",")
	for _, f := range postFiles {
		post, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		posts = append(posts, post)
	}
	// Every token must occur only as a whole bare value (see above).
	bareCount := map[string]int{}

	var cats []*catalog
	byName := map[string]*catalog{}
	var indexes []indexDecl
	version := ""
	// read takes the commands of one bki script; the post-bootstrap one
	// may only add rows to catalogs the first created.
	read := func(path string, data []byte, rowsOnly bool) {
		var cur *catalog // catalog whose column list or rows are being read
		inCols := false
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		lineno := 0
		for sc.Scan() {
			lineno++
			line := sc.Text()
			fields := strings.Fields(line)
			fail := func(format string, args ...any) {
				log.Fatalf("%s:%d: %s: %q", path, lineno, fmt.Sprintf(format, args...), line)
			}
			if len(fields) == 0 {
				continue
			}
			if rowsOnly && fields[0] != "#" && fields[0] != "open" && fields[0] != "close" && fields[0] != "insert" {
				fail("only open, insert and close may follow the bootstrap")
			}
			if inCols {
				switch {
				case fields[0] == "(":
				case fields[0] == ")":
					inCols = false
				default:
					// col = type [FORCE NOT NULL|FORCE NULL] [,]
					f := fields
					if f[len(f)-1] == "," {
						f = f[:len(f)-1]
					}
					if len(f) < 3 || f[1] != "=" {
						fail("bad column")
					}
					c := column{name: f[0], typ: f[2], nullness: strings.Join(f[3:], " ")}
					if c.nullness != "" && c.nullness != "FORCE NOT NULL" && c.nullness != "FORCE NULL" {
						fail("bad column marker")
					}
					cur.cols = append(cur.cols, c)
				}
				continue
			}
			switch fields[0] {
			case "#":
				if !rowsOnly && len(fields) == 3 && fields[1] == "PostgreSQL" {
					version = fields[2]
				}
			case "create":
				if len(fields) < 3 {
					fail("bad create")
				}
				c := &catalog{name: fields[1], oid: parseOID(fields[2])}
				for i := 3; i < len(fields); i++ {
					switch fields[i] {
					case "bootstrap":
						c.bootstrap = true
					case "shared_relation":
						c.shared = true
					case "rowtype_oid":
						i++
						c.rowtype = parseOID(fields[i])
						c.rowtypeFixed = true
					default:
						fail("unknown create option %q", fields[i])
					}
				}
				if byName[c.name] != nil {
					fail("duplicate catalog")
				}
				cats = append(cats, c)
				byName[c.name] = c
				cur = c
				inCols = true
			case "open":
				cur = byName[fields[1]]
				if cur == nil {
					fail("open of unknown catalog")
				}
			case "close":
				if cur == nil || cur.name != fields[1] {
					fail("close of a catalog not open")
				}
				cur = nil
			case "insert":
				if cur == nil {
					fail("insert without an open catalog")
				}
				body := strings.TrimSpace(line[len("insert"):])
				if !strings.HasPrefix(body, "(") || !strings.HasSuffix(body, ")") {
					fail("bad insert")
				}
				vals, quoted, err := tokenize(body[1 : len(body)-1])
				if err != nil {
					fail("%v", err)
				}
				if len(vals) != len(cur.cols) {
					fail("%d values for %d columns", len(vals), len(cur.cols))
				}
				for i, v := range vals {
					if quoted[i] {
						if v == "_null_" {
							fail("quoted _null_ cannot be represented")
						}
						continue
					}
					if r, ok := compileTimeTokens[v]; ok {
						bareCount[v]++
						vals[i] = r
					}
					for _, t := range clusterTokens {
						if v == t {
							bareCount[v]++
						}
					}
				}
				cur.rows = append(cur.rows, vals)
			case "declare":
				switch {
				case len(fields) == 6 && fields[1] == "toast" && fields[4] == "on":
					t := byName[fields[5]]
					if t == nil || t.toast != nil {
						fail("toast for unknown catalog or twice")
					}
					t.toast = &toastDecl{table: t.name, toastOID: parseOID(fields[2]), index: parseOID(fields[3])}
				case fields[1] == "index" || (fields[1] == "unique" && fields[2] == "index"):
					d := indexDecl{}
					f := fields[2:]
					if fields[1] == "unique" {
						d.unique = true
						f = fields[3:]
					}
					// NAME OID on REL using METHOD(col opclass, ...)
					if len(f) < 5 || f[2] != "on" || f[4] != "using" {
						fail("bad index declaration")
					}
					d.name, d.oid, d.table = f[0], parseOID(f[1]), f[3]
					if byName[d.table] == nil {
						fail("index on unknown catalog")
					}
					rest := strings.Join(f[5:], " ")
					open := strings.IndexByte(rest, '(')
					if open < 0 || !strings.HasSuffix(rest, ")") {
						fail("bad index method")
					}
					d.method = rest[:open]
					for _, k := range strings.Split(rest[open+1:len(rest)-1], ",") {
						kf := strings.Fields(k)
						if len(kf) != 2 {
							fail("bad index key %q", k)
						}
						d.keys = append(d.keys, indexKey{kf[0], kf[1]})
					}
					indexes = append(indexes, d)
				default:
					fail("unknown declare")
				}
			case "build":
				if line != "build indices" {
					fail("unknown build")
				}
			default:
				fail("unknown command")
			}
		}
		if err := sc.Err(); err != nil {
			log.Fatal(err)
		}
	}
	read(*bki, data, false)
	for i, post := range posts {
		read(postFiles[i], post, true)
	}
	if version == "" || !strings.HasPrefix(version, "15") {
		log.Fatalf("%s: not PostgreSQL 15's bki (version %q)", *bki, version)
	}
	for _, t := range append(keys(compileTimeTokens), clusterTokens...) {
		if n := bytes.Count(data, []byte(t)); n != bareCount[t] {
			log.Fatalf("token %s occurs %d times, %d of them as bare values", t, n, bareCount[t])
		}
	}

	resolveColumns(cats, byName)

	if err := write(filepath.Join(*out, "catalogs_gen.go"), genCatalogs(cats, indexes)); err != nil {
		log.Fatal(err)
	}
	if err := write(filepath.Join(*out, "rows_gen.go"), genRows(cats)); err != nil {
		log.Fatal(err)
	}
	n := 0
	for _, c := range cats {
		n += len(c.rows)
	}
	fmt.Fprintf(os.Stderr, "gen_catalog: %d catalogs, %d rows, %d indexes from %s\n", len(cats), n, len(indexes), *bki)
}

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// FirstGenbkiObjectID is where PostgreSQL 15's bootstrap OID counter
// starts (FirstGenbkiObjectId).
const FirstGenbkiObjectID uint32 = 10000

type pgType struct {
	oid       uint32
	len       int16
	byval     bool
	align     byte
	storage   byte
	collation uint32
	elem      uint32
	array     uint32
}

// resolveColumns fills in each column's physical attributes from the bki's
// pg_type rows, as bootstrap's DefineAttr does, and its NOT NULL flag.
func resolveColumns(cats []*catalog, byName map[string]*catalog) {
	pt := byName["pg_type"]
	idx := func(name string) int {
		for i, c := range pt.cols {
			if c.name == name {
				return i
			}
		}
		log.Fatalf("pg_type has no column %s", name)
		return -1
	}
	iOID, iName, iLen, iByval, iAlign, iStorage, iColl, iElem, iArray := idx("oid"), idx("typname"), idx("typlen"),
		idx("typbyval"), idx("typalign"), idx("typstorage"), idx("typcollation"), idx("typelem"), idx("typarray")
	typesByName := map[string]pgType{}
	for _, r := range pt.rows {
		n, err := strconv.Atoi(r[iLen])
		if err != nil {
			log.Fatalf("pg_type %s: typlen %q", r[iName], r[iLen])
		}
		t := pgType{oid: parseOID(r[iOID]), len: int16(n), byval: r[iByval] == "t", align: r[iAlign][0],
			storage: r[iStorage][0], collation: parseOID(r[iColl]), elem: parseOID(r[iElem]), array: parseOID(r[iArray])}
		if r[iByval] != "t" && r[iByval] != "f" {
			log.Fatalf("pg_type %s: typbyval %q", r[iName], r[iByval])
		}
		if k := types.ByOID(t.oid); k != nil && (k.Len != t.len || k.ByVal != t.byval || k.Align != t.align || k.Name != r[iName]) {
			log.Fatalf("lib/types disagrees with pg_type about %s: %+v", r[iName], *k)
		}
		typesByName[r[iName]] = t
	}
	next := FirstGenbkiObjectID
	for _, c := range cats {
		for i := range c.cols {
			col := &c.cols[i]
			t, ok := typesByName[col.typ]
			if !ok {
				log.Fatalf("%s.%s: unknown type %s", c.name, col.name, col.typ)
			}
			col.typeOID, col.len, col.byval, col.align, col.storage = t.oid, t.len, t.byval, t.align, t.storage
			// System catalog columns that are collatable use the C collation.
			if t.collation != 0 {
				col.collation = 950
			}
			if t.elem != 0 && t.len < 0 {
				col.ndims = 1
			}
			switch col.nullness {
			case "FORCE NOT NULL":
				col.notNull = true
			case "":
				if col.len > 0 {
					col.notNull = true
					for _, p := range c.cols[:i] {
						if p.len <= 0 || !p.notNull {
							col.notNull = false
						}
					}
				}
			}
		}
		// heap_create_with_catalog gives every catalog but the bootstrap
		// ones a row type and an array type, taking their OIDs from the
		// OID counter (which starts at FirstGenbkiObjectId), the array's
		// first, the row type's unless the bki fixes it. Later catalogs can
		// use these types (pg_statistic_ext_data.stxdexpr is _pg_statistic).
		if !c.bootstrap {
			c.arrayType = next
			next++
			if !c.rowtypeFixed {
				c.rowtype = next
				next++
			}
			typesByName[c.name] = pgType{oid: c.rowtype, len: -1, align: 'd', storage: 'x', array: c.arrayType}
			typesByName["_"+c.name] = pgType{oid: c.arrayType, len: -1, align: 'd', storage: 'x', elem: c.rowtype}
		}
	}
	// Bootstrap catalogs' row types and their arrays are in the bki.
	for _, c := range cats {
		if c.bootstrap {
			for _, r := range pt.rows {
				if parseOID(r[iOID]) == c.rowtype {
					c.arrayType = parseOID(r[iArray])
				}
			}
			if c.arrayType == 0 {
				log.Fatalf("%s: no pg_type row for its row type %d", c.name, c.rowtype)
			}
		}
	}
}

func genCatalogs(cats []*catalog, indexes []indexDecl) []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated by gen_catalog.go from PostgreSQL 15's postgres.bki; DO NOT EDIT.\n\n")
	b.WriteString("package catalog\n\n")
	b.WriteString("// catalogs lists PostgreSQL 15's system catalogs in the order its bootstrap\n// creates them.\n")
	b.WriteString("var catalogs = []Catalog{\n")
	for i, c := range cats {
		fmt.Fprintf(&b, "{Name: %q, OID: %d, Bootstrap: %t, Shared: %t, RowType: %d, RowTypeDeclared: %t, ArrayType: %d, index: %d,\n",
			c.name, c.oid, c.bootstrap, c.shared, c.rowtype, c.rowtypeFixed, c.arrayType, i)
		if c.toast != nil {
			fmt.Fprintf(&b, "Toast: &ToastDecl{Table: %q, ToastOID: %d, IndexOID: %d},\n", c.toast.table, c.toast.toastOID, c.toast.index)
		}
		b.WriteString("Columns: []Column{\n")
		for _, col := range c.cols {
			fmt.Fprintf(&b, "{Name: %q, Type: %d, TypeName: %q, TypMod: -1, Len: %d, ByVal: %t, Align: '%c', Storage: '%c', NotNull: %t, Collation: %d, NDims: %d},\n",
				col.name, col.typeOID, col.typ, col.len, col.byval, col.align, col.storage, col.notNull, col.collation, col.ndims)
		}
		b.WriteString("}},\n")
	}
	b.WriteString("}\n\n")
	genConstants(&b, cats)
	genLookupOrders(&b, cats)
	b.WriteString("// indexDecls are the bki's \"declare index\" lines, in order.\n")
	b.WriteString("var indexDecls = []IndexDecl{\n")
	for _, d := range indexes {
		fmt.Fprintf(&b, "{Name: %q, OID: %d, Table: %q, Unique: %t, Method: %q, Keys: []IndexKey{", d.name, d.oid, d.table, d.unique, d.method)
		for i, k := range d.keys {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "{Column: %q, Opclass: %q}", k.col, k.opclass)
		}
		b.WriteString("}},\n")
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// goName spells a catalog or column name in Go: pg_ts_config_map is
// PgTsConfigMap, ev_class EvClass.
func goName(s string) string {
	var b strings.Builder
	for _, part := range strings.Split(s, "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// genConstants writes each catalog's position in catalogs (and bkiRows)
// and PostgreSQL's attribute numbers (Anum_pg_class_relname is
// AnumPgClassRelname), so that code reading catalog rows names columns
// by constants rather than by positions looked up at start-up.
func genConstants(b *bytes.Buffer, cats []*catalog) {
	seen := map[string]string{}
	name := func(n, what string) string {
		if prev, ok := seen[n]; ok {
			log.Fatalf("%s and %s are both spelled %s in Go", prev, what, n)
		}
		seen[n] = what
		return n
	}
	b.WriteString("// Positions of the catalogs in catalogs and bkiRows.\n")
	b.WriteString("const (\n")
	for i, c := range cats {
		fmt.Fprintf(b, "idx%s = %d\n", name(goName(c.name), c.name), i)
	}
	b.WriteString(")\n\n")
	for _, c := range cats {
		fmt.Fprintf(b, "// Attribute numbers of %s (Anum_%s_*, Natts_%s): a deformed row's\n", c.name, c.name, c.name)
		fmt.Fprintf(b, "// column n is row[n-1].\n")
		b.WriteString("const (\n")
		for j, col := range c.cols {
			fmt.Fprintf(b, "Anum%s = %d\n", name(goName(c.name)+goName(col.name), c.name+"."+col.name), j+1)
		}
		fmt.Fprintf(b, "Natts%s = %d\n", goName(c.name), len(c.cols))
		b.WriteString(")\n\n")
	}
}

// genLookupOrders writes the sort orders the syscache searches the
// built-in rows of pg_proc, pg_operator, pg_type, pg_aggregate and
// pg_cast in (syscache.go): row positions sorted by OID, by name and
// OID, by source and target type, so that a process decodes only the
// rows it looks up.
func genLookupOrders(b *bytes.Buffer, cats []*catalog) {
	find := func(name string) *catalog {
		for _, c := range cats {
			if c.name == name {
				return c
			}
		}
		log.Fatalf("no catalog %s", name)
		return nil
	}
	colOf := func(c *catalog, name string) int {
		for i, col := range c.cols {
			if col.name == name {
				return i
			}
		}
		log.Fatalf("%s has no column %s", c.name, name)
		return 0
	}
	rowsOf := func(c *catalog) []int {
		if len(c.rows) > 65535 {
			log.Fatalf("%s has too many rows for uint16 positions", c.name)
		}
		order := make([]int, len(c.rows))
		for i := range order {
			order[i] = i
		}
		return order
	}
	byOID := func(varName, catName, oidCol string) {
		c := find(catName)
		oc := colOf(c, oidCol)
		order := rowsOf(c)
		sort.SliceStable(order, func(i, j int) bool { return parseOID(c.rows[order[i]][oc]) < parseOID(c.rows[order[j]][oc]) })
		fmt.Fprintf(b, "// %s are the positions of %s's rows sorted by %s.\n", varName, catName, oidCol)
		fmt.Fprintf(b, "var %s = [...]bootOID{\n", varName)
		for i, r := range order {
			if i > 0 && parseOID(c.rows[order[i-1]][oc]) == parseOID(c.rows[r][oc]) {
				log.Fatalf("%s: duplicate %s %s", catName, oidCol, c.rows[r][oc])
			}
			fmt.Fprintf(b, "{%s, %d},", c.rows[r][oc], r)
			if i%8 == 7 {
				b.WriteString("\n")
			}
		}
		b.WriteString("}\n\n")
	}
	byName := func(varName, catName, nameCol string) {
		c := find(catName)
		nc, oc := colOf(c, nameCol), colOf(c, "oid")
		order := rowsOf(c)
		sort.SliceStable(order, func(i, j int) bool {
			ri, rj := c.rows[order[i]], c.rows[order[j]]
			if ri[nc] != rj[nc] {
				return ri[nc] < rj[nc]
			}
			return parseOID(ri[oc]) < parseOID(rj[oc])
		})
		fmt.Fprintf(b, "// %s are the positions of %s's rows sorted by %s, then OID.\n", varName, catName, nameCol)
		fmt.Fprintf(b, "var %s = [...]uint16{\n", varName)
		for i, r := range order {
			fmt.Fprintf(b, "%d,", r)
			if i%16 == 15 {
				b.WriteString("\n")
			}
		}
		b.WriteString("}\n\n")
	}
	byOID("bootProcByOID", "pg_proc", "oid")
	byName("bootProcByName", "pg_proc", "proname")
	byOID("bootOperatorByOID", "pg_operator", "oid")
	byName("bootOperatorByName", "pg_operator", "oprname")
	byOID("bootTypeByOID", "pg_type", "oid")
	byName("bootTypeByName", "pg_type", "typname")
	byOID("bootAggregateByFn", "pg_aggregate", "aggfnoid")

	c := find("pg_cast")
	sc, tc := colOf(c, "castsource"), colOf(c, "casttarget")
	order := rowsOf(c)
	key := func(r int) uint64 { return uint64(parseOID(c.rows[r][sc]))<<32 | uint64(parseOID(c.rows[r][tc])) }
	sort.SliceStable(order, func(i, j int) bool { return key(order[i]) < key(order[j]) })
	b.WriteString("// bootCastByTypes are the positions of pg_cast's rows sorted by source\n// and target type.\n")
	b.WriteString("var bootCastByTypes = [...]bootCast{\n")
	for i, r := range order {
		if i > 0 && key(order[i-1]) == key(r) {
			log.Fatalf("pg_cast: duplicate cast %s -> %s", c.rows[r][sc], c.rows[r][tc])
		}
		fmt.Fprintf(b, "{%s, %s, %d},", c.rows[r][sc], c.rows[r][tc], r)
		if i%6 == 5 {
			b.WriteString("\n")
		}
	}
	b.WriteString("}\n\n")
}

func genRows(cats []*catalog) []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated by gen_catalog.go from PostgreSQL 15's postgres.bki; DO NOT EDIT.\n\n")
	b.WriteString("package catalog\n\n")
	b.WriteString("// bkiRows holds each catalog's insert rows (parallel to catalogs), values\n")
	b.WriteString("// as bki text: de-quoted, \"_null_\" for NULL, cluster tokens unreplaced.\n")
	b.WriteString("var bkiRows = [...][][]string{\n")
	for _, c := range cats {
		if len(c.rows) == 0 {
			fmt.Fprintf(&b, "nil, // %s\n", c.name)
			continue
		}
		fmt.Fprintf(&b, "{ // %s\n", c.name)
		for _, r := range c.rows {
			b.WriteString("{")
			for i, v := range r {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(strconv.Quote(v))
			}
			b.WriteString("},\n")
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func write(path string, src []byte) error {
	formatted, err := format.Source(src)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return os.WriteFile(path, formatted, 0o644)
}
