//go:build ignore

// gen_params.go writes params_table.go, the immutable table of every
// PostgreSQL 15 configuration parameter, from what capture_pg15.sh recorded
// from the reference server in testdata/pg15/ plus the few facts pg_settings
// does not expose (listed in the supplement below, taken from PostgreSQL 15's
// src/backend/utils/misc/guc.c).
//
// Run it with `go generate ./lib/config/` (or `go run gen_params.go` in this
// directory) after re-running capture_pg15.sh.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"log"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

type row struct {
	Name      string   `json:"name"`
	Unit      *string  `json:"unit"`
	Category  string   `json:"category"`
	ShortDesc string   `json:"short_desc"`
	ExtraDesc *string  `json:"extra_desc"`
	Context   string   `json:"context"`
	VarType   string   `json:"vartype"`
	MinVal    *string  `json:"min_val"`
	MaxVal    *string  `json:"max_val"`
	EnumVals  []string `json:"enumvals"`
	BootVal   *string  `json:"boot_val"`
	Flags     []string `json:"flags"`

	extraFlags []string // from the supplement
}

// hidden lists the parameters PostgreSQL 15 marks GUC_NO_SHOW_ALL: they are
// absent from pg_settings, so their definitions are copied from guc.c.
// pg_settings_get_flags() on the reference confirms their visible flags.
var hidden = []row{
	{Name: "default_with_oids", VarType: "bool", Context: "user",
		Category:  "Version and Platform Compatibility / Previous PostgreSQL Versions",
		ShortDesc: "WITH OIDS is no longer supported; this can only be false.",
		BootVal:   sp("off"), Flags: []string{"NO_SHOW_ALL", "NOT_IN_SAMPLE"}},
	{Name: "is_superuser", VarType: "bool", Context: "internal", Category: "Ungrouped",
		ShortDesc: "Shows whether the current user is a superuser.",
		BootVal:   sp("off"), Flags: []string{"NO_RESET_ALL", "NO_SHOW_ALL", "NOT_IN_SAMPLE"},
		extraFlags: []string{"DISALLOW_IN_FILE"}},
	{Name: "role", VarType: "string", Context: "user", Category: "Ungrouped",
		ShortDesc: "Sets the current role.",
		BootVal:   sp("none"), Flags: []string{"NO_RESET_ALL", "NO_SHOW_ALL", "NOT_IN_SAMPLE"},
		extraFlags: []string{"DISALLOW_IN_FILE", "NOT_WHILE_SEC_REST"}},
	{Name: "seed", VarType: "real", Context: "user", Category: "Ungrouped",
		ShortDesc: "Sets the seed for random-number generation.",
		MinVal:    sp("-1"), MaxVal: sp("1"),
		BootVal: sp("0"), Flags: []string{"NO_RESET_ALL", "NO_SHOW_ALL", "NOT_IN_SAMPLE"},
		extraFlags: []string{"DISALLOW_IN_FILE"}},
	{Name: "session_authorization", VarType: "string", Context: "user", Category: "Ungrouped",
		ShortDesc:  "Sets the session user name.",
		Flags:      []string{"NO_RESET_ALL", "NO_SHOW_ALL", "NOT_IN_SAMPLE"},
		extraFlags: []string{"DISALLOW_IN_FILE", "NOT_WHILE_SEC_REST"}},
	{Name: "ssl_renegotiation_limit", VarType: "integer", Context: "user",
		Category:  "Connections and Authentication / SSL",
		ShortDesc: "SSL renegotiation is no longer supported; this can only be 0.",
		MinVal:    sp("0"), MaxVal: sp("0"),
		BootVal: sp("0"), Flags: []string{"NO_SHOW_ALL", "NOT_IN_SAMPLE"},
		extraFlags: []string{"DISALLOW_IN_FILE"}},
}

