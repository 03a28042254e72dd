package bontot_test

import (
	"errors"
	"testing"

	"bontot"
)

func TestValidateEmail(t *testing.T) {
	for _, tc := range []struct {
		email string
		ok    bool
	}{
		{"", true},
		{"bithu.tdp4@hatinh.gov.vn", true},
		{"a+nhac@x.vn", true},
		{"khong-co-a-cong", false},
		{"hai@@x.vn", false},
		{"Nguyễn Văn Đức <duc@x.vn>", false},
		{"<duc@x.vn>", false},
		{"a@x.vn, b@x.vn", false},
		{"duc@", false},
	} {
		err := bontot.ValidateEmail(tc.email)
		if got := err == nil; got != tc.ok {
			t.Errorf("ValidateEmail(%q) = %v, want ok %v", tc.email, err, tc.ok)
		}
		if err != nil && bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("ValidateEmail(%q): code %v, want EINVALID", tc.email, bontot.ErrorCode(err))
		}
	}
	u := &bontot.User{Username: "bithu", FullName: "Bí thư", Email: " sai "}
	u.Normalize()
	var e *bontot.Error
	if err := u.Validate(); !errors.As(err, &e) || e.Fields["email"] == "" {
		t.Errorf("User.Validate with a bad e-mail: %v", err)
	}
}
