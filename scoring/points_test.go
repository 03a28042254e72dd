package scoring

import (
	"math"
	"testing"
)

func TestParsePoints(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Points
		err  error
	}{
		{"12", 1200, nil},
		{"12,5", 1250, nil},
		{"12.50", 1250, nil},
		{" 7 ", 700, nil},
		{"0", 0, nil},
		{"0,01", 1, nil},
		{"89,99", 8999, nil},
		{",5", 50, nil},
		{"007", 700, nil},
		{"1000000", 100_000_000, nil},
		{"", 0, ErrPointsEmpty},
		{"   ", 0, ErrPointsEmpty},
		{"-1", 0, ErrPointsNegative},
		{"−2,5", 0, ErrPointsNegative},
		{"-abc", 0, ErrPointsNotNum},
		{"abc", 0, ErrPointsNotNum},
		{"12,", 0, ErrPointsNotNum},
		{"1,2,3", 0, ErrPointsNotNum},
		{"1.000,5", 0, ErrPointsNotNum},
		{"+5", 0, ErrPointsNotNum},
		{"5 điểm", 0, ErrPointsNotNum},
		{"1e3", 0, ErrPointsNotNum},
		{"١٢", 0, ErrPointsNotNum},
		{"12,555", 0, ErrPointsDecimals},
		{"12,500", 0, ErrPointsDecimals},
		{"1000000,01", 0, ErrPointsTooLarge},
		{"99999999999999999999999", 0, ErrPointsTooLarge},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParsePoints(tc.in)
			if err != tc.err {
				t.Fatalf("ParsePoints(%q) error = %v, want %v", tc.in, err, tc.err)
			}
			if got != tc.want {
				t.Errorf("ParsePoints(%q) = %d, want %d", tc.in, got, tc.want)
			}
		})
	}
	if _, err := ParsePoints("12,555"); err.Error() != "Điểm chỉ được có tối đa hai chữ số thập phân." {
		t.Errorf("three decimals: message %q", err)
	}
}

func TestPointsString(t *testing.T) {
	for _, tc := range []struct {
		p          Points
		str, fixed string
	}{
		{1250, "12,5", "12,50"},
		{9000, "90", "90,00"},
		{8999, "89,99", "89,99"},
		{0, "0", "0,00"},
		{1, "0,01", "0,01"},
		{10, "0,1", "0,10"},
		{-500, "-5", "-5,00"},
		{-1, "-0,01", "-0,01"},
		{math.MinInt64, "-92233720368547758,08", "-92233720368547758,08"},
		{math.MaxInt64, "92233720368547758,07", "92233720368547758,07"},
	} {
		t.Run(tc.str, func(t *testing.T) {
			if got, want := tc.p.String(), tc.str; got != want {
				t.Errorf("String() = %q, want %q", got, want)
			}
			if got, want := tc.p.Fixed(), tc.fixed; got != want {
				t.Errorf("Fixed() = %q, want %q", got, want)
			}
		})
	}
}

func TestMulDiv(t *testing.T) {
	for _, tc := range []struct {
		name     string
		p        Points
		num, den int64
		want     Points
	}{
		{"exact", 2000, 17, 20, 1700},
		{"half up", 1, 1, 2, 1},         // 0,005 → 0,01
		{"below half", 1000, 1, 3, 333}, // 3,333… → 3,33
		{"above half", 1000, 2, 3, 667}, // 6,666… → 6,67
		{"negative half away from zero", -1, 1, 2, -1},
		{"zero denominator", 1000, 1, 0, 0},
		{"negative denominator", 1000, 1, -3, 0},
		{"no overflow", math.MaxInt64, math.MaxInt64, math.MaxInt64, math.MaxInt64},
		{"saturates", math.MaxInt64, 2, 1, math.MaxInt64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := MulDiv(tc.p, tc.num, tc.den), tc.want; got != want {
				t.Errorf("MulDiv(%d, %d, %d) = %d, want %d", tc.p, tc.num, tc.den, got, want)
			}
		})
	}
}

func TestShares(t *testing.T) {
	for _, tc := range []struct {
		name           string
		num, den       int64
		target         Points
		above, atLeast bool
	}{
		{"18/21 > 85%", 18, 21, 8500, true, true},
		{"17/20 = 85% is not > 85%", 17, 20, 8500, false, true},
		{"exactly 50%", 5, 10, 5000, false, true},
		{"49/100 < 50%", 49, 100, 5000, false, false},
		{"exactly 70%", 7, 10, 7000, false, true},
		{"899/1000 < 90%", 899, 1000, 9000, false, false},
		{"no denominator", 0, 0, 0, false, false},
		{"huge", math.MaxInt64, math.MaxInt64, 10000, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := ShareAbove(tc.num, tc.den, tc.target), tc.above; got != want {
				t.Errorf("ShareAbove = %v, want %v", got, want)
			}
			if got, want := ShareAtLeast(tc.num, tc.den, tc.target), tc.atLeast; got != want {
				t.Errorf("ShareAtLeast = %v, want %v", got, want)
			}
		})
	}
	if got, want := Percent(2, 3), Points(6666); got != want {
		t.Errorf("Percent(2, 3) = %d, want %d (truncated)", got, want)
	}
}
