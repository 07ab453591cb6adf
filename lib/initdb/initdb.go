// The gpinitdb program: option checks, the progress report and the steps
// that build a data directory, in the order and with the messages of
// PostgreSQL 15's initdb (src/bin/initdb/initdb.c).

package initdb

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/cli"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/share"
	"golang.org/x/sys/unix"
)

// Prog is the program name used in messages.
const Prog = "gpinitdb"

// Options are gpinitdb's command-line options (initdb's).
type Options struct {
	DataDir string // -D/--pgdata or the positional argument; PGDATA otherwise
	WALDir  string // -X/--waldir: absolute path; pg_wal becomes a link to it

	Username string // -U: bootstrap superuser; the OS user by default
	Encoding string // -E: only UTF8 is supported

	Locale                    string // --locale
	NoLocale                  bool   // --no-locale: --locale=C
	LcCollate, LcCtype        string // --lc-collate, --lc-ctype
	LcMessages, LcMonetary    string // --lc-messages, --lc-monetary
	LcNumeric, LcTime         string // --lc-numeric, --lc-time
	LocaleProvider, ICULocale string // --locale-provider, --icu-locale
	TextSearchConfig          string // -T

	Auth, AuthLocal, AuthHost string // -A, --auth-local, --auth-host

	PwFile   string // --pwfile
	PwPrompt bool   // -W

	DataChecksums    bool   // -k
	AllowGroupAccess bool   // -g
	WALSegSize       string // --wal-segsize, in MB; only 16 is supported

	NoSync         bool   // -N
	SyncOnly       bool   // -S
	NoClean        bool   // -n
	NoInstructions bool   // --no-instructions
	ShareDir       string // -L: where the samples are; see defaultShareDir
	Debug          bool   // -d: accepted, no effect
	Show           bool   // -s: print internal settings and exit

	// Argv0 is how gpinitdb was invoked; the closing instructions name
	// gpctl in the same directory.
	Argv0 string

	Stdout, Stderr io.Writer
	Getenv         func(string) string // os.Getenv when nil
}

// Valid authentication methods (initdb's auth_methods_host/local for a
// Linux build with GSSAPI, PAM and LDAP, as Debian's).
var (
	authMethodsHost  = []string{"trust", "reject", "scram-sha-256", "md5", "password", "ident", "radius", "gss", "pam", "ldap", "cert"}
	authMethodsLocal = []string{"trust", "reject", "scram-sha-256", "md5", "password", "peer", "radius", "pam", "ldap"}
)

// run holds the state of one gpinitdb invocation.
type run struct {
	o      Options
	out    io.Writer
	errw   io.Writer
	getenv func(string) string

	pgdata       string // canonical data directory path, as messages show it
	pgdataNative string // as given, for the closing instructions
	perms        datadir.Perms

	madeNewPgdata, foundExistingPgdata bool
	madeNewWAL, foundExistingWAL       bool
	success                            bool
}

func (r *run) errorf(format string, args ...any) {
	fmt.Fprintf(r.errw, "%s: error: %s\n", Prog, fmt.Sprintf(format, args...))
}
func (r *run) detail(format string, args ...any) {
	fmt.Fprintf(r.errw, "%s: detail: %s\n", Prog, fmt.Sprintf(format, args...))
}
func (r *run) hint(format string, args ...any) {
	fmt.Fprintf(r.errw, "%s: hint: %s\n", Prog, fmt.Sprintf(format, args...))
}
func (r *run) warning(format string, args ...any) {
	fmt.Fprintf(r.errw, "%s: warning: %s\n", Prog, fmt.Sprintf(format, args...))
}
func (r *run) info(format string, args ...any) {
	fmt.Fprintf(r.errw, "%s: %s\n", Prog, fmt.Sprintf(format, args...))
}

// fatal reports an error and returns the exit code 1 as an error.
func (r *run) fatal(format string, args ...any) error {
	r.errorf(format, args...)
	return cli.Exit(1)
}

