// This file implements the number half of PostgreSQL's formatting.c:
// to_char(numeric/int4/int8/float4/float8, text) and to_number(text,
// text), with the patterns 9 0 . , D G PR S L MI PL SG RN TH V EEEE FM B
// in the C locale (D is ".", G is ",", L is a space).

package builtins

import (
	"math"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// numKey identifies a number template pattern.
type numKey int

const (
	numComma numKey = iota + 1
	numDec
	num0
	num9
	numB
	numC
	numD
	numE
	numFM
	numG
	numL
	numMI
	numPL
	numPR
	numRN
	numSG
	numSP
	numS
	numTH
	numV
	numrn
	numth
)

var numKeywords = func() []templateKeyword {
	k := func(name string, id numKey) templateKeyword { return templateKeyword{name: name, id: int(id)} }
	return []templateKeyword{
		k(",", numComma), k(".", numDec), k("0", num0), k("9", num9), k("B", numB), k("C", numC),
		k("D", numD), k("EEEE", numE), k("FM", numFM), k("G", numG), k("L", numL), k("MI", numMI),
		k("PL", numPL), k("PR", numPR), k("RN", numRN), k("SG", numSG), k("SP", numSP), k("S", numS),
		k("TH", numTH), k("V", numV),
		k("b", numB), k("c", numC), k("d", numD), k("eeee", numE), k("fm", numFM), k("g", numG),
		k("l", numL), k("mi", numMI), k("pl", numPL), k("pr", numPR), k("rn", numrn), k("sg", numSG),
		k("sp", numSP), k("s", numS), k("th", numth), k("v", numV),
	}
}()

// Flags of a number template (NUMDesc.flag).
const (
	numFDecimal = 1 << iota
	numFLDecimal
	numFZero
	numFBlank
	numFFillMode
	numFLSign
	numFBracket
	numFMinus
	numFPlus
	numFRoman
	numFMulti
	numFPlusPost
	numFMinusPost
	numFEEEE
)

// Where a locale sign (S) goes.
const (
	lsignNone = 0
	lsignPre  = -1
	lsignPost = 1
)

// numDesc is NUMDesc: what the template asks for.
type numDesc struct {
	pre, post   int // digits before and after the decimal point
	lsign       int
	preLsignNum int
	multi       int // digits V shifts by
	zeroStart   int
	zeroEnd     int
	flag        int
}

func (d *numDesc) has(f int) bool { return d.flag&f != 0 }

func errNumSyntax(msg string) *pgerr.Error { return pgerr.New(pgerr.SyntaxError, msg) }

// prepare is NUMDesc_prepare: it accounts for one pattern, refusing
// combinations PostgreSQL refuses.
func (d *numDesc) prepare(n *templateNode) error {
	id := numKey(n.key.id)
	if d.has(numFEEEE) && id != numE {
		return errNumSyntax(`"EEEE" must be the last pattern used`)
	}
	switch id {
	case num9:
		if d.has(numFBracket) {
			return errNumSyntax(`"9" must be ahead of "PR"`)
		}
		if d.has(numFMulti) {
			d.multi++
			break
		}
		if d.has(numFDecimal) {
			d.post++
		} else {
			d.pre++
		}
	case num0:
		if d.has(numFBracket) {
			return errNumSyntax(`"0" must be ahead of "PR"`)
		}
		if !d.has(numFZero) && !d.has(numFDecimal) {
			d.flag |= numFZero
			d.zeroStart = d.pre + 1
		}
		if !d.has(numFDecimal) {
			d.pre++
		} else {
			d.post++
		}
		d.zeroEnd = d.pre + d.post
	case numB:
		if d.pre == 0 && d.post == 0 && !d.has(numFZero) {
			d.flag |= numFBlank
		}
	case numD, numDec:
		if id == numD {
			d.flag |= numFLDecimal
		}
		if d.has(numFDecimal) {
			return errNumSyntax("multiple decimal points")
		}
		if d.has(numFMulti) {
			return errNumSyntax(`cannot use "V" and decimal point together`)
		}
		d.flag |= numFDecimal
	case numFM:
		d.flag |= numFFillMode
	case numS:
		if d.has(numFLSign) {
			return errNumSyntax(`cannot use "S" twice`)
		}
		if d.has(numFPlus) || d.has(numFMinus) || d.has(numFBracket) {
			return errNumSyntax(`cannot use "S" and "PL"/"MI"/"SG"/"PR" together`)
		}
		if !d.has(numFDecimal) {
			d.lsign = lsignPre
			d.preLsignNum = d.pre
			d.flag |= numFLSign
		} else if d.lsign == lsignNone {
			d.lsign = lsignPost
			d.flag |= numFLSign
		}
	case numMI:
		if d.has(numFLSign) {
			return errNumSyntax(`cannot use "S" and "MI" together`)
		}
		d.flag |= numFMinus
		if d.has(numFDecimal) {
			d.flag |= numFMinusPost
		}
	case numPL:
		if d.has(numFLSign) {
			return errNumSyntax(`cannot use "S" and "PL" together`)
		}
		d.flag |= numFPlus
		if d.has(numFDecimal) {
			d.flag |= numFPlusPost
		}
	case numSG:
		if d.has(numFLSign) {
			return errNumSyntax(`cannot use "S" and "SG" together`)
		}
		d.flag |= numFMinus | numFPlus
	case numPR:
		if d.has(numFLSign) || d.has(numFPlus) || d.has(numFMinus) {
			return errNumSyntax(`cannot use "PR" and "S"/"PL"/"MI"/"SG" together`)
		}
		d.flag |= numFBracket
	case numRN, numrn:
		d.flag |= numFRoman
	case numV:
		if d.has(numFDecimal) {
			return errNumSyntax(`cannot use "V" and decimal point together`)
		}
		d.flag |= numFMulti
	case numE:
		if d.has(numFEEEE) {
			return errNumSyntax(`cannot use "EEEE" twice`)
		}
		if d.has(numFBlank) || d.has(numFFillMode) || d.has(numFLSign) || d.has(numFBracket) ||
			d.has(numFMinus) || d.has(numFPlus) || d.has(numFRoman) || d.has(numFMulti) {
			return errNumSyntax(`"EEEE" is incompatible with other formats`).
				WithDetail(`"EEEE" may only be used together with digit and decimal point patterns.`)
		}
		d.flag |= numFEEEE
	}
	return nil
}

// numMaxItemSize is NUM_MAX_ITEM_SIZ: the most bytes one number pattern
// prints, which sizes PostgreSQL's result buffer.
const numMaxItemSize = 8

// numTemplate parses a number template; for to_char it first refuses
// one whose result buffer palloc could not allocate.
func numTemplate(fmtText string, toChar bool) ([]templateNode, *numDesc, error) {
	if n := int64(len(fmtText))*numMaxItemSize + 1 + varHdrSz; toChar && n > maxAllocSize {
		return nil, nil, errAllocSize(n)
	}
	d := &numDesc{}
	nodes, err := parseTemplate(fmtText, numIndex, false, d.prepare)
	return nodes, d, err
}

// numProc is NUMProc: the state of one run of the number processor.
type numProc struct {
	desc         *numDesc
	sign         byte // '+', '-', or 0 for Roman numerals
	signWrote    bool
	numCount     int
	numIn        bool
	numCurr      int
	outPreSpaces int
	lastRelevant int    // index into number, -1 for none
	number       []byte // the digits, NUL-terminated
	numberP      int
	out          []byte
}

func (p *numProc) at(i int) byte {
	if i < 0 || i >= len(p.number) {
		return 0
	}
	return p.number[i]
}

// predecSpace is IS_PREDEC_SPACE: the leading zero of "0.1" printed by
// "9.9" as a space.
func (p *numProc) predecSpace() bool {
	return !p.desc.has(numFZero) && p.numberP == 0 && p.at(0) == '0' && p.desc.post != 0
}

func (p *numProc) lastRelevantIsDot() bool {
	return p.lastRelevant >= 0 && p.at(p.lastRelevant) == '.'
}

// numpartToChar is NUM_numpart_to_char: one digit or decimal point of
// the number, with the sign before the first digit printed.
func (p *numProc) numpartToChar(id numKey) {
	d := p.desc
	if d.has(numFRoman) {
		return
	}
	p.numIn = false
	if !p.signWrote &&
		(p.numCurr >= p.outPreSpaces || (d.has(numFZero) && d.zeroStart == p.numCurr)) &&
		(!p.predecSpace() || p.lastRelevantIsDot()) {
		switch {
		case d.has(numFLSign):
			if d.lsign == lsignPre {
				p.out = append(p.out, pick(p.sign == '-', byte('-'), byte('+')))
				p.signWrote = true
			}
		case d.has(numFBracket):
			p.out = append(p.out, pick(p.sign == '+', byte(' '), byte('<')))
			p.signWrote = true
		case p.sign == '+':
			if !d.has(numFFillMode) {
				p.out = append(p.out, ' ')
			}
			p.signWrote = true
		case p.sign == '-':
			p.out = append(p.out, '-')
			p.signWrote = true
		}
	}
	if id != num9 && id != num0 && id != numD && id != numDec {
		p.numCurr++
		return
	}
	switch {
	case p.numCurr < p.outPreSpaces && (d.zeroStart > p.numCurr || !d.has(numFZero)):
		if !d.has(numFFillMode) {
			p.out = append(p.out, ' ')
		}
	case d.has(numFZero) && p.numCurr < p.outPreSpaces && d.zeroStart <= p.numCurr:
		p.out = append(p.out, '0')
		p.numIn = true
	default:
		if p.at(p.numberP) == '.' {
			if !p.lastRelevantIsDot() || d.has(numFFillMode) {
				p.out = append(p.out, '.')
			}
		} else {
			switch {
			case p.lastRelevant >= 0 && p.numberP > p.lastRelevant && id != num0:
			case p.predecSpace():
				if !d.has(numFFillMode) {
					p.out = append(p.out, ' ')
				} else if p.lastRelevantIsDot() {
					p.out = append(p.out, '0')
				}
			default:
				p.out = append(p.out, p.at(p.numberP))
				p.numIn = true
			}
		}
		if p.at(p.numberP) != 0 {
			p.numberP++
		}
	}
	end := p.numCount + pick(p.outPreSpaces != 0, 1, 0) + pick(d.has(numFDecimal), 1, 0)
	if p.lastRelevant >= 0 && p.lastRelevant == p.numberP {
		end = p.numCurr
	}
	if p.numCurr+1 == end {
		if p.signWrote && d.has(numFBracket) {
			p.out = append(p.out, pick(p.sign == '+', byte(' '), byte('>')))
		} else if d.has(numFLSign) && d.lsign == lsignPost {
			p.out = append(p.out, pick(p.sign == '-', byte('-'), byte('+')))
		}
	}
	p.numCurr++
}

// lastRelevantDecnum is get_last_relevant_decnum: the index of the last
// non-zero digit after the point, or of the point; -1 without a point.
func lastRelevantDecnum(num []byte) int {
	dot := -1
	for i, c := range num {
		if c == 0 {
			break
		}
		if c == '.' {
			dot = i
			break
		}
	}
	if dot < 0 {
		return -1
	}
	r := dot
	for i := dot + 1; i < len(num) && num[i] != 0; i++ {
		if num[i] != '0' {
			r = i
		}
	}
	return r
}

// numToChar is NUM_processor in the to_char direction: number holds the
// digits (or Roman numeral, or scientific notation) without sign.
func numToChar(ec *expr.EvalContext, src string, nodes []templateNode, d *numDesc, number string, outPreSpaces int, sign byte) (string, error) {
	p := &numProc{desc: d, number: append([]byte(number), 0), lastRelevant: -1}
	if d.zeroStart != 0 {
		d.zeroStart--
	}
	if d.has(numFEEEE) {
		return number, nil
	}
	if d.has(numFRoman) {
		d.lsign, d.preLsignNum, d.post, d.pre = 0, 0, 0, 0
		outPreSpaces, sign = 0, 0
		d.flag = numFRoman | (d.flag & numFFillMode)
	}
	p.sign = sign
	if d.has(numFPlus) || d.has(numFMinus) {
		p.signWrote = !(d.has(numFPlus) && !d.has(numFMinus))
	} else {
		if sign != '-' && d.has(numFFillMode) {
			d.flag &^= numFBracket
		}
		p.signWrote = sign == '+' && d.has(numFFillMode) && !d.has(numFLSign)
		if d.lsign == lsignPre && d.pre == d.preLsignNum {
			d.lsign = lsignPost
		}
	}
	p.numCount = d.post + d.pre - 1
	p.outPreSpaces = outPreSpaces
	if d.has(numFFillMode) && d.has(numFDecimal) {
		p.lastRelevant = lastRelevantDecnum(p.number)
		if p.lastRelevant >= 0 && d.zeroEnd > p.outPreSpaces {
			lastZero := min(len(number)-1, d.zeroEnd-p.outPreSpaces)
			if p.lastRelevant < lastZero {
				p.lastRelevant = lastZero
			}
		}
	}
	if !p.signWrote && p.outPreSpaces == 0 {
		p.numCount++
	}
	for i := range nodes {
		if i&0xfff == 0xfff {
			if err := ec.CheckCancel(); err != nil {
				return "", err
			}
		}
		n := &nodes[i]
		if n.kind != nodeAction {
			p.out = append(p.out, n.text(src)...)
			continue
		}
		fill := d.has(numFFillMode)
		switch id := numKey(n.key.id); id {
		case num9, num0, numDec, numD:
			p.numpartToChar(id)
		case numComma, numG:
			switch {
			case p.numIn:
				p.out = append(p.out, ',')
			case !fill:
				p.out = append(p.out, ' ')
			}
		case numL:
			p.out = append(p.out, ' ')
		case numRN, numrn:
			s := string(p.number[p.numberP : len(p.number)-1])
			if id == numrn {
				s = strings.ToLower(s)
			}
			if !fill && len(s) < 15 {
				s = strings.Repeat(" ", 15-len(s)) + s
			}
			p.out = append(p.out, s...)
		case numTH, numth:
			if d.has(numFRoman) || p.at(0) == '#' || p.sign == '-' || d.has(numFDecimal) {
				continue
			}
			suf, err := ordinalSuffix(number, id == numTH)
			if err != nil {
				return "", err
			}
			p.out = append(p.out, suf...)
		case numMI:
			switch {
			case p.sign == '-':
				p.out = append(p.out, '-')
			case !fill:
				p.out = append(p.out, ' ')
			}
		case numPL:
			switch {
			case p.sign == '+':
				p.out = append(p.out, '+')
			case !fill:
				p.out = append(p.out, ' ')
			}
		case numSG:
			p.out = append(p.out, p.sign)
		}
	}
	// PostgreSQL builds the result as a C string: a NUL written where
	// the number ran out of digits ends it.
	out := p.out
	if i := strings.IndexByte(string(out), 0); i >= 0 {
		out = out[:i]
	}
	return string(out), nil
}

// intToRoman is int_to_roman: Roman numerals for 1..3999, else 15 '#'.
func intToRoman(v int64) string {
	if v > 3999 || v < 1 {
		return strings.Repeat("#", 15)
	}
	rm1 := []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"}
	rm10 := []string{"X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"}
	rm100 := []string{"C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"}
	var b strings.Builder
	digits := strconv.FormatInt(v, 10)
	for i, c := range digits {
		n := int(c - '1')
		if n < 0 {
			continue
		}
		switch len(digits) - i {
		case 4:
			b.WriteString(strings.Repeat("M", n+1))
		case 3:
			b.WriteString(rm100[n])
		case 2:
			b.WriteString(rm10[n])
		case 1:
			b.WriteString(rm1[n])
		}
	}
	return b.String()
}

// overflowDigits is the '#' filler of a number too wide for the
// template, with the point where the template has it.
func overflowDigits(d *numDesc) string {
	b := []byte(strings.Repeat("#", d.pre+d.post+1))
	b[d.pre] = '.'
	return string(b)
}

// specialEEEE is the filler for NaN and infinities in scientific
// notation.
func specialEEEE(d *numDesc) string {
	b := []byte(strings.Repeat("#", d.pre+d.post+6))
	b[0] = ' '
	b[d.pre+1] = '.'
	return string(b)
}

// splitSign splits a printed number into its sign and digits, and
// computes the padding before it (or the '#' overflow).
func splitSign(d *numDesc, orgnum string) (numstr string, outPreSpaces int, sign byte) {
	sign = '+'
	numstr = orgnum
	if strings.HasPrefix(orgnum, "-") {
		sign, numstr = '-', orgnum[1:]
	}
	preLen := len(numstr)
	if i := strings.IndexByte(numstr, '.'); i >= 0 {
		preLen = i
	}
	switch {
	case preLen < d.pre:
		outPreSpaces = d.pre - preLen
	case preLen > d.pre:
		numstr = overflowDigits(d)
	}
	return numstr, outPreSpaces, sign
}

// numericSci is numeric_out_sci: the significand rounded to scale digits
// and the exponent of the first significant digit.
func numericSci(x *apd.Decimal, scale int) (string, error) {
	if x.Form != apd.Finite {
		return types.NumericString(x), nil
	}
	exp := int64(0)
	if !x.IsZero() {
		exp = x.NumDigits() - 1 + int64(x.Exponent)
	}
	sig := new(apd.Decimal).Set(x)
	sig.Exponent -= int32(exp)
	rounded, err := types.NumericRound(sig, int64(scale), false)
	if err != nil {
		return "", err
	}
	s := types.NumericString(rounded.Numeric())
	e := strconv.FormatInt(abs64(exp), 10)
	if len(e) < 2 {
		e = "0" + e
	}
	return s + "e" + pick(exp < 0, "-", "+") + e, nil
}

// cFloat prints f as C's printf("%.*f") or "%.*e" does, with glibc's
// spellings of NaN and infinity.
func cFloat(f float64, verb byte, prec int) string {
	switch {
	case math.IsNaN(f):
		if math.Signbit(f) {
			return "-nan"
		}
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return strconv.FormatFloat(f, verb, prec, 64)
}

// floatNumstr is the non-scientific digit string of float4_to_char and
// float8_to_char: at most digits significant digits before rounding;
// NaN and infinities are spelled as float8out does.
func floatNumstr(d *numDesc, val float64, digits int) (string, int, byte) {
	switch {
	case math.IsNaN(val):
		return splitSign(d, "NaN")
	case math.IsInf(val, 1):
		return splitSign(d, "Infinity")
	case math.IsInf(val, -1):
		return splitSign(d, "-Infinity")
	}
	preLen := len(cFloat(math.Abs(val), 'f', 0))
	if preLen >= digits {
		d.post = 0
	} else if preLen+d.post > digits {
		d.post = digits - preLen
	}
	return splitSign(d, cFloat(val, 'f', d.post))
}

// floatSci is "%+.*e" with a space for the plus sign, or the filler for
// NaN and infinities.
func floatSci(d *numDesc, f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return specialEEEE(d)
	}
	s := strconv.FormatFloat(f, 'e', d.post, 64)
	if !strings.HasPrefix(s, "-") {
		s = " " + s
	}
	return s
}

// floatRoman rounds f to an integer for RN as rint() does; NaN and
// values outside int4 give the '#' filler.
func floatRoman(f float64) string {
	f = math.RoundToEven(f)
	if math.IsNaN(f) || !float8FitsInt32(f) {
		return intToRoman(math.MaxInt32)
	}
	return intToRoman(int64(f))
}

func addNumFormattingImpls(m map[string]implEntry) {
	toChar := func(digits func(d *numDesc, v types.Datum) (string, int, byte, error)) implEntry {
		return implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			f := a[1].Text()
			if f == "" || len(f) >= (math.MaxInt32-varHdrSz)/numMaxItemSize {
				return textResult("")
			}
			nodes, d, err := numTemplate(f, true)
			if err != nil {
				return types.Null, err
			}
			numstr, pre, sign, err := digits(d, a[0])
			if err != nil {
				return types.Null, err
			}
			s, err := numToChar(ec, f, nodes, d, numstr, pre, sign)
			if err != nil {
				return types.Null, err
			}
			return textResult(s)
		}}
	}
	m["numeric_to_char"] = toChar(func(d *numDesc, v types.Datum) (string, int, byte, error) {
		x := v.Numeric()
		switch {
		case d.has(numFRoman):
			iv, err := types.NumericToInt(x, types.OidInt4)
			if err != nil {
				return "", 0, 0, err
			}
			return intToRoman(iv), 0, 0, nil
		case d.has(numFEEEE):
			s, err := numericSci(x, d.post)
			if err != nil {
				return "", 0, 0, err
			}
			if s == "NaN" || s == "Infinity" || s == "-Infinity" {
				return specialEEEE(d), 0, 0, nil
			}
			if !strings.HasPrefix(s, "-") {
				s = " " + s
			}
			return s, 0, 0, nil
		}
		if d.has(numFMulti) {
			shift := &apd.Decimal{Exponent: 0}
			shift.Coeff.Exp(apd.NewBigInt(10), apd.NewBigInt(int64(d.multi)), nil)
			r, err := types.NumericMul(x, shift)
			if err != nil {
				return "", 0, 0, err
			}
			x = r.Numeric()
			d.pre += d.multi
		}
		r, err := types.NumericRound(x, int64(d.post), false)
		if err != nil {
			return "", 0, 0, err
		}
		s, pre, sign := splitSign(d, types.NumericString(r.Numeric()))
		return s, pre, sign, nil
	})
	intToChar := func(is8 bool) func(d *numDesc, v types.Datum) (string, int, byte, error) {
		return func(d *numDesc, v types.Datum) (string, int, byte, error) {
			x := v.Int()
			switch {
			case d.has(numFRoman):
				if is8 && (x > math.MaxInt32 || x < math.MinInt32) {
					x = math.MaxInt32
				}
				return intToRoman(x), 0, 0, nil
			case d.has(numFEEEE):
				if is8 {
					s, err := numericSci(apd.New(x, 0), d.post)
					if err != nil {
						return "", 0, 0, err
					}
					if !strings.HasPrefix(s, "-") {
						s = " " + s
					}
					return s, 0, 0, nil
				}
				return floatSci(d, float64(x)), 0, 0, nil
			}
			if d.has(numFMulti) {
				if is8 {
					shift := math.Pow(10, float64(d.multi))
					if !(shift < 9223372036854775807) {
						return "", 0, 0, types.ErrIntOutOfRange(types.OidInt8)
					}
					p := int64(shift)
					r := x * p
					if x != 0 && (r/x != p || (x == -1 && p == math.MinInt64)) {
						return "", 0, 0, types.ErrIntOutOfRange(types.OidInt8)
					}
					x = r
				} else {
					// C's (int32) pow(10, multi) and a wrapping multiply.
					p := int32(math.MinInt32)
					if d.multi <= 9 {
						p = int32(math.Pow10(d.multi))
					}
					x = int64(int32(x) * p)
				}
				d.pre += d.multi
			}
			org := strconv.FormatInt(x, 10)
			sign := byte('+')
			if x < 0 {
				sign, org = '-', org[1:]
			}
			preLen := len(org)
			numstr := org
			if d.post > 0 {
				numstr = org + "." + strings.Repeat("0", d.post)
			}
			pre := 0
			switch {
			case preLen < d.pre:
				pre = d.pre - preLen
			case preLen > d.pre:
				numstr = overflowDigits(d)
			}
			return numstr, pre, sign, nil
		}
	}
	m["numeric_to_number"] = implEntry{impl: toNumber}
	m["int4_to_char"] = toChar(intToChar(false))
	m["int8_to_char"] = toChar(intToChar(true))
	m["float8_to_char"] = toChar(func(d *numDesc, v types.Datum) (string, int, byte, error) {
		f := v.Float8()
		switch {
		case d.has(numFRoman):
			return floatRoman(f), 0, 0, nil
		case d.has(numFEEEE):
			return floatSci(d, f), 0, 0, nil
		}
		if d.has(numFMulti) {
			f *= math.Pow(10, float64(d.multi))
			d.pre += d.multi
		}
		s, pre, sign := floatNumstr(d, f, 15)
		return s, pre, sign, nil
	})
	m["float4_to_char"] = toChar(func(d *numDesc, v types.Datum) (string, int, byte, error) {
		f := v.Float4()
		switch {
		case d.has(numFRoman):
			r := float32(math.RoundToEven(float64(f)))
			if math.IsNaN(float64(r)) || !(r >= math.MinInt32 && r < -math.MinInt32) {
				return intToRoman(math.MaxInt32), 0, 0, nil
			}
			return intToRoman(int64(r)), 0, 0, nil
		case d.has(numFEEEE):
			return floatSci(d, float64(f)), 0, 0, nil
		}
		if d.has(numFMulti) {
			f *= float32(math.Pow(10, float64(d.multi)))
			d.pre += d.multi
		}
		s, pre, sign := floatNumstr(d, float64(f), 6)
		return s, pre, sign, nil
	})
}

