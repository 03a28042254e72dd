package store_test

import (
	"errors"
	"strconv"

	"bontot"
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func asError(err error, target **bontot.Error) bool { return errors.As(err, target) }