// Flags pg_settings does not show, from guc.c. LIST_INPUT was confirmed on
// the reference by SET name = 'a b', 'c' (only list parameters accept two
// values); LIST_QUOTE by the "a b" quoting in the result.
var supplementFlags = map[string][]string{
	"application_name":                 {"REPORT", "IS_NAME"},
	"client_encoding":                  {"REPORT"},
	"DateStyle":                        {"REPORT", "LIST_INPUT"},
	"default_transaction_read_only":    {"REPORT"},
	"in_hot_standby":                   {"REPORT", "DISALLOW_IN_FILE"},
	"integer_datetimes":                {"REPORT", "DISALLOW_IN_FILE"},
	"IntervalStyle":                    {"REPORT"},
	"is_superuser":                     {"REPORT"},
	"server_encoding":                  {"REPORT", "DISALLOW_IN_FILE"},
	"server_version":                   {"REPORT", "DISALLOW_IN_FILE"},
	"session_authorization":            {"REPORT", "IS_NAME"},
	"standard_conforming_strings":      {"REPORT"},
	"TimeZone":                         {"REPORT"},
	"cluster_name":                     {"IS_NAME"},
	"role":                             {"IS_NAME"},
	"listen_addresses":                 {"LIST_INPUT"},
	"log_destination":                  {"LIST_INPUT"},
	"restrict_nonsystem_relation_kind": {"LIST_INPUT"},
	"synchronous_standby_names":        {"LIST_INPUT"},
	"wal_consistency_checking":         {"LIST_INPUT"},
	"local_preload_libraries":          {"LIST_INPUT", "LIST_QUOTE"},
	"search_path":                      {"LIST_INPUT", "LIST_QUOTE"},
	"session_preload_libraries":        {"LIST_INPUT", "LIST_QUOTE"},
	"shared_preload_libraries":         {"LIST_INPUT", "LIST_QUOTE"},
	"temp_tablespaces":                 {"LIST_INPUT", "LIST_QUOTE"},
	"unix_socket_directories":          {"LIST_INPUT", "LIST_QUOTE"},
	// The read-only "preset" parameters and the per-transaction ones may not
	// appear in a configuration file written by ALTER SYSTEM.
	"block_size": {"DISALLOW_IN_FILE"}, "data_checksums": {"DISALLOW_IN_FILE"},
	"data_directory_mode": {"DISALLOW_IN_FILE"}, "debug_assertions": {"DISALLOW_IN_FILE"},
	"lc_collate": {"DISALLOW_IN_FILE"}, "lc_ctype": {"DISALLOW_IN_FILE"},
	"max_function_args": {"DISALLOW_IN_FILE"}, "max_identifier_length": {"DISALLOW_IN_FILE"},
	"max_index_keys": {"DISALLOW_IN_FILE"}, "segment_size": {"DISALLOW_IN_FILE"},
	"server_version_num": {"DISALLOW_IN_FILE"},
	"shared_memory_size": {"DISALLOW_IN_FILE"}, "shared_memory_size_in_huge_pages": {"DISALLOW_IN_FILE"},
	"ssl_library": {"DISALLOW_IN_FILE"}, "wal_block_size": {"DISALLOW_IN_FILE"},
	"wal_segment_size":       {"DISALLOW_IN_FILE"},
	"transaction_isolation":  {"DISALLOW_IN_FILE"},
	"transaction_read_only":  {"DISALLOW_IN_FILE"},
	"transaction_deferrable": {"DISALLOW_IN_FILE"},
	// data_directory and config_file cannot come from postgresql.auto.conf.
	"data_directory": {"DISALLOW_IN_AUTO_FILE"},
	"config_file":    {"DISALLOW_IN_AUTO_FILE"},
}

// bootOverride holds the boot values that are gpostgres's own rather than
// the reference build's.
var bootOverride = map[string]string{
	"server_version":     "15.18 (gpostgres 0.1)",
	"server_version_num": "150018",
	// Upstream PostgreSQL's default; Debian's build patches it to /var/run/postgresql.
	"unix_socket_directories": "/tmp",
}