// Run executes gpinitdb. It returns nil on success or a *cli.ExitError
// whose messages have been printed. On failure after the data directory
// was created or emptied, it removes what it made (unless -n).
func Run(o Options) error {
	r := &run{o: o, out: o.Stdout, errw: o.Stderr, getenv: o.Getenv}
	if r.out == nil {
		r.out = os.Stdout
	}
	if r.errw == nil {
		r.errw = os.Stderr
	}
	if r.getenv == nil {
		r.getenv = os.Getenv
	}
	err := r.main()
	if err != nil && !r.success {
		r.cleanup()
	}
	return err
}

func (r *run) main() error {
	o := &r.o
	if o.Show {
		// initdb -s prints its compiled-in paths and settings.
		fmt.Fprintf(r.errw, "VERSION=%s\nPGDATA=%s\nshare_path=%s\nPGPATH=%s\n", cli.Version, o.DataDir, o.ShareDir, filepath.Dir(o.Argv0))
	}
	if o.SyncOnly {
		if err := r.setupPgdata(); err != nil {
			return err
		}
		if _, err := os.ReadDir(r.pgdata); err != nil {
			return r.fatal("could not access directory \"%s\": %s", r.pgdata, datadir.Strerror(err))
		}
		fmt.Fprint(r.out, "syncing data to disk ... ")
		if err := datadir.FsyncTree(r.pgdata); err != nil {
			return r.fatal("%s", err)
		}
		fmt.Fprintln(r.out, "ok")
		return nil
	}
	if o.PwPrompt && o.PwFile != "" {
		return r.fatal("password prompt and password file cannot be specified together")
	}

	authWarning := false
	if o.AuthLocal == "" {
		o.AuthLocal = o.Auth
	}
	if o.AuthHost == "" {
		o.AuthHost = o.Auth
	}
	if o.AuthLocal == "" {
		o.AuthLocal, authWarning = "trust", true
	}
	if o.AuthHost == "" {
		o.AuthHost, authWarning = "trust", true
	}
	if !validAuth(o.AuthLocal, authMethodsLocal) {
		return r.fatal("invalid authentication method \"%s\" for \"%s\" connections", o.AuthLocal, "local")
	}
	if !validAuth(o.AuthHost, authMethodsHost) {
		return r.fatal("invalid authentication method \"%s\" for \"%s\" connections", o.AuthHost, "host")
	}
	if isPasswordAuth(o.AuthLocal) && isPasswordAuth(o.AuthHost) && !o.PwPrompt && o.PwFile == "" {
		return r.fatal("must specify a password for the superuser to enable password authentication")
	}

	if o.WALSegSize != "" {
		n, err := strconv.Atoi(o.WALSegSize)
		if err != nil {
			return r.fatal("argument of --wal-segsize must be a number")
		}
		if n < 1 || n > 1024 || n&(n-1) != 0 {
			return r.fatal("argument of --wal-segsize must be a power of 2 between 1 and 1024")
		}
		if n<<20 != datadir.WALSegmentSize {
			r.errorf("WAL segment size %d MB is not supported", n)
			r.hint("gpostgres supports only the default WAL segment size of %d MB for now.", datadir.WALSegmentSize>>20)
			return cli.Exit(1)
		}
	}

	if err := r.setupPgdata(); err != nil {
		return err
	}

	effectiveUser, err := osUser()
	if err != nil {
		return r.fatal("could not obtain information about current user: %s", err)
	}
	if o.Username == "" {
		o.Username = effectiveUser
	}
	if strings.HasPrefix(o.Username, "pg_") {
		return r.fatal("superuser name \"%s\" is disallowed; role names cannot begin with \"pg_\"", o.Username)
	}

	fmt.Fprintf(r.out, "The files belonging to this database system will be owned by user \"%s\".\n"+
		"This user must also own the server process.\n\n", effectiveUser)

	shareDir := o.ShareDir
	if shareDir == "" {
		shareDir = defaultShareDir()
	} else if _, err := os.Stat(shareDir); err != nil {
		return r.fatal("could not access directory \"%s\": %s", shareDir, datadir.Strerror(err))
	}
	samples := map[string][]byte{}
	for _, name := range []string{share.PostgresqlConfSample, share.HBAConfSample, share.IdentConfSample} {
		b, err := readSample(shareDir, name)
		if err != nil {
			return r.fatal("could not open file \"%s\" for reading: %s", filepath.Join(shareDir, name), datadir.Strerror(err))
		}
		samples[name] = b
	}

	loc, encoding, err := r.setupLocaleEncoding()
	if err != nil {
		return err
	}
	tsConfig := r.setupTextSearch(loc.Ctype)

	fmt.Fprintln(r.out)
	if o.DataChecksums {
		fmt.Fprintln(r.out, "Data page checksums are enabled.")
	} else {
		fmt.Fprintln(r.out, "Data page checksums are disabled.")
	}
	if o.PwPrompt || o.PwFile != "" {
		if err := r.superuserPassword(); err != nil {
			return err
		}
	}
	fmt.Fprintln(r.out)

	if err := r.initializeDataDirectory(samples, loc, encoding, tsConfig); err != nil {
		return err
	}

	if !o.NoSync {
		fmt.Fprint(r.out, "syncing data to disk ... ")
		if err := datadir.FsyncTree(r.pgdata); err != nil {
			return r.fatal("%s", err)
		}
		fmt.Fprintln(r.out, "ok")
	} else {
		fmt.Fprint(r.out, "\nSync to disk skipped.\nThe data directory might become corrupt if the operating system crashes.\n")
	}

	if authWarning {
		fmt.Fprintln(r.out)
		r.warning("enabling \"trust\" authentication for local connections")
		r.hint("You can change this by editing pg_hba.conf or using the option -A, or --auth-local and --auth-host, the next time you run %s.", Prog)
	}

	if !o.NoInstructions {
		fmt.Fprintf(r.out, "\nSuccess. You can now start the database server using:\n\n    %s\n\n", r.startCommand())
	}
	r.success = true
	return nil
}

