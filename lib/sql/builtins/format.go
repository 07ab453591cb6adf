// This file implements format(text, VARIADIC "any"): PostgreSQL's
// varlena.c text_format, a printf with the conversions %s, %I and %L,
// argument positions (%2$s), widths (%5s, %-5s, %*s, %*2$s) and %%.

package builtins

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func errFormatUnterminated() error {
	return pgerr.New(pgerr.InvalidParameterValue, "unterminated format() type specifier").
		WithHint(`For a single "%%" use "%%%%".`)
}

func errFormatTooFew() error {
	return pgerr.New(pgerr.InvalidParameterValue, "too few arguments for format()")
}

func errFormatArgZero() error {
	return pgerr.New(pgerr.InvalidParameterValue, "format specifies argument 0, but arguments are numbered from 1")
}

func errNumberOutOfRange() error {
	return pgerr.New(pgerr.NumericValueOutOfRange, "number is out of range")
}

// formatSpec is one parsed conversion specifier.
type formatSpec struct {
	argPos   int // 1-based; -1 when not given
	widthPos int // -1 no width argument, 0 the next argument, n argument n
	left     bool
	width    int
}

// formatScanner walks the format string; every advance inside a
// specifier must leave a character to read, as ADVANCE_PARSE_POINTER
// requires.
type formatScanner struct {
	s string
	i int
}

func (p *formatScanner) advance() error {
	p.i++
	if p.i >= len(p.s) {
		return errFormatUnterminated()
	}
	return nil
}

// digits parses a run of decimal digits (text_format_parse_digits).
func (p *formatScanner) digits() (int, bool, error) {
	found := false
	v := int64(0)
	for p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		v = v*10 + int64(p.s[p.i]-'0')
		if v > math.MaxInt32 {
			return 0, false, errNumberOutOfRange()
		}
		if err := p.advance(); err != nil {
			return 0, false, err
		}
		found = true
	}
	return int(v), found, nil
}

// spec parses [argpos$][-...][width|*[n$]] up to the type character.
func (p *formatScanner) spec() (formatSpec, error) {
	sp := formatSpec{argPos: -1, widthPos: -1}
	n, found, err := p.digits()
	if err != nil {
		return sp, err
	}
	if found {
		if p.s[p.i] != '$' {
			sp.width = n
			return sp, nil
		}
		sp.argPos = n
		if n == 0 {
			return sp, errFormatArgZero()
		}
		if err := p.advance(); err != nil {
			return sp, err
		}
	}
	for p.s[p.i] == '-' {
		sp.left = true
		if err := p.advance(); err != nil {
			return sp, err
		}
	}
	if p.s[p.i] == '*' {
		if err := p.advance(); err != nil {
			return sp, err
		}
		n, found, err := p.digits()
		if err != nil {
			return sp, err
		}
		if found {
			if p.s[p.i] != '$' {
				return sp, pgerr.New(pgerr.InvalidParameterValue, `width argument position must be ended by "$"`)
			}
			sp.widthPos = n
			if n == 0 {
				return sp, errFormatArgZero()
			}
			if err := p.advance(); err != nil {
				return sp, err
			}
		} else {
			sp.widthPos = 0
		}
	} else {
		n, found, err := p.digits()
		if err != nil {
			return sp, err
		}
		if found {
			sp.width = n
		}
	}
	return sp, nil
}

// appendPadded is text_format_append_string: str padded with spaces to
// width characters, on the left unless left-aligned or width negative.
func appendPadded(b *strings.Builder, str string, left bool, width int) error {
	if width == 0 {
		if err := checkAppend(int64(b.Len()), int64(len(str))); err != nil {
			return err
		}
		b.WriteString(str)
		return nil
	}
	if width < 0 {
		if width <= math.MinInt32 {
			return errNumberOutOfRange()
		}
		left, width = true, -width
	}
	pad := width - utf8.RuneCountInString(str)
	if pad < 0 {
		pad = 0
	}
	if err := checkAppend(int64(b.Len()), int64(len(str))+int64(pad)); err != nil {
		return err
	}
	if !left {
		b.WriteString(strings.Repeat(" ", pad))
	}
	b.WriteString(str)
	if left {
		b.WriteString(strings.Repeat(" ", pad))
	}
	return nil
}

