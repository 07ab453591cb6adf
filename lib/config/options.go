// options.go moves settings between processes and parses the options a
// client sends: the start-up packet's "options" string (pg_split_opts and
// the backend's switch parsing), and the postmaster's settings that its
// re-executed children must inherit (EXEC_BACKEND's config_exec_params).

package config

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// SplitOptions is pg_split_opts: options are separated by whitespace, and
// a backslash makes the next character (a space, or a backslash) literal.
func SplitOptions(s string) []string {
	var out []string
	i := 0
	for {
		for i < len(s) && isCSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return out
		}
		var b strings.Builder
		escape := false
		for i < len(s) {
			c := s[i]
			if isCSpace(c) && !escape {
				break
			}
			if !escape && c == '\\' {
				escape = true
			} else {
				escape = false
				b.WriteByte(c)
			}
			i++
		}
		out = append(out, b.String())
	}
}

// ParseOptionsString turns the start-up packet's options field into the
// settings it asks for, as a backend's process_postgres_switches does for
// an untrusted (client) source: "-c name=value", "--name=value" (dashes in
// the name become underscores) and the single-letter switches that map to
// parameters (-B, -d, -e, -F, -f, -h, -i, -k, -l, -N, -O, -P, -p, -S, -s,
// -t, -W). Apply the result with Set(name, value, ContextBackend or ContextSuperuserBackend,
// SourceClient).
func ParseOptionsString(s string) ([]NameValue, error) {
	args := SplitOptions(s)
	var out []NameValue
	add := func(name, val string) { out = append(out, NameValue{name, val}) }
	bad := func(arg string) error {
		return pgerr.Newf(pgerr.SyntaxError, "invalid command-line argument for server process: %s", arg).
			WithHint("Try \"%s --help\" for more information.", "gpostgres")
	}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if len(arg) < 2 || arg[0] != '-' {
			return nil, bad(arg)
		}
		// getopt: a cluster of flags, the last of which may take an argument
		// either attached or as the next word.
		for j := 1; j < len(arg); j++ {
			flag := arg[j]
			takesArg := strings.IndexByte("BcCDdfhkNprStvW-", flag) >= 0
			var optarg string
			if takesArg {
				if j+1 < len(arg) {
					optarg = arg[j+1:]
				} else if i+1 < len(args) {
					i++
					optarg = args[i]
				} else {
					return nil, bad(arg)
				}
				j = len(arg)
			}
			switch flag {
			case 'B':
				add("shared_buffers", optarg)
			case 'd':
				n, _, _, _ := strtol(optarg)
				out = append(out, debugOptions(n)...)
			case 'e':
				add("datestyle", "euro")
			case 'F':
				add("fsync", "false")
			case 'f':
				p := planDisablingOption(optarg)
				if p == "" {
					return nil, bad(arg)
				}
				add(p, "false")
			case 'h':
				add("listen_addresses", optarg)
			case 'i':
				add("listen_addresses", "*")
			case 'k':
				add("unix_socket_directories", optarg)
			case 'l':
				add("ssl", "true")
			case 'N':
				add("max_connections", optarg)
			case 'O':
				add("allow_system_table_mods", "true")
			case 'P':
				add("ignore_system_indexes", "true")
			case 'p':
				add("port", optarg)
			case 'S':
				add("work_mem", optarg)
			case 's':
				add("log_statement_stats", "true")
			case 't':
				p := statsOptionName(optarg)
				if p == "" {
					return nil, bad(arg)
				}
				add(p, "true")
			case 'W':
				add("post_auth_delay", optarg)
			case 'c', '-':
				name, val, ok := ParseLongOption(optarg)
				if !ok {
					if flag == '-' {
						return nil, pgerr.Newf(pgerr.SyntaxError, "--%s requires a value", optarg)
					}
					return nil, pgerr.Newf(pgerr.SyntaxError, "-c %s requires a value", optarg)
				}
				add(name, val)
			case 'b', 'C', 'D', 'E', 'j', 'n', 'r', 'T', 'v':
				// Ignored, or honoured only from the server's own command
				// line.
			default:
				return nil, bad(arg)
			}
		}
	}
	return out, nil
}

// ParseLongOption splits "name=value" and turns dashes in the name into
// underscores; ok is false when there is no '='.
func ParseLongOption(s string) (name, val string, ok bool) {
	name, val, ok = strings.Cut(s, "=")
	return strings.ReplaceAll(name, "-", "_"), val, ok
}

// debugOptions is set_debug_options for a backend: -d n.
func debugOptions(n int64) []NameValue {
	var out []NameValue
	if n > 0 {
		out = append(out, NameValue{"log_min_messages", "debug" + strconv.FormatInt(n, 10)})
	} else {
		out = append(out, NameValue{"log_min_messages", "notice"})
	}
	if n >= 2 {
		out = append(out, NameValue{"log_statement", "all"})
	}
	if n >= 3 {
		out = append(out, NameValue{"debug_print_parse", "true"})
	}
	if n >= 4 {
		out = append(out, NameValue{"debug_print_plan", "true"})
	}
	if n >= 5 {
		out = append(out, NameValue{"debug_print_rewritten", "true"})
	}
	return out
}