// setupPgdata finds the data directory (-D or PGDATA) and sets the
// permissions new files get.
func (r *run) setupPgdata() error {
	if r.o.DataDir == "" {
		r.o.DataDir = r.getenv("PGDATA")
	}
	if r.o.DataDir == "" {
		r.errorf("no data directory specified")
		r.hint("You must identify the directory where the data for this database system will reside.  Do this with either the invocation option -D or the environment variable PGDATA.")
		return cli.Exit(1)
	}
	r.pgdataNative = r.o.DataDir
	r.pgdata = canonicalizePath(r.o.DataDir)
	mode := datadir.DirModeOwner
	if r.o.AllowGroupAccess {
		mode = datadir.DirModeGroup
	}
	r.perms = datadir.PermsFromMode(mode)
	return nil
}

// canonicalizePath is PostgreSQL's canonicalize_path for Unix paths:
// repeated and trailing slashes and "." components go; ".." is kept.
func canonicalizePath(p string) string {
	if p == "" {
		return p
	}
	abs := strings.HasPrefix(p, "/")
	var parts []string
	for _, c := range strings.Split(p, "/") {
		if c == "" || c == "." {
			continue
		}
		parts = append(parts, c)
	}
	s := strings.Join(parts, "/")
	if abs {
		return "/" + s
	}
	if s == "" {
		return "."
	}
	return s
}

func validAuth(method string, valid []string) bool {
	for _, v := range valid {
		// A method may carry options after a space ("pam servicename").
		if method == v || strings.HasPrefix(method, v+" ") {
			return true
		}
	}
	return false
}

func isPasswordAuth(m string) bool {
	return m == "md5" || m == "password" || m == "scram-sha-256"
}

// osUser is initdb's get_id: the effective user's name.
func osUser() (string, error) {
	u, err := user.Current()
	if err != nil {
		return "", err
	}
	return u.Username, nil
}