// textFormat binds format() to its argument types: the first is the
// format string, the others are printed with their output functions.
func textFormat(argTypes []uint32, _ uint32) expr.Impl {
	outs := make([]func(*expr.EvalContext, types.Datum) string, len(argTypes))
	for i := 1; i < len(argTypes); i++ {
		outs[i] = outputOf(argTypes[i])
	}
	return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		if a[0].IsNull() {
			return types.Null, nil
		}
		p := formatScanner{s: a[0].Text()}
		nargs := len(a)
		arg := 1
		var b strings.Builder
		for ; p.i < len(p.s); p.i++ {
			if p.i&0xffff == 0 {
				if err := ec.CheckCancel(); err != nil {
					return types.Null, err
				}
			}
			c := p.s[p.i]
			if c != '%' {
				if err := checkAppend(int64(b.Len()), 1); err != nil {
					return types.Null, err
				}
				b.WriteByte(c)
				continue
			}
			if err := p.advance(); err != nil {
				return types.Null, err
			}
			if p.s[p.i] == '%' {
				b.WriteByte('%')
				continue
			}
			sp, err := p.spec()
			if err != nil {
				return types.Null, err
			}
			conv := p.s[p.i]
			if conv != 's' && conv != 'I' && conv != 'L' {
				_, size := utf8.DecodeRuneInString(p.s[p.i:])
				return types.Null, pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized format() type specifier \"%s\"", p.s[p.i:p.i+size]).
					WithHint(`For a single "%%" use "%%%%".`)
			}
			width := sp.width
			if sp.widthPos >= 0 {
				if sp.widthPos > 0 {
					arg = sp.widthPos
				}
				if arg >= nargs {
					return types.Null, errFormatTooFew()
				}
				w, err := formatWidth(ec, argTypes[arg], a[arg], outs[arg])
				if err != nil {
					return types.Null, err
				}
				width = w
				arg++
			}
			if sp.argPos > 0 {
				arg = sp.argPos
			}
			if arg >= nargs {
				return types.Null, errFormatTooFew()
			}
			v := a[arg]
			var str string
			switch {
			case v.IsNull() && conv == 's':
				str = ""
			case v.IsNull() && conv == 'L':
				str = "NULL"
			case v.IsNull():
				return types.Null, pgerr.New(pgerr.NullValueNotAllowed, "null values cannot be formatted as an SQL identifier")
			default:
				str = outs[arg](ec, v)
				switch conv {
				case 'I':
					str = quoteIdent(str)
				case 'L':
					str = QuoteLiteral(str)
				}
			}
			arg++
			if err := appendPadded(&b, str, sp.left, width); err != nil {
				return types.Null, err
			}
		}
		return textResult(b.String())
	}
}

// formatWidth reads a width argument: NULL is 0, integers directly,
// other types through their text form as int4 input.
func formatWidth(ec *expr.EvalContext, t uint32, v types.Datum, out func(*expr.EvalContext, types.Datum) string) (int, error) {
	switch {
	case v.IsNull():
		return 0, nil
	case t == types.OidInt4 || t == types.OidInt2:
		return int(v.Int()), nil
	}
	d, err := types.ParseText(types.OidInt4, -1, out(ec, v), ec.Format)
	if err != nil {
		return 0, err
	}
	return int(d.Int()), nil
}

func addFormatImpls(m map[string]implEntry) {
	m["text_format"] = implEntry{bind: textFormat}
	m["text_format_nv"] = implEntry{bind: textFormat}
}
