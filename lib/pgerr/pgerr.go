package pgerr

import (
	"errors"
	"fmt"
)

// Severity is the non-localized severity of an error or notice, as sent in the
// 'S' and 'V' fields of ErrorResponse and NoticeResponse.
type Severity string

const (
	SeverityError   Severity = "ERROR"
	SeverityFatal   Severity = "FATAL"
	SeverityPanic   Severity = "PANIC"
	SeverityWarning Severity = "WARNING"
	SeverityNotice  Severity = "NOTICE"
	SeverityDebug   Severity = "DEBUG"
	SeverityInfo    Severity = "INFO"
	SeverityLog     Severity = "LOG"
)

// Error is an error a client may see. The zero Position means "no position".
type Error struct {
	Severity Severity
	Code     string // five-character SQLSTATE
	Message  string
	Detail   string
	Hint     string
	Position int32 // 1-based character offset into the query text, 0 if none
	// InternalPosition and InternalQuery place an error in a query the
	// server ran for the client's (a SQL function's body), as
	// PostgreSQL's internalerrposition and internalerrquery do.
	InternalPosition int32
	InternalQuery    string
	Where            string

	SchemaName     string
	TableName      string
	ColumnName     string
	DataTypeName   string
	ConstraintName string

	cause error
}

// New returns an ERROR with the given SQLSTATE and message.
func New(code, message string) *Error {
	return &Error{Severity: SeverityError, Code: code, Message: message}
}

// Newf returns an ERROR with the given SQLSTATE and a formatted message.
func Newf(code, format string, args ...any) *Error {
	return &Error{Severity: SeverityError, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Fatalf returns a FATAL error: the session ends after it is reported.
func Fatalf(code, format string, args ...any) *Error {
	return &Error{Severity: SeverityFatal, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an error with the given SQLSTATE whose message is
// "<context>: <cause>" and whose cause is kept for errors.Is/As. Use it when a
// lower layer (the OS, a file format) fails and the client must see a SQLSTATE.
func Wrap(cause error, code, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	if cause != nil {
		msg += ": " + cause.Error()
	}
	return &Error{Severity: SeverityError, Code: code, Message: msg, cause: cause}
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the wrapped cause, if any.
func (e *Error) Unwrap() error { return e.cause }

// WithDetail returns e with the DETAIL field set.
func (e *Error) WithDetail(format string, args ...any) *Error {
	e.Detail = fmt.Sprintf(format, args...)
	return e
}

// WithHint returns e with the HINT field set.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// WithPosition returns e with the cursor position set (1-based, in characters).
func (e *Error) WithPosition(pos int32) *Error {
	e.Position = pos
	return e
}

// WithSeverity returns e with its severity replaced.
func (e *Error) WithSeverity(s Severity) *Error {
	e.Severity = s
	return e
}

// As returns the *Error inside err, or, when err carries none, an internal
// error (XX000) wrapping it, so a caller always has a SQLSTATE to report.
func As(err error) *Error {
	if err == nil {
		return nil
	}
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	return &Error{Severity: SeverityError, Code: InternalError, Message: err.Error(), cause: err}
}

// CodeOf returns the SQLSTATE of err, or "" when err is nil.
func CodeOf(err error) string {
	if err == nil {
		return ""
	}
	return As(err).Code
}