// setupLocaleEncoding resolves the locale categories and the encoding and
// prints initdb's lines about them.
func (r *run) setupLocaleEncoding() (localeSettings, string, error) {
	o := &r.o
	if o.NoLocale {
		o.Locale = "C"
	}
	if o.LocaleProvider != "" && o.LocaleProvider != "libc" {
		if o.LocaleProvider == "icu" {
			return localeSettings{}, "", r.fatal("ICU is not supported in this build")
		}
		return localeSettings{}, "", r.fatal("unrecognized locale provider: %s", o.LocaleProvider)
	}
	if o.ICULocale != "" {
		return localeSettings{}, "", r.fatal("ICU locale cannot be specified unless locale provider \"icu\" is chosen")
	}
	installed := installedLocales()
	pick := func(explicit, category string) (string, error) {
		name, fromEnv := explicit, false
		if name == "" {
			name = o.Locale
		}
		if name == "" {
			name, fromEnv = envLocale(r.getenv, category), true
		}
		if installed != nil && !installed[normLocale(name)] {
			if fromEnv {
				return "", r.fatal("invalid locale settings; check LANG and LC_* environment variables")
			}
			return "", r.fatal("invalid locale name \"%s\"", name)
		}
		return name, nil
	}
	var loc localeSettings
	var err error
	for _, c := range []struct {
		dst      *string
		explicit string
		category string
	}{
		{&loc.Ctype, o.LcCtype, "LC_CTYPE"},
		{&loc.Collate, o.LcCollate, "LC_COLLATE"},
		{&loc.Numeric, o.LcNumeric, "LC_NUMERIC"},
		{&loc.Time, o.LcTime, "LC_TIME"},
		{&loc.Monetary, o.LcMonetary, "LC_MONETARY"},
		{&loc.Messages, o.LcMessages, "LC_MESSAGES"},
	} {
		if *c.dst, err = pick(c.explicit, c.category); err != nil {
			return loc, "", err
		}
	}

	if loc.allSame() {
		fmt.Fprintf(r.out, "The database cluster will be initialized with locale \"%s\".\n", loc.Ctype)
	} else {
		fmt.Fprintf(r.out, "The database cluster will be initialized with this locale configuration:\n"+
			"  provider:    libc\n"+
			"  LC_COLLATE:  %s\n  LC_CTYPE:    %s\n  LC_MESSAGES: %s\n  LC_MONETARY: %s\n  LC_NUMERIC:  %s\n  LC_TIME:     %s\n",
			loc.Collate, loc.Ctype, loc.Messages, loc.Monetary, loc.Numeric, loc.Time)
	}

	codeset := localeCodeset(loc.Ctype)
	if o.Encoding == "" {
		switch codeset {
		case "utf8":
			fmt.Fprintln(r.out, "The default database encoding has accordingly been set to \"UTF8\".")
		case "":
			// PostgreSQL would pick SQL_ASCII for the C locale; gpostgres
			// has only UTF8, which the C locale works with.
			fmt.Fprintln(r.out, "The default database encoding has been set to \"UTF8\".")
		default:
			r.errorf("locale \"%s\" requires unsupported encoding \"%s\"", loc.Ctype, strings.ToUpper(codeset))
			r.detail("Encoding \"%s\" is not supported by gpostgres, which supports only UTF8.", strings.ToUpper(codeset))
			r.hint("Rerun %s with a UTF-8 locale, for example --locale=C.UTF-8.", Prog)
			return loc, "", cli.Exit(1)
		}
		return loc, "UTF8", nil
	}
	enc := normalizeEncoding(o.Encoding)
	if enc == "" {
		return loc, "", r.fatal("\"%s\" is not a valid server encoding name", o.Encoding)
	}
	if enc != "UTF8" {
		r.errorf("encoding \"%s\" is not supported", enc)
		r.hint("gpostgres supports only the UTF8 encoding for now.")
		return loc, "", cli.Exit(1)
	}
	if codeset != "" && codeset != "utf8" {
		r.errorf("encoding mismatch")
		r.detail("The encoding you selected (%s) and the encoding that the selected locale uses (%s) do not match. This would lead to misbehavior in various character string processing functions.", enc, strings.ToUpper(codeset))
		r.hint("Rerun %s and either do not specify an encoding explicitly, or choose a matching combination.", Prog)
		return loc, "", cli.Exit(1)
	}
	return loc, enc, nil
}

