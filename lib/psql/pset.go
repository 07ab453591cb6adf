// \pset (and -P) settings the interim gpsql understands.

package psql

import (
	"fmt"
	"strconv"
	"strings"
)

// SetPrintOption applies "\pset name value" (or -P name=value) to o. An
// empty value toggles the boolean options, as psql does.
func SetPrintOption(o *PrintOptions, name, value string) error {
	toggle := func(cur bool) (bool, error) {
		if value == "" {
			return !cur, nil
		}
		switch strings.ToLower(value) {
		case "on", "true", "yes", "1", "t", "y":
			return true, nil
		case "off", "false", "no", "0", "f", "n":
			return false, nil
		}
		return cur, fmt.Errorf("unrecognized value \"%s\" for \"%s\": Boolean expected", value, name)
	}
	var err error
	switch name {
	case "format":
		switch value {
		case "aligned":
			o.Format = FormatAligned
		case "unaligned":
			o.Format = FormatUnaligned
		default:
			return fmt.Errorf("\\pset: allowed formats are aligned, unaligned")
		}
	case "border":
		n, cerr := strconv.Atoi(value)
		if cerr != nil {
			return fmt.Errorf("\\pset: border must be a number")
		}
		o.Border = n
	case "null":
		o.NullPrint = value
	case "fieldsep":
		o.FieldSep = value
	case "recordsep":
		o.RecordSep = value
	case "title":
		o.Title = value
	case "tuples_only":
		o.TuplesOnly, err = toggle(o.TuplesOnly)
	case "footer":
		var on bool
		on, err = toggle(!o.NoFooter)
		o.NoFooter = !on
	case "pager":
		// gpsql never pages.
	default:
		return fmt.Errorf("\\pset: unknown option: %s", name)
	}
	return err
}