// numReader is NUMProc in the to_number direction.
type numReader struct {
	desc      *numDesc
	in        string
	pos       int
	number    []byte // number[0] is the sign: ' ', '-' or '+'
	readPre   int
	readPost  int
	readDec   bool
	isDigitAt func(i int) bool
}

func (r *numReader) overload() bool { return r.pos >= len(r.in) }

// numpartFromChar is NUM_numpart_from_char: a sign before the first
// digit, one digit or the decimal point, and a sign behind the last.
func (r *numReader) numpartFromChar(id numKey) {
	d := r.desc
	if r.overload() {
		return
	}
	if r.in[r.pos] == ' ' {
		r.pos++
	}
	if r.overload() {
		return
	}
	if r.number[0] == ' ' && (id == num0 || id == num9) && r.readPre+r.readPost == 0 {
		c := r.in[r.pos]
		if d.has(numFLSign) && d.lsign == lsignPre {
			if c == '-' || c == '+' {
				r.pos++
				r.number[0] = c
			}
		} else if c == '-' || (d.has(numFBracket) && c == '<') {
			r.number[0] = '-'
			r.pos++
		} else if c == '+' {
			r.number[0] = '+'
			r.pos++
		}
	}
	if r.overload() {
		return
	}
	isread := false
	if c := r.in[r.pos]; c >= '0' && c <= '9' {
		if r.readDec && r.readPost == d.post {
			return
		}
		r.number = append(r.number, c)
		if r.readDec {
			r.readPost++
		} else {
			r.readPre++
		}
		isread = true
	} else if d.has(numFDecimal) && !r.readDec && c == '.' {
		r.number = append(r.number, '.')
		r.readDec = true
		isread = true
	}
	if r.overload() {
		return
	}
	if r.number[0] == ' ' && r.readPre+r.readPost > 0 {
		if d.has(numFLSign) && isread && r.pos+1 < len(r.in) && !r.isDigitAt(r.pos+1) {
			if c := r.in[r.pos+1]; c == '-' || c == '+' {
				r.pos++
				r.number[0] = c
			}
		} else if !isread && !d.has(numFLSign) && (d.has(numFPlus) || d.has(numFMinus)) {
			if c := r.in[r.pos]; c == '-' || c == '+' {
				r.number[0] = c
			}
		}
	}
}