// setupTextSearch picks the default text search configuration and prints
// it, warning when -T does not match the locale.
func (r *run) setupTextSearch(ctype string) string {
	cfg := r.o.TextSearchConfig
	match := matchingTSConfig(ctype)
	if cfg == "" {
		cfg = match
		if cfg == "" {
			r.info("could not find suitable text search configuration for locale \"%s\"", ctype)
			cfg = "simple"
		}
	} else if match == "" {
		r.warning("suitable text search configuration for locale \"%s\" is unknown", ctype)
	} else if match != cfg {
		r.warning("specified text search configuration \"%s\" might not match locale \"%s\"", cfg, ctype)
	}
	fmt.Fprintf(r.out, "The default text search configuration will be set to \"%s\".\n", cfg)
	return cfg
}

// superuserPassword reads the password from --pwfile or the terminal, with
// initdb's checks. gpostgres cannot store it yet: password authentication
// arrives with the pg_authid catalog, so it is read, checked and dropped.
func (r *run) superuserPassword() error {
	var pw string
	if r.o.PwPrompt {
		p1, err := cli.PromptPassword("Enter new superuser password: ")
		if err != nil {
			return r.fatal("could not read password: %s", err)
		}
		p2, err := cli.PromptPassword("Enter it again: ")
		if err != nil {
			return r.fatal("could not read password: %s", err)
		}
		if p1 != p2 {
			fmt.Fprintln(r.errw, "Passwords didn't match.")
			return cli.Exit(1)
		}
		pw = p1
	} else {
		b, err := os.ReadFile(r.o.PwFile)
		if err != nil {
			return r.fatal("could not open file \"%s\" for reading: %s", r.o.PwFile, datadir.Strerror(err))
		}
		line, _, _ := strings.Cut(string(b), "\n")
		pw = strings.TrimRight(line, "\r")
		if pw == "" {
			return r.fatal("password file \"%s\" is empty", r.o.PwFile)
		}
	}
	_ = pw
	r.warning("the superuser password is not stored: gpostgres does not support password authentication yet")
	return nil
}

// checkDir is PostgreSQL's pg_check_dir: 0 missing, 1 empty, 2 only
// dot-files, 3 only lost+found (and dot-files), 4 not empty, -1 error.
func checkDir(dir string) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, nil
		}
		return -1, err
	}
	dot, mount := false, false
	for _, e := range entries {
		switch {
		case strings.HasPrefix(e.Name(), "."):
			dot = true
		case e.Name() == "lost+found":
			mount = true
		default:
			return 4, nil
		}
	}
	switch {
	case dot:
		return 2, nil
	case mount:
		return 3, nil
	}
	return 1, nil
}

// warnOnMountPoint explains a directory that holds only dot-files or
// lost+found.
func (r *run) warnOnMountPoint(code int) {
	if code == 2 {
		r.detail("It contains a dot-prefixed/invisible file, perhaps due to it being a mount point.")
	} else if code == 3 {
		r.detail("It contains a lost+found directory, perhaps due to it being a mount point.")
	}
	r.hint("Using a mount point directly as the data directory is not recommended.\nCreate a subdirectory under the mount point.")
}

