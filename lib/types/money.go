// money (utils/adt/cash.c): a signed 64-bit count of cents, by value,
// read and printed as PostgreSQL does under lc_monetary C or POSIX:
// currency symbol $, decimal point '.', thousands separator ',', two
// fraction digits, a leading minus sign. Other monetary locales are
// refused by the lc_monetary setting itself (lib/config), so that no
// value is printed in a format the session did not ask for.

package types

import (
	"encoding/binary"
	"math"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// OIDs of money and its array.
const (
	OidMoney      uint32 = 790
	OidMoneyArray uint32 = 791
)

// The C locale's monetary format, as cash_in and cash_out choose it when
// localeconv() gives empty fields.
const (
	moneyFracDigits = 2
	moneyPoint      = '.'
	moneySeparator  = ","
	moneySymbol     = "$"
	moneyPlus       = "+"
	moneyMinus      = "-"
)

// MoneyScale is 10 to the number of fraction digits: the cents in one
// currency unit.
const MoneyScale = 100

// errMoneyRange is cash_in's error for a value that does not fit.
func errMoneyRange(s string) error {
	return pgerr.Newf(pgerr.NumericValueOutOfRange, "value \"%s\" is out of range for type %s", s, "money")
}

// parseMoney is cash_in: white space, an optional currency symbol and
// sign (or an opening parenthesis for a negative amount) in either
// order, digits with thousands separators and at most two fraction
// digits (a third rounds half up), then only digits, white space, ')',
// a sign or the currency symbol. The amount is accumulated negative, so
// that the most negative value can be read.
func parseMoney(str string) (Datum, error) {
	s := str
	skipSpace := func() {
		for s != "" && isSpace(s[0]) {
			s = s[1:]
		}
	}
	skipSpace()
	s = strings.TrimPrefix(s, moneySymbol)
	skipSpace()
	sign := 1
	switch {
	case strings.HasPrefix(s, moneyMinus):
		sign = -1
		s = s[len(moneyMinus):]
	case s != "" && s[0] == '(':
		sign = -1
		s = s[1:]
	case strings.HasPrefix(s, moneyPlus):
		s = s[len(moneyPlus):]
	}
	skipSpace()
	s = strings.TrimPrefix(s, moneySymbol)
	skipSpace()

	var value int64
	dec, seenPoint := 0, false
	for ; s != ""; s = s[1:] {
		c := s[0]
		switch {
		case isDigit(c) && (!seenPoint || dec < moneyFracDigits):
			digit := int64(c - '0')
			if value < (math.MinInt64+digit)/10 {
				return Null, errMoneyRange(str)
			}
			value = value*10 - digit
			if seenPoint {
				dec++
			}
			continue
		case c == moneyPoint && !seenPoint:
			seenPoint = true
			continue
		case strings.HasPrefix(s, moneySeparator):
			s = s[len(moneySeparator)-1:]
			continue
		}
		break
	}
	// One more digit rounds half up.
	if s != "" && isDigit(s[0]) && s[0] >= '5' {
		if value == math.MinInt64 {
			return Null, errMoneyRange(str)
		}
		value--
	}
	for ; dec < moneyFracDigits; dec++ {
		if value < math.MinInt64/10 {
			return Null, errMoneyRange(str)
		}
		value *= 10
	}
	for s != "" && isDigit(s[0]) {
		s = s[1:]
	}
	for s != "" {
		switch {
		case isSpace(s[0]) || s[0] == ')':
			s = s[1:]
		case strings.HasPrefix(s, moneyMinus):
			sign = -1
			s = s[len(moneyMinus):]
		case strings.HasPrefix(s, moneyPlus):
			s = s[len(moneyPlus):]
		case strings.HasPrefix(s, moneySymbol):
			s = s[len(moneySymbol):]
		default:
			return Null, pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", "money", str)
		}
	}
	if sign > 0 {
		if value == math.MinInt64 {
			return Null, errMoneyRange(str)
		}
		value = -value
	}
	return Int(value), nil
}

// appendMoney is cash_out: a minus sign for a negative amount, the
// currency symbol, the units grouped by three with commas, the point
// and the two fraction digits.
func appendMoney(dst []byte, v int64) []byte {
	u := uint64(v)
	if v < 0 {
		dst = append(dst, moneyMinus...)
		u = -u
	}
	dst = append(dst, moneySymbol...)
	// The digits right to left, then reversed into dst.
	var buf [40]byte
	i := len(buf)
	for digits := 0; ; digits++ {
		if digits == moneyFracDigits {
			i--
			buf[i] = moneyPoint
		} else if digits > moneyFracDigits && (digits-moneyFracDigits)%3 == 0 {
			i -= len(moneySeparator)
			copy(buf[i:], moneySeparator)
		}
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
		if u == 0 && digits >= moneyFracDigits {
			break
		}
	}
	return append(dst, buf[i:]...)
}

// recvMoney is cash_recv: the amount as 8 bytes, big-endian.
func recvMoney(b []byte) (Datum, error) {
	if len(b) != 8 {
		return Null, errBinaryLength()
	}
	return Int(int64(binary.BigEndian.Uint64(b))), nil
}