// eatNonData is NUM_eat_non_data_chars: skip up to n characters that
// cannot be part of the number.
func (r *numReader) eatNonData(n int) {
	for ; n > 0; n-- {
		if r.overload() || strings.IndexByte("0123456789.,+-", r.in[r.pos]) >= 0 {
			break
		}
		r.pos += charLen(r.in[r.pos:])
	}
}

// numFromChar is NUM_processor in the to_number direction: the number
// text read from in, as numeric_in takes it.
func numFromChar(ec *expr.EvalContext, nodes []templateNode, d *numDesc, in string) (string, error) {
	if d.has(numFEEEE) {
		return "", pgerr.New(pgerr.FeatureNotSupported, `"EEEE" not supported for input`)
	}
	if d.has(numFRoman) {
		return "", pgerr.New(pgerr.FeatureNotSupported, `"RN" not supported for input`)
	}
	r := &numReader{desc: d, in: in, number: []byte{' '}}
	r.isDigitAt = func(i int) bool { return in[i] >= '0' && in[i] <= '9' }
	for i := range nodes {
		if i&0xfff == 0xfff {
			if err := ec.CheckCancel(); err != nil {
				return "", err
			}
		}
		if r.overload() {
			break
		}
		n := &nodes[i]
		if n.kind != nodeAction {
			r.pos += charLen(r.in[r.pos:])
			continue
		}
		fill := d.has(numFFillMode)
		switch id := numKey(n.key.id); id {
		case num9, num0, numDec, numD:
			r.numpartFromChar(id)
		case numComma, numG:
			if fill || r.in[r.pos] != ',' {
				continue
			}
		case numL:
			r.eatNonData(1)
			continue
		case numTH, numth:
			if d.has(numFDecimal) {
				continue
			}
			r.eatNonData(2)
			continue
		case numMI, numPL, numSG:
			c := r.in[r.pos]
			if (c == '-' && id != numPL) || (c == '+' && id != numMI) {
				r.number[0] = c
			} else {
				r.eatNonData(1)
				continue
			}
		default:
			continue
		}
		r.pos++
	}
	if r.number[len(r.number)-1] == '.' {
		r.number = r.number[:len(r.number)-1]
	}
	d.post = r.readPost
	return string(r.number), nil
}

// toNumber is numeric_to_number.
func toNumber(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
	f := a[1].Text()
	if f == "" || len(f) >= math.MaxInt32/numMaxItemSize {
		return types.Null, nil
	}
	nodes, d, err := numTemplate(f, false)
	if err != nil {
		return types.Null, err
	}
	s, err := numFromChar(ec, nodes, d, a[0].Text())
	if err != nil {
		return types.Null, err
	}
	scale := d.post
	precision := d.pre + d.multi + scale
	v, err := types.ParseText(types.OidNumeric, int32(((precision<<16)|scale)+varHdrSz), s, ec.Format)
	if err != nil || !d.has(numFMulti) {
		return v, err
	}
	// PostgreSQL multiplies by power(10, -multi), which it computes
	// with 16 digits after the point.
	shift := &apd.Decimal{Exponent: -16}
	if d.multi <= 16 {
		shift.Coeff.Exp(apd.NewBigInt(10), apd.NewBigInt(int64(16-d.multi)), nil)
	}
	return types.NumericMul(v.Numeric(), shift)
}