// initializeDataDirectory creates the directory tree and files.
func (r *run) initializeDataDirectory(samples map[string][]byte, loc localeSettings, encoding, tsConfig string) error {
	// Everything created from here on gets the data directory's modes.
	oldUmask := setUmask(r.perms.Umask)
	defer setUmask(oldUmask)

	if err := r.createDataDirectory(); err != nil {
		return err
	}
	if err := r.createWALDir(); err != nil {
		return err
	}

	fmt.Fprint(r.out, "creating subdirectories ... ")
	for _, sub := range datadir.Subdirectories {
		p := filepath.Join(r.pgdata, sub)
		if err := os.MkdirAll(p, r.perms.Dir); err != nil {
			fmt.Fprintln(r.out)
			return r.fatal("could not create directory \"%s\": %s", p, datadir.Strerror(err))
		}
	}
	fmt.Fprintln(r.out, "ok")

	// The top-level PG_VERSION first: it is what marks the directory as a
	// data directory.
	if err := datadir.WriteVersionFile(r.pgdata, r.perms.File); err != nil {
		return r.fatal("%s", err)
	}

	// PostgreSQL measures what the machine allows by starting bootstrap
	// backends with decreasing settings; gpostgres's defaults always fit.
	const maxConnections, sharedBuffers, dsmType = 100, "128MB", "posix"
	fmt.Fprintf(r.out, "selecting dynamic shared memory implementation ... %s\n", dsmType)
	fmt.Fprintf(r.out, "selecting default max_connections ... %d\n", maxConnections)
	fmt.Fprintf(r.out, "selecting default shared_buffers ... %s\n", sharedBuffers)
	tz := defaultTimezone(r.getenv)
	fmt.Fprintf(r.out, "selecting default time zone ... %s\n", tz)

	fmt.Fprint(r.out, "creating configuration files ... ")
	conf := postgresqlConf(samples[share.PostgresqlConfSample], confSettings{
		maxConnections: maxConnections, sharedBuffers: sharedBuffers, dsmType: dsmType,
		minWALSize: "80MB", maxWALSize: "1GB", locale: loc, dateOrder: dateOrder(loc.Time),
		textSearchConfig: tsConfig, timezone: tz, authLocal: r.o.AuthLocal, authHost: r.o.AuthHost,
		groupAccess: r.o.AllowGroupAccess,
	})
	files := []struct{ name, content string }{
		{datadir.ConfigFile, conf},
		{datadir.AutoConfigFile, autoConf},
		{datadir.HBAFile, hbaConf(samples[share.HBAConfSample], r.o.AuthLocal, r.o.AuthHost)},
		{datadir.IdentFile, string(samples[share.IdentConfSample])},
	}
	for _, f := range files {
		p := filepath.Join(r.pgdata, f.name)
		if err := os.WriteFile(p, []byte(f.content), r.perms.File); err != nil {
			fmt.Fprintln(r.out)
			return r.fatal("could not write file \"%s\": %s", p, datadir.Strerror(err))
		}
		if err := os.Chmod(p, r.perms.File); err != nil {
			fmt.Fprintln(r.out)
			return r.fatal("could not change permissions of \"%s\": %s", p, datadir.Strerror(err))
		}
	}
	fmt.Fprintln(r.out, "ok")

	// PostgreSQL's bootstrap creates template1's catalogs and the control
	// file. Here: the control file (state "shut down", as after initdb)
	// and the system catalogs' heap files (lib/catalog).
	fmt.Fprint(r.out, "running bootstrap script ... ")
	cf, err := datadir.NewControlFile(time.Now(), r.o.DataChecksums)
	if err != nil {
		fmt.Fprintln(r.out)
		return r.fatal("%s", err)
	}
	cf.MaxConnections = maxConnections
	// The first WAL segment with the initial shutdown checkpoint, and
	// pg_control pointing at it (BootStrapXLOG).
	if err := xlog.Bootstrap(r.pgdata, cf); err != nil {
		fmt.Fprintln(r.out)
		return r.fatal("%s", err)
	}
	// The commit log's first page, all transactions "in progress", as
	// BootStrapCLOG writes it.
	// Likewise pg_subtrans's first page (BootStrapSUBTRANS); the server
	// zeroes its current page at every start anyway. And the first pages
	// of pg_multixact's offsets and members (BootStrapMultiXact).
	for _, dir := range []string{"pg_xact", "pg_subtrans", "pg_multixact/offsets", "pg_multixact/members"} {
		path := filepath.Join(r.pgdata, dir, "0000")
		if err := os.WriteFile(path, make([]byte, 8192), r.perms.File); err != nil {
			fmt.Fprintln(r.out)
			return r.fatal("could not write file \"%s\": %s", path, datadir.Strerror(err))
		}
	}
	// The catalogs of template1 and its copies template0 and postgres
	// (PostgreSQL's post-bootstrap CREATE DATABASE). No fsync here: the
	// final "syncing data to disk" step covers them, and -N skips both.
	if err := catalog.Bootstrap(r.pgdata, catalog.BootstrapParams{
		Superuser: r.o.Username, Encoding: encoding, Collate: loc.Collate, Ctype: loc.Ctype,
		DataChecksums: r.o.DataChecksums, NoSync: true, FileMode: r.perms.File, DirMode: r.perms.Dir,
	}); err != nil {
		fmt.Fprintln(r.out)
		return r.fatal("%s", err)
	}
	if err := datadir.WriteVersionFile(filepath.Join(r.pgdata, "base", "1"), r.perms.File); err != nil {
		fmt.Fprintln(r.out)
		return r.fatal("%s", err)
	}
	fmt.Fprintln(r.out, "ok")

	// PostgreSQL's post-bootstrap step runs SQL in template1 and copies it
	// into template0 and postgres with CREATE DATABASE; catalog.Bootstrap
	// wrote the copies' catalogs, here are their PG_VERSION files.
	fmt.Fprint(r.out, "performing post-bootstrap initialization ... ")
	for _, oid := range []int{datadir.Template0OID, datadir.PostgresOID} {
		if err := datadir.WriteVersionFile(filepath.Join(r.pgdata, "base", strconv.Itoa(oid)), r.perms.File); err != nil {
			fmt.Fprintln(r.out)
			return r.fatal("%s", err)
		}
	}
	fmt.Fprintln(r.out, "ok")
	return nil
}

