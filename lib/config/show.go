// show.go displays values as PostgreSQL does: SHOW and current_setting
// (_ShowOption with units), SHOW ALL, the pg_settings view (values in the
// parameter's own unit) and ParameterStatus reports.

package config

import (
	"math"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// display is _ShowOption. With units, integers and reals are shown in the
// largest unit that represents them exactly ("128MB", "5min").
func (s *Settings) display(v *variable, useUnits bool) string {
	if h, ok := s.showHook(v); ok {
		return h
	}
	switch v.p.Type {
	case TypeBool:
		if v.cur.b {
			return "on"
		}
		return "off"
	case TypeInt:
		if useUnits && v.cur.i > 0 && v.p.Unit != UnitNone {
			n, u := intFromBase(v.cur.i, v.p.Unit)
			return strconv.FormatInt(n, 10) + u
		}
		return strconv.FormatInt(v.cur.i, 10)
	case TypeReal:
		if useUnits && v.cur.f > 0 && v.p.Unit != UnitNone {
			f, u := realFromBase(v.cur.f, v.p.Unit)
			return formatG(f) + u
		}
		return formatG(v.cur.f)
	default:
		return v.cur.s
	}
}

// intFromBase is convert_int_from_base_unit: the first (largest) unit that
// divides the value evenly.
func intFromBase(base int64, unit Unit) (int64, string) {
	for _, c := range unitTables[unit] {
		if c.multiplier <= 1.0 || base%int64(c.multiplier) == 0 {
			return int64(math.RoundToEven(float64(base) / c.multiplier)), c.unit
		}
	}
	panic("config: no unit conversion")
}

// realFromBase is convert_real_from_base_unit: the first unit giving a
// value within 1e-8 of an integer, else the smallest unit.
func realFromBase(base float64, unit Unit) (float64, string) {
	var v float64
	var u string
	for _, c := range unitTables[unit] {
		v = base / c.multiplier
		u = c.unit
		if v > 0 && math.Abs(math.RoundToEven(v)/v-1.0) <= 1e-8 {
			break
		}
	}
	return v, u
}

// Show returns what SHOW name prints, with no privilege check; see
// ShowChecked for SQL callers.
func (s *Settings) Show(name string) (string, error) {
	v, err := s.find(name, false)
	if err != nil {
		return "", err
	}
	return s.display(v, true), nil
}

// CanonicalName returns a parameter's own spelling ("DateStyle" for
// "datestyle"), which SHOW uses as its column name, or the "unrecognized
// configuration parameter" error.
func (s *Settings) CanonicalName(name string) (string, error) {
	v, err := s.find(name, false)
	if err != nil {
		return "", err
	}
	return v.p.Name, nil
}

// ShowChecked is GetConfigOptionByName for SHOW and current_setting(): it
// also returns the parameter's own spelling (SHOW's column name) and
// refuses GUC_SUPERUSER_ONLY parameters to a role that is neither superuser
// nor member of pg_read_all_settings (readAll false).
func (s *Settings) ShowChecked(name string, readAll bool) (canonical, val string, err error) {
	v, perr := s.find(name, false)
	if perr != nil {
		return "", "", perr
	}
	if v.p.Has(FlagSuperuserOnly) && !readAll {
		return "", "", pgerr.Newf(pgerr.InsufficientPrivilege,
			"must be superuser or have privileges of pg_read_all_settings to examine \"%s\"", name)
	}
	return v.p.Name, s.display(v, true), nil
}

// ShowRow is one row of SHOW ALL.
type ShowRow struct {
	Name        string
	Setting     string
	Description string
}

// ShowAll returns SHOW ALL as a superuser sees it: every parameter not
// marked GUC_NO_SHOW_ALL, sorted by name ignoring case.
func (s *Settings) ShowAll() []ShowRow { return s.ShowAllFor(true) }

// ShowAllFor is ShowAll for a role that may (readAll) or may not read the
// GUC_SUPERUSER_ONLY parameters.
func (s *Settings) ShowAllFor(readAll bool) []ShowRow {
	var out []ShowRow
	for i := range s.vars {
		v := &s.vars[i]
		if !s.visible(v, readAll) {
			continue
		}
		out = append(out, ShowRow{Name: v.p.Name, Setting: s.display(v, true), Description: v.p.ShortDesc})
	}
	return out
}

func (s *Settings) visible(v *variable, readAll bool) bool {
	if v.p.Has(FlagNoShowAll) {
		return false
	}
	return readAll || !v.p.Has(FlagSuperuserOnly)
}

// PgSettingRow is one row of the pg_settings view, every column as the
// text PostgreSQL outputs for it; nil is NULL.
type PgSettingRow struct {
	Name           string
	Setting        string
	Unit           *string
	Category       string
	ShortDesc      string
	ExtraDesc      *string
	Context        string
	VarType        string
	Source         string
	MinVal         *string
	MaxVal         *string
	EnumVals       *string // text[] output, e.g. {always,on,off}
	BootVal        *string
	ResetVal       *string
	SourceFile     *string
	SourceLine     *string
	PendingRestart bool
}

// PgSettingsColumns are the column names of pg_settings, in order.
var PgSettingsColumns = []string{"name", "setting", "unit", "category", "short_desc", "extra_desc",
	"context", "vartype", "source", "min_val", "max_val", "enumvals", "boot_val", "reset_val",
	"sourcefile", "sourceline", "pending_restart"}

// Values returns the row's columns in PgSettingsColumns order, as text
// ("t"/"f" for pending_restart).
func (r *PgSettingRow) Values() []*string {
	str := func(s string) *string { return &s }
	pr := "f"
	if r.PendingRestart {
		pr = "t"
	}
	return []*string{str(r.Name), str(r.Setting), r.Unit, str(r.Category), str(r.ShortDesc),
		r.ExtraDesc, str(r.Context), str(r.VarType), str(r.Source), r.MinVal, r.MaxVal,
		r.EnumVals, r.BootVal, r.ResetVal, r.SourceFile, r.SourceLine, str(pr)}
}

// PgSettingsRows returns the pg_settings view as a superuser sees it.
func (s *Settings) PgSettingsRows() []PgSettingRow { return s.PgSettingsRowsFor(true) }

// PgSettingsRowsFor returns pg_settings for a role that may (readAll) or
// may not read GUC_SUPERUSER_ONLY parameters and source locations.
func (s *Settings) PgSettingsRowsFor(readAll bool) []PgSettingRow {
	var out []PgSettingRow
	for i := range s.vars {
		v := &s.vars[i]
		if !s.visible(v, readAll) {
			continue
		}
		out = append(out, s.pgSettingRow(v, readAll))
	}
	return out
}

func (s *Settings) pgSettingRow(v *variable, readAll bool) PgSettingRow {
	p := v.p
	str := func(s string) *string { return &s }
	r := PgSettingRow{
		Name:           p.Name,
		Setting:        s.display(v, false),
		Category:       p.Category,
		ShortDesc:      p.ShortDesc,
		Context:        p.Context.String(),
		VarType:        p.Type.String(),
		Source:         v.source.String(),
		PendingRestart: v.pendingRestart,
	}
	if p.Unit != UnitNone {
		r.Unit = str(p.Unit.String())
	}
	if p.ExtraDesc != "" {
		r.ExtraDesc = str(p.ExtraDesc)
	}
	switch p.Type {
	case TypeInt:
		r.MinVal = str(strconv.FormatInt(int64(p.Min), 10))
		r.MaxVal = str(strconv.FormatInt(int64(p.Max), 10))
	case TypeReal:
		r.MinVal = str(formatG(p.Min))
		r.MaxVal = str(formatG(p.Max))
	case TypeEnum:
		r.EnumVals = str(textArray(p.EnumVals))
	}
	if p.BootNull {
		r.BootVal = nil
	} else {
		boot, _ := parseValue(p, p.Name, p.Boot)
		r.BootVal = str(rawOf(p, boot))
	}
	if !v.reset.null {
		r.ResetVal = str(rawOf(p, v.reset))
	}
	if v.source == SourceFile && readAll {
		r.SourceFile = str(v.sourceFile)
		r.SourceLine = str(strconv.Itoa(v.sourceLine))
	}
	return r
}

// textArray formats a text[] as PostgreSQL's array_out does.
func textArray(elems []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, e := range elems {
		if i > 0 {
			b.WriteByte(',')
		}
		if needsArrayQuote(e) {
			b.WriteByte('"')
			for j := 0; j < len(e); j++ {
				if e[j] == '"' || e[j] == '\\' {
					b.WriteByte('\\')
				}
				b.WriteByte(e[j])
			}
			b.WriteByte('"')
		} else {
			b.WriteString(e)
		}
	}
	b.WriteByte('}')
	return b.String()
}

func needsArrayQuote(e string) bool {
	if e == "" || strings.EqualFold(e, "NULL") {
		return true
	}
	for i := 0; i < len(e); i++ {
		switch e[i] {
		case '{', '}', ',', '"', '\\', ' ', '\t', '\n', '\r', '\v', '\f':
			return true
		}
	}
	return false
}

// NameValue is a parameter name and value, as sent in ParameterStatus or
// passed on a command line.
type NameValue struct {
	Name  string
	Value string
}

// ChangedReportable returns the GUC_REPORT parameters whose displayed
// value changed since the last call, for ParameterStatus messages. The
// first call returns all of them (BeginReportingGUCOptions).
func (s *Settings) ChangedReportable() []NameValue {
	var out []NameValue
	first := !s.reporting
	s.reporting = true
	for i := range s.vars {
		v := &s.vars[i]
		if !v.p.Has(FlagReport) || !(first || v.needsReport) {
			continue
		}
		val := s.display(v, false)
		if !v.reported || val != v.lastReported {
			out = append(out, NameValue{Name: v.p.Name, Value: val})
			v.lastReported = val
			v.reported = true
		}
		v.needsReport = false
	}
	return out
}
