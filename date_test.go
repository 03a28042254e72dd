package bontot

import (
	"strings"
	"testing"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{"05/09/1985", "05/09/1985", ""},
		{"5/9/1985", "05/09/1985", ""},
		{"05-09-1985", "05/09/1985", ""},
		{"05.09.1985", "05/09/1985", ""},
		{"1985-09-05", "05/09/1985", ""},
		{" 29/02/2024 ", "29/02/2024", ""},
		{"", "", ""},
		{"31/02/1970", "", "không có thật"},
		{"29/02/2023", "", "không có thật"},
		{"31/04/2020", "", "không có thật"},
		{"00/01/2020", "", "không hợp lệ"},
		{"12/13/2020", "", "không hợp lệ"},
		{"05/09/85", "", "không hợp lệ"},
		{"hôm qua", "", "không hợp lệ"},
		{"1985-9-5", "", "không hợp lệ"},
	} {
		d, err := ParseDate(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(ErrorMessage(err), tc.err) {
				t.Errorf("ParseDate(%q): err = %v, want one saying %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || d.String() != tc.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", tc.in, d, err, tc.want)
		}
	}
}

// FuzzParseDate: any input either fails with a Vietnamese message or gives a
// date that formats and parses back to itself.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"05/09/1985", "31/02/1970", "1985-09-05", "", "1/1/2000", "99/99/9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if ErrorCode(err) != EINVALID || ErrorMessage(err) == "" {
				t.Fatalf("ParseDate(%q): %v", s, err)
			}
			return
		}
		if d.IsZero() {
			return
		}
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v, which does not parse back: %v %v", s, d, back, err)
		}
	})
}