// createDataDirectory creates the data directory or adopts an empty one.
func (r *run) createDataDirectory() error {
	code, err := checkDir(r.pgdata)
	switch code {
	case 0:
		fmt.Fprintf(r.out, "creating directory %s ... ", r.pgdata)
		if err := os.MkdirAll(r.pgdata, r.perms.Dir); err != nil {
			fmt.Fprintln(r.out)
			return r.fatal("could not create directory \"%s\": %s", r.pgdata, datadir.Strerror(err))
		}
		fmt.Fprintln(r.out, "ok")
		r.madeNewPgdata = true
	case 1:
		fmt.Fprintf(r.out, "fixing permissions on existing directory %s ... ", r.pgdata)
		if err := os.Chmod(r.pgdata, r.perms.Dir); err != nil {
			fmt.Fprintln(r.out)
			return r.fatal("could not change permissions of directory \"%s\": %s", r.pgdata, datadir.Strerror(err))
		}
		fmt.Fprintln(r.out, "ok")
		r.foundExistingPgdata = true
	case 2, 3, 4:
		r.errorf("directory \"%s\" exists but is not empty", r.pgdata)
		if code != 4 {
			r.warnOnMountPoint(code)
		} else {
			r.hint("If you want to create a new database system, either remove or empty the directory \"%s\" or run %s with an argument other than \"%s\".",
				r.pgdata, Prog, r.pgdata)
		}
		return cli.Exit(1)
	default:
		return r.fatal("could not access directory \"%s\": %s", r.pgdata, datadir.Strerror(err))
	}
	return nil
}