func sp(s string) *string { return &s }

func main() {
	dir := "testdata/pg15"
	var rows []row
	data, err := os.ReadFile(dir + "/pg_settings.json")
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(data, &rows); err != nil {
		log.Fatal(err)
	}
	rows = append(rows, hidden...)

	superOnly := map[string]bool{}
	for _, n := range lines(dir + "/superuser_only.txt") {
		superOnly[n] = true
	}

	// enum name -> input -> shown
	probe := map[string]map[string]string{}
	for _, l := range lines(dir + "/enum_probe.txt") {
		f := strings.Split(l, "\t")
		if len(f) != 3 {
			log.Fatalf("bad enum_probe line %q", l)
		}
		if probe[f[0]] == nil {
			probe[f[0]] = map[string]string{}
		}
		probe[f[0]][f[1]] = f[2]
	}

	sort.Slice(rows, func(i, j int) bool { return gucLess(rows[i].Name, rows[j].Name) })

	var b bytes.Buffer
	b.WriteString(`// Code generated by gen_params.go; DO NOT EDIT.
//
// This is PostgreSQL 15's parameter table as the reference server's
// pg_settings view (plus pg_settings_get_flags()) shows it, captured into
// testdata/pg15/ by capture_pg15.sh; the GUC_NO_SHOW_ALL parameters and the
// flags pg_settings does not expose come from the supplement in
// gen_params.go. To refresh: run capture_pg15.sh against a PostgreSQL 15
// server, then go generate ./lib/config/.

package config

@IMPORTS@// paramTable is sorted the way guc.c sorts guc_variables: by name, ignoring
// ASCII case.
var paramTable = [...]Param{
`)
	for _, r := range rows {
		writeParam(&b, r, superOnly, probe)
	}
	b.WriteString("}\n")

	// Import math only when DBL_MAX appears.
	imp := ""
	if bytes.Contains(b.Bytes(), []byte("math.MaxFloat64")) {
		imp = "import \"math\"\n\n"
	}
	out := bytes.Replace(b.Bytes(), []byte("@IMPORTS@"), []byte(imp), 1)

	src, err := format.Source(out)
	if err != nil {
		os.WriteFile("params_table.go.broken", out, 0o644)
		log.Fatalf("gofmt: %v", err)
	}
	if err := os.WriteFile("params_table.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}

func writeParam(b *bytes.Buffer, r row, superOnly map[string]bool, probe map[string]map[string]string) {
	fmt.Fprintf(b, "{\nName: %q,\n", r.Name)
	typ := map[string]string{"bool": "TypeBool", "integer": "TypeInt", "real": "TypeReal",
		"string": "TypeString", "enum": "TypeEnum"}[r.VarType]
	if typ == "" {
		log.Fatalf("%s: unknown vartype %q", r.Name, r.VarType)
	}
	fmt.Fprintf(b, "Type: %s,\n", typ)
	ctx := map[string]string{"internal": "ContextInternal", "postmaster": "ContextPostmaster", "sighup": "ContextSighup",
		"superuser-backend": "ContextSuperuserBackend", "backend": "ContextBackend", "superuser": "ContextSuperuser", "user": "ContextUser"}[r.Context]
	if ctx == "" {
		log.Fatalf("%s: unknown context %q", r.Name, r.Context)
	}
	fmt.Fprintf(b, "Context: %s,\n", ctx)
	fmt.Fprintf(b, "Category: %q,\n", r.Category)
	fmt.Fprintf(b, "ShortDesc: %q,\n", r.ShortDesc)
	if r.ExtraDesc != nil {
		fmt.Fprintf(b, "ExtraDesc: %q,\n", *r.ExtraDesc)
	}
	if r.Unit != nil {
		u := map[string]string{"B": "UnitBytes", "kB": "UnitKB", "MB": "UnitMB", "8kB": "UnitBlocks",
			"ms": "UnitMS", "s": "UnitS", "min": "UnitMin"}[*r.Unit]
		if u == "" {
			log.Fatalf("%s: unknown unit %q", r.Name, *r.Unit)
		}
		fmt.Fprintf(b, "Unit: %s,\n", u)
	}
	if r.MinVal != nil {
		fmt.Fprintf(b, "Min: %s,\n", num(*r.MinVal))
		fmt.Fprintf(b, "Max: %s,\n", num(*r.MaxVal))
	}
	boot := r.BootVal
	if o, ok := bootOverride[r.Name]; ok {
		boot = &o
	}
	if boot == nil {
		b.WriteString("BootNull: true,\n")
	} else {
		fmt.Fprintf(b, "Boot: %q,\n", *boot)
	}
	if r.VarType == "enum" {
		fmt.Fprintf(b, "EnumVals: %#v,\n", r.EnumVals)
		var aliases []string
		if p := probe[r.Name]; p != nil {
			var inputs []string
			for in := range p {
				inputs = append(inputs, in)
			}
			sort.Strings(inputs)
			for _, in := range inputs {
				shown := p[in]
				visible := contains(r.EnumVals, in)
				// transaction_isolation is forced to its default by an
				// override source, so -C always shows "read committed".
				if r.Name == "transaction_isolation" && visible {
					continue
				}
				if visible && shown == in {
					continue
				}
				aliases = append(aliases, fmt.Sprintf("{%q, %q}", in, shown))
			}
		}
		if len(aliases) > 0 {
			fmt.Fprintf(b, "EnumAliases: []EnumAlias{%s},\n", strings.Join(aliases, ", "))
		}
	}
	var flags []string
	for _, f := range r.Flags {
		flags = append(flags, f)
	}
	flags = append(flags, r.extraFlags...)
	flags = append(flags, supplementFlags[r.Name]...)
	if superOnly[r.Name] {
		flags = append(flags, "SUPERUSER_ONLY")
	}
	if len(flags) > 0 {
		seen := map[string]bool{}
		var names []string
		for _, f := range flags {
			if seen[f] {
				continue
			}
			seen[f] = true
			names = append(names, flagName(f))
		}
		sort.Strings(names)
		fmt.Fprintf(b, "Flags: %s,\n", strings.Join(names, " | "))
	}
	b.WriteString("},\n")
}

func flagName(f string) string {
	n := map[string]string{
		"EXPLAIN": "FlagExplain", "NO_RESET_ALL": "FlagNoResetAll", "NO_SHOW_ALL": "FlagNoShowAll",
		"NOT_IN_SAMPLE": "FlagNotInSample", "RUNTIME_COMPUTED": "FlagRuntimeComputed",
		"REPORT": "FlagReport", "LIST_INPUT": "FlagListInput", "LIST_QUOTE": "FlagListQuote",
		"IS_NAME": "FlagIsName", "DISALLOW_IN_FILE": "FlagDisallowInFile",
		"DISALLOW_IN_AUTO_FILE": "FlagDisallowInAutoFile", "SUPERUSER_ONLY": "FlagSuperuserOnly",
		"NOT_WHILE_SEC_REST": "FlagNotWhileSecRest",
	}[f]
	if n == "" {
		log.Fatalf("unknown flag %q", f)
	}
	return n
}

// num renders a pg_settings min/max as a Go constant. pg_settings prints
// reals with %g, so DBL_MAX arrives as 1.79769e+308 and is mapped back.
func num(s string) string {
	if s == "1.79769e+308" {
		return "math.MaxFloat64"
	}
	if s == "-1.79769e+308" {
		return "-math.MaxFloat64"
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		log.Fatalf("bad number %q", s)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func lines(path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// gucLess is guc.c's guc_name_compare: ASCII case-insensitive.
func gucLess(a, b string) bool {
	return strings.ToLower(a) < strings.ToLower(b)
}
