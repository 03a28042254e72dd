package vn

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Nguyễn Văn Đức", "nguyen van duc"},
		{"  Trần   Thị  Ánh ", "tran thi anh"},
		{"ĐẢNG BỘ PHƯỜNG NGUYỄN DU", "dang bo phuong nguyen du"},
		{"Chi bộ TDP 4", "chi bo tdp 4"},
		{"Nguye\u0302\u0303n", "nguyen"}, // decomposed input
		{"", ""},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestClean(t *testing.T) {
	// "Đức" typed in decomposed form must equal the precomposed one.
	if got, want := Clean(" Đu\u031b\u0301c  Anh "), "Đức Anh"; got != want {
		t.Errorf("Clean = %q, want %q", got, want)
	}
}

func TestVietnameseOrder(t *testing.T) {
	// Vietnamese alphabet: a ă â b c d đ e ê … o ô ơ … u ư; given name first.
	names := []string{"Trần Văn Đức", "Nguyễn Thị Ánh", "Lê Văn Dũng", "Phạm Thị Ân", "Hoàng Văn An", "Võ Thị Ơn", "Bùi Văn Ô", "Đặng Văn Bình"}
	want := []string{"Hoàng Văn An", "Nguyễn Thị Ánh", "Phạm Thị Ân", "Đặng Văn Bình", "Lê Văn Dũng", "Trần Văn Đức", "Bùi Văn Ô", "Võ Thị Ơn"}
	got := slices.Clone(names)
	slices.SortFunc(got, func(a, b string) int { return bytes.Compare(NameKey(a), NameKey(b)) })
	if !slices.Equal(got, want) {
		t.Errorf("sorted by NameKey:\n got %v\nwant %v", got, want)
	}
	slices.SortFunc(got, func(a, b string) int { return Compare(NameOrder(a), NameOrder(b)) })
	if !slices.Equal(got, want) {
		t.Errorf("sorted by Compare:\n got %v\nwant %v", got, want)
	}
}

func TestSplitName(t *testing.T) {
	f, m, g := SplitName("Nguyễn Thị Minh Khai")
	if f != "Nguyễn" || m != "Thị Minh" || g != "Khai" {
		t.Errorf("SplitName = %q %q %q", f, m, g)
	}
	if got := NameOrder("Lê Lợi"); got != "Lợi Lê" {
		t.Errorf("NameOrder = %q", got)
	}
}

func TestOrgKeyComparesNumbersByValue(t *testing.T) {
	names := []string{"Chi bộ TDP 10", "Chi bộ TDP 2", "Chi bộ TDP 1", "Chi bộ thôn Đông", "Chi bộ thôn Bắc"}
	want := []string{"Chi bộ TDP 1", "Chi bộ TDP 2", "Chi bộ TDP 10", "Chi bộ thôn Bắc", "Chi bộ thôn Đông"}
	slices.SortFunc(names, func(a, b string) int { return bytes.Compare(OrgKey(a), OrgKey(b)) })
	if !slices.Equal(names, want) {
		t.Errorf("got %v, want %v", names, want)
	}
}

// FuzzFold: folding never panics, is idempotent and leaves no Vietnamese letter.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Nguyễn Văn Đức", "  ĐẢNG  BỘ ", "Trần Thị Hà", "a\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Fold(s)
		if Fold(k) != k {
			t.Fatalf("Fold(%q) = %q is not stable", s, k)
		}
		if strings.ContainsAny(k, "đĐăâêôơưáàảãạ") {
			t.Fatalf("Fold(%q) = %q keeps a Vietnamese letter", s, k)
		}
		_ = Key(s)
		_ = NameKey(s)
	})
}