// createWALDir makes pg_wal, or with -X a link named pg_wal to a new or
// empty directory elsewhere.
func (r *run) createWALDir() error {
	link := filepath.Join(r.pgdata, datadir.WALDir)
	if r.o.WALDir == "" {
		if err := os.Mkdir(link, r.perms.Dir); err != nil {
			return r.fatal("could not create directory \"%s\": %s", link, datadir.Strerror(err))
		}
		return nil
	}
	wal := canonicalizePath(r.o.WALDir)
	r.o.WALDir = wal
	if !filepath.IsAbs(wal) {
		return r.fatal("WAL directory location must be an absolute path")
	}
	code, err := checkDir(wal)
	switch code {
	case 0:
		fmt.Fprintf(r.out, "creating directory %s ... ", wal)
		if err := os.MkdirAll(wal, r.perms.Dir); err != nil {
			fmt.Fprintln(r.out)
			return r.fatal("could not create directory \"%s\": %s", wal, datadir.Strerror(err))
		}
		fmt.Fprintln(r.out, "ok")
		r.madeNewWAL = true
	case 1:
		fmt.Fprintf(r.out, "fixing permissions on existing directory %s ... ", wal)
		if err := os.Chmod(wal, r.perms.Dir); err != nil {
			fmt.Fprintln(r.out)
			return r.fatal("could not change permissions of directory \"%s\": %s", wal, datadir.Strerror(err))
		}
		fmt.Fprintln(r.out, "ok")
		r.foundExistingWAL = true
	case 2, 3, 4:
		r.errorf("directory \"%s\" exists but is not empty", wal)
		if code != 4 {
			r.warnOnMountPoint(code)
		} else {
			r.hint("If you want to store the WAL there, either remove or empty the directory \"%s\".", wal)
		}
		return cli.Exit(1)
	default:
		return r.fatal("could not access directory \"%s\": %s", wal, datadir.Strerror(err))
	}
	if err := os.Symlink(wal, link); err != nil {
		return r.fatal("could not create symbolic link \"%s\": %s", link, datadir.Strerror(err))
	}
	return nil
}

// cleanup undoes a failed run, as initdb's cleanup_directories_atexit.
func (r *run) cleanup() {
	if r.o.NoClean {
		if r.madeNewPgdata || r.foundExistingPgdata {
			r.info("data directory \"%s\" not removed at user's request", r.pgdata)
		}
		if r.madeNewWAL || r.foundExistingWAL {
			r.info("WAL directory \"%s\" not removed at user's request", r.o.WALDir)
		}
		return
	}
	if r.madeNewPgdata {
		r.info("removing data directory \"%s\"", r.pgdata)
		if err := os.RemoveAll(r.pgdata); err != nil {
			r.errorf("failed to remove data directory")
		}
	} else if r.foundExistingPgdata {
		r.info("removing contents of data directory \"%s\"", r.pgdata)
		if err := removeContents(r.pgdata); err != nil {
			r.errorf("failed to remove contents of data directory")
		}
	}
	if r.madeNewWAL {
		r.info("removing WAL directory \"%s\"", r.o.WALDir)
		if err := os.RemoveAll(r.o.WALDir); err != nil {
			r.errorf("failed to remove WAL directory")
		}
	} else if r.foundExistingWAL {
		r.info("removing contents of WAL directory \"%s\"", r.o.WALDir)
		if err := removeContents(r.o.WALDir); err != nil {
			r.errorf("failed to remove contents of WAL directory")
		}
	}
}

// setUmask sets the process umask and returns the previous one.
func setUmask(m fs.FileMode) fs.FileMode { return fs.FileMode(unix.Umask(int(m))) }

func removeContents(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// startCommand is the "gpctl -D data -l logfile start" line: gpctl in the
// directory gpinitdb was run from, shell-quoted as initdb quotes it.
func (r *run) startCommand() string {
	ctl := "gpctl"
	if r.o.Argv0 != "" {
		if dir := filepath.Dir(canonicalizePath(r.o.Argv0)); dir != "." {
			ctl = filepath.Join(dir, "gpctl")
		}
	}
	return ShellQuote(ctl) + " -D " + ShellQuote(r.pgdataNative) + " -l logfile start"
}

// ShellQuote quotes s for a POSIX shell the way PostgreSQL's
// appendShellString does: unchanged when made only of safe characters,
// otherwise in single quotes with ' written as '"'"'.
func ShellQuote(s string) string {
	safe := s != ""
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_./:", c)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'"'"'`) + "'"
}
