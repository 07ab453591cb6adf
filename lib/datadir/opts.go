// postmaster.opts: the command line the running server was started with, so
// that "gpctl restart" can start it again the same way. The format is
// PostgreSQL's CreateOptsFile: one line, the executable's path followed by
// each argument in double quotes.

package datadir

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// OptsFilePath returns the path of dir/postmaster.opts.
func OptsFilePath(dir string) string { return filepath.Join(dir, OptsFileName) }

// WritePostmasterOpts writes dir/postmaster.opts from the server's command
// line (os.Args). The program is recorded as an absolute path, as
// PostgreSQL records my_exec_path, because gpctl restart runs whatever
// program this line names: a relative commandLine[0] is replaced by the
// running executable's resolved path. The file is left in place at
// shutdown, which is what lets restart work after a stop.
func WritePostmasterOpts(dir string, commandLine []string) error {
	if len(commandLine) == 0 {
		return pgerr.New(pgerr.InternalError, "empty command line for postmaster.opts")
	}
	prog := commandLine[0]
	if !filepath.IsAbs(prog) {
		if exe, err := os.Executable(); err == nil {
			if resolved, err := filepath.EvalSymlinks(exe); err == nil {
				exe = resolved
			}
			prog = exe
		}
	}
	var b strings.Builder
	b.WriteString(prog)
	for _, a := range commandLine[1:] {
		b.WriteString(" \"")
		b.WriteString(escapeDoubleQuoted(a))
		b.WriteString("\"")
	}
	b.WriteString("\n")
	path := OptsFilePath(dir)
	if err := os.WriteFile(path, []byte(b.String()), DirPerms(dir).File); err != nil {
		return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not write file \"%s\": %s", OptsFileName, Strerror(err))
	}
	return nil
}

// escapeDoubleQuoted escapes the characters a POSIX shell interprets inside
// double quotes. PostgreSQL writes arguments unescaped; for ordinary
// arguments the output is the same, and unusual ones still read back.
func escapeDoubleQuoted(s string) string {
	if !strings.ContainsAny(s, "\"\\$`") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\"\\$`", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ReadPostmasterOpts reads dir/postmaster.opts and splits it as pg_ctl
// does: the program is everything before the first ` "`, the options are
// the rest, split by shell rules. The raw line is returned too (gpctl
// status prints it). A file that does not have exactly one line is an
// error, as in pg_ctl.
func ReadPostmasterOpts(dir string) (line, prog string, args []string, err error) {
	data, err := os.ReadFile(OptsFilePath(dir))
	if err != nil {
		return "", "", nil, err
	}
	text := strings.TrimSuffix(string(data), "\n")
	if text == "" || strings.Contains(text, "\n") {
		return "", "", nil, ErrOptsFileLines
	}
	prog, rest, found := strings.Cut(text, " \"")
	if found {
		args, err = SplitArgs("\"" + rest)
		if err != nil {
			return "", "", nil, err
		}
	}
	return text, prog, args, nil
}

// ErrOptsFileLines is returned by ReadPostmasterOpts for a file that does
// not contain exactly one line.
var ErrOptsFileLines = errors.New("option file must have exactly one line")

// SplitArgs splits s into words by POSIX shell quoting rules (blanks
// separate words; single quotes quote everything; double quotes quote
// everything but \ before " \ $ ` and newline; a backslash outside quotes
// quotes the next character). pg_ctl hands its -o string and
// postmaster.opts to /bin/sh; gpctl splits them itself and runs no shell,
// so variables and globs are not expanded.
func SplitArgs(s string) ([]string, error) {
	var (
		args    []string
		cur     strings.Builder
		inWord  bool
		rs      = []rune(s)
		errOpen = errors.New("unterminated quoted string")
	)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		case r == '\'':
			inWord = true
			j := i + 1
			for j < len(rs) && rs[j] != '\'' {
				j++
			}
			if j >= len(rs) {
				return nil, errOpen
			}
			cur.WriteString(string(rs[i+1 : j]))
			i = j
		case r == '"':
			inWord = true
			j := i + 1
			for ; j < len(rs) && rs[j] != '"'; j++ {
				if rs[j] == '\\' && j+1 < len(rs) && strings.ContainsRune("\"\\$`\n", rs[j+1]) {
					j++
					if rs[j] == '\n' {
						continue
					}
				}
				cur.WriteRune(rs[j])
			}
			if j >= len(rs) {
				return nil, errOpen
			}
			i = j
		case r == '\\':
			inWord = true
			if i+1 < len(rs) {
				i++
				if rs[i] != '\n' {
					cur.WriteRune(rs[i])
				}
			}
		default:
			inWord = true
			cur.WriteRune(r)
		}
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}
