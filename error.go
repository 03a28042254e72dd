// Package bontot holds the domain of Bốn Tốt: party organizations, members,
// users and their roles, and the errors the rest of the program speaks in.
// Adapters (store, web, xlsx, demo) depend on this package, never the reverse.
package bontot

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in the web package.
const (
	ECONFLICT     = "conflict"     // the action conflicts with existing data (duplicate card number…)
	EINTERNAL     = "internal"     // a bug or an unavailable dependency; users see a generic sentence
	EINVALID      = "invalid"      // the input is wrong; Message says how, in Vietnamese
	ENOTFOUND     = "not_found"    // no such thing, or the user may not know it exists
	EUNAUTHORIZED = "unauthorized" // not logged in, or bad credentials
	EFORBIDDEN    = "forbidden"    // logged in but not allowed
	ETOOMANY      = "too_many"     // rate limited
)

// Error is an application error: a code for programs and a Vietnamese
// message for people. Fields, when set, maps a form field to its message.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string { return fmt.Sprintf("bontot: %s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and a formatted Vietnamese message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not *Error, "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Internal errors get a
// generic sentence so that no detail of the system leaks to users.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Đã có lỗi hệ thống. Vui lòng thử lại sau hoặc báo quản trị viên."
}

// FieldErrors collects per-field validation messages.
type FieldErrors map[string]string

// Add records msg for field unless the field already has a message.
func (f FieldErrors) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns nil when there is no message, else an EINVALID *Error carrying them.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các ô được đánh dấu.", Fields: map[string]string(f)}
}