func planDisablingOption(arg string) string {
	if arg == "" {
		return ""
	}
	return map[byte]string{'s': "enable_seqscan", 'i': "enable_indexscan", 'o': "enable_indexonlyscan",
		'b': "enable_bitmapscan", 't': "enable_tidscan", 'n': "enable_nestloop",
		'm': "enable_mergejoin", 'h': "enable_hashjoin"}[arg[0]]
}

func statsOptionName(arg string) string {
	switch {
	case strings.HasPrefix(arg, "pa"):
		return "log_parser_stats"
	case strings.HasPrefix(arg, "pl"):
		return "log_planner_stats"
	case strings.HasPrefix(arg, "e"):
		return "log_executor_stats"
	}
	return ""
}

// CommandLineOptions returns the settings a child process must apply over
// the configuration file to see what the postmaster sees: every value
// whose source is the command line or higher (including the file
// locations, set with source override), in raw form.
func (s *Settings) CommandLineOptions() []NameValue {
	var out []NameValue
	s.forEach(func(v *variable) {
		if v.source >= SourceCommandLine && !v.cur.null {
			out = append(out, NameValue{v.p.Name, rawValue(v)})
		}
	})
	return out
}

// ApplyOptions applies settings from another process with source src,
// each in the context its parameter allows at server start.
func (s *Settings) ApplyOptions(opts []NameValue, src Source) error {
	for _, o := range opts {
		ctx := ContextPostmaster
		if p, ok := s.Lookup(o.Name); ok && p.Context == ContextInternal {
			ctx = ContextInternal
		}
		if err := s.Set(o.Name, o.Value, ctx, src); err != nil {
			return err
		}
	}
	return nil
}

// EncodeOptions and DecodeOptions carry NameValue lists through an
// environment variable or a file.
func EncodeOptions(opts []NameValue) string {
	b, _ := json.Marshal(opts)
	return string(b)
}

// DecodeOptions is the inverse of EncodeOptions.
func DecodeOptions(s string) ([]NameValue, error) {
	var opts []NameValue
	if err := json.Unmarshal([]byte(s), &opts); err != nil {
		return nil, fmt.Errorf("config: bad options encoding: %w", err)
	}
	return opts, nil
}

// ExportedSetting is one non-default parameter with everything a child
// needs to reproduce it exactly: value, source, context, file position.
type ExportedSetting struct {
	Name       string  `json:"name"`
	Value      string  `json:"value"` // a NULL string travels as ""
	Source     Source  `json:"source"`
	Context    Context `json:"context"`
	SourceFile string  `json:"file,omitempty"`
	SourceLine int     `json:"line,omitempty"`
	// PendingRestart: the configuration file asks for another value that
	// needs a restart (a forked PostgreSQL child inherits the flag).
	PendingRestart bool `json:"pending,omitempty"`
}

// Export is write_nondefault_variables: every parameter not at its boot
// value's source, so that a re-executed child can Import the postmaster's
// exact state instead of re-reading files that may have changed since.
func (s *Settings) Export() []ExportedSetting {
	var out []ExportedSetting
	s.forEach(func(v *variable) {
		if v.source == SourceDefault && !v.pendingRestart {
			return
		}
		e := ExportedSetting{Name: v.p.Name, Source: v.source, Context: v.scontext,
			SourceFile: v.sourceFile, SourceLine: v.sourceLine, PendingRestart: v.pendingRestart}
		e.Value = rawValue(v)
		out = append(out, e)
	})
	return out
}

// Import is read_nondefault_variables: it applies an Export from the
// postmaster in a child process.
func (s *Settings) Import(settings []ExportedSetting) error {
	for _, e := range settings {
		if e.Source == SourceDefault {
			// Still at its default, exported for its pending_restart flag.
			if v, _ := s.find(e.Name, false); v != nil {
				v.pendingRestart = e.PendingRestart
			}
			continue
		}
		val := e.Value
		if _, err := s.setOption(e.Name, &val, e.Context, e.Source, ActionSet, true, true); err != nil {
			return err
		}
		if v, _ := s.find(e.Name, false); v != nil {
			v.sourceFile, v.sourceLine = e.SourceFile, e.SourceLine
			v.pendingRestart = e.PendingRestart
		}
	}
	return nil
}

// EncodeExport and DecodeExport carry an Export through an environment
// variable or a file.
func EncodeExport(settings []ExportedSetting) string {
	b, _ := json.Marshal(settings)
	return string(b)
}

// DecodeExport is the inverse of EncodeExport.
func DecodeExport(s string) ([]ExportedSetting, error) {
	var out []ExportedSetting
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("config: bad settings encoding: %w", err)
	}
	return out, nil
}
