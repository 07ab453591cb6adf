// Locale, encoding, text search configuration and time zone selection, as
// PostgreSQL's initdb does them (setlocales, setup_locale_encoding,
// setup_text_search, select_default_timezone) but without calling the C
// library: names come from the options or the environment and are checked
// against the system's installed locales.

package initdb

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/gpostgres/gpostgres/lib/mb"
)

// localeSettings are the six libc locale categories a cluster records.
type localeSettings struct {
	Collate, Ctype, Messages, Monetary, Numeric, Time string
}

// allSame reports whether every category has the same locale (initdb then
// prints one line instead of a table).
func (l localeSettings) allSame() bool {
	return l.Collate == l.Ctype && l.Ctype == l.Messages && l.Ctype == l.Monetary &&
		l.Ctype == l.Numeric && l.Ctype == l.Time
}

// envLocale is setlocale(category, "")'s choice: LC_ALL, then the
// category's variable, then LANG, then "C".
func envLocale(getenv func(string) string, category string) string {
	for _, v := range []string{"LC_ALL", category, "LANG"} {
		if s := getenv(v); s != "" {
			return s
		}
	}
	return "C"
}

// installedLocales lists the locales `locale -a` reports, normalized by
// normLocale; nil when they cannot be listed (then every name is accepted).
func installedLocales() map[string]bool {
	out, err := exec.Command("locale", "-a").Output()
	if err != nil {
		return nil
	}
	m := map[string]bool{"c": true, "posix": true}
	for _, l := range strings.Fields(string(out)) {
		m[normLocale(l)] = true
	}
	return m
}

// normLocale folds the spellings glibc treats alike: case, and "UTF-8"
// versus "utf8" in the codeset.
func normLocale(s string) string {
	s = strings.ToLower(s)
	if base, cs, ok := strings.Cut(s, "."); ok {
		mod := ""
		if i := strings.IndexByte(cs, '@'); i >= 0 {
			cs, mod = cs[:i], cs[i:]
		}
		cs = strings.ReplaceAll(cs, "-", "")
		s = base + "." + cs + mod
	}
	return s
}

// localeCodeset returns the normalized codeset of a locale name: "utf8",
// "" for C/POSIX (which work with any encoding), or "unknown".
func localeCodeset(name string) string {
	n := normLocale(name)
	if n == "c" || n == "posix" {
		return ""
	}
	_, cs, ok := strings.Cut(n, ".")
	if !ok {
		// glibc's default codeset for "en_US" style names is a legacy
		// 8-bit one.
		return "unknown"
	}
	if i := strings.IndexByte(cs, '@'); i >= 0 {
		cs = cs[:i]
	}
	return cs
}

// normalizeEncoding reads an encoding name as PostgreSQL's
// pg_valid_server_encoding does (lib/mb's aliases, case and punctuation
// ignored) and returns the canonical name, or "" when it is not a server
// encoding. gpostgres implements UTF8 only; the others are recognized so
// that the error says so.
func normalizeEncoding(name string) string {
	canon, ok := mb.Canonical(name)
	if !ok || !mb.IsServerEncoding(canon) {
		return ""
	}
	return canon
}

// tsearchLanguages maps a locale's language part to a text search
// configuration (initdb's tsearch_config_languages).
var tsearchLanguages = map[string]string{
	"ar": "arabic", "arabic": "arabic", "hy": "armenian", "armenian": "armenian",
	"eu": "basque", "basque": "basque", "ca": "catalan", "catalan": "catalan",
	"da": "danish", "danish": "danish", "nl": "dutch", "dutch": "dutch",
	"c": "english", "posix": "english", "en": "english", "english": "english",
	"fi": "finnish", "finnish": "finnish", "fr": "french", "french": "french",
	"de": "german", "german": "german", "el": "greek", "greek": "greek",
	"hi": "hindi", "hindi": "hindi", "hu": "hungarian", "hungarian": "hungarian",
	"id": "indonesian", "indonesian": "indonesian", "ga": "irish", "irish": "irish",
	"it": "italian", "italian": "italian", "lt": "lithuanian", "lithuanian": "lithuanian",
	"ne": "nepali", "nepali": "nepali", "no": "norwegian", "norwegian": "norwegian",
	"pt": "portuguese", "portuguese": "portuguese", "ro": "romanian",
	"ru": "russian", "russian": "russian", "sr": "serbian", "serbian": "serbian",
	"es": "spanish", "spanish": "spanish", "sv": "swedish", "swedish": "swedish",
	"ta": "tamil", "tamil": "tamil", "tr": "turkish", "turkish": "turkish",
	"yi": "yiddish",
}

// matchingTSConfig is initdb's find_matching_ts_config: the language part
// of lc_ctype (up to '_', '-', '.' or '@') looked up in tsearchLanguages.
func matchingTSConfig(ctype string) string {
	lang := ctype
	if i := strings.IndexAny(lang, "_-.@"); i >= 0 {
		lang = lang[:i]
	}
	return tsearchLanguages[strings.ToLower(lang)]
}

// dateOrder guesses the DateStyle field order of an lc_time locale. initdb
// formats a date with strftime("%x"); without the C library we go by the
// territory: the United States (and C/POSIX) write month first, the East
// Asian, Hungarian, Lithuanian and Swedish conventions year first, and the
// rest of the world day first.
func dateOrder(lcTime string) string {
	n := normLocale(lcTime)
	if i := strings.IndexAny(n, ".@"); i >= 0 {
		n = n[:i]
	}
	lang, territory, ok := strings.Cut(n, "_")
	if !ok {
		return "mdy"
	}
	switch territory {
	case "us", "ph", "pr", "as", "gu", "um", "vi", "mp":
		return "mdy"
	case "cn", "jp", "kr", "tw", "hu", "lt", "mn", "ir":
		return "ymd"
	}
	if lang == "sv" {
		return "ymd"
	}
	return "dmy"
}

// defaultTimezone is select_default_timezone: TZ if it names a known zone,
// else the zone /etc/localtime links to, else /etc/timezone, else "GMT".
func defaultTimezone(getenv func(string) string) string {
	valid := func(name string) bool {
		if name == "" || strings.HasPrefix(name, ":") || strings.HasPrefix(name, "/") {
			return false
		}
		_, err := time.LoadLocation(name)
		return err == nil
	}
	if tz := getenv("TZ"); valid(tz) {
		return tz
	}
	if target, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if i := strings.Index(target, "/zoneinfo/"); i >= 0 {
			name := target[i+len("/zoneinfo/"):]
			name = strings.TrimPrefix(strings.TrimPrefix(name, "posix/"), "right/")
			if valid(name) {
				return name
			}
		}
	}
	if b, err := os.ReadFile("/etc/timezone"); err == nil {
		if name := strings.TrimSpace(string(b)); valid(name) {
			return name
		}
	}
	return "GMT"
}
