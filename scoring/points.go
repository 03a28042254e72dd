package scoring

import (
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// MaxTyped is the largest value ParsePoints accepts: 1 000 000 points. No
// scale comes near it; it only keeps absurd input out.
const MaxTyped Points = 100_000_000

// Errors of ParsePoints, in Vietnamese, ready to show beside the field.
var (
	ErrPointsEmpty    = errors.New("Chưa nhập điểm.")
	ErrPointsNegative = errors.New("Điểm không được âm.")
	ErrPointsNotNum   = errors.New("Điểm phải là một số, ví dụ 12 hoặc 12,5.")
	ErrPointsDecimals = errors.New("Điểm chỉ được có tối đa hai chữ số thập phân.")
	ErrPointsTooLarge = errors.New("Điểm quá lớn.")
)

// ParsePoints reads points as a person types them: "12", "12,5", "12.50",
// " 7 ". The decimal separator is a comma or a dot; there is no thousands
// separator. It refuses an empty text, a negative value, anything that is
// not a plain decimal number, more than two decimals and values above
// MaxTyped, with a Vietnamese message.
func ParsePoints(s string) (Points, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ErrPointsEmpty
	}
	if s[0] == '-' || strings.HasPrefix(s, "−") {
		rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "-"), "−"))
		if _, err := ParsePoints(rest); err == nil || err == ErrPointsDecimals || err == ErrPointsTooLarge {
			return 0, ErrPointsNegative
		}
		return 0, ErrPointsNotNum
	}
	whole, frac, hasSep := s, "", false
	if i := strings.IndexAny(s, ",."); i >= 0 {
		whole, frac, hasSep = s[:i], s[i+1:], true
	}
	if !allDigits(whole) || !allDigits(frac) || (whole == "" && frac == "") || (hasSep && frac == "") {
		return 0, ErrPointsNotNum
	}
	if len(frac) > 2 {
		return 0, ErrPointsDecimals
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 7 {
		return 0, ErrPointsTooLarge
	}
	var v int64
	for _, c := range whole {
		v = v*10 + int64(c-'0')
	}
	v *= 100
	for i := 0; i < 2; i++ {
		d := int64(0)
		if i < len(frac) {
			d = int64(frac[i] - '0')
		}
		if i == 0 {
			v += 10 * d
		} else {
			v += d
		}
	}
	if Points(v) > MaxTyped {
		return 0, ErrPointsTooLarge
	}
	return Points(v), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String shows points the Vietnamese way, with a decimal comma and no
// trailing zeros: "12,5", "90", "89,99", "0", "-5".
func (p Points) String() string {
	s, frac := p.split()
	switch {
	case frac == 0:
	case frac%10 == 0:
		s += "," + strconv.Itoa(int(frac/10))
	default:
		s += "," + twoDigits(frac)
	}
	if p < 0 {
		return "-" + s
	}
	return s
}

// Fixed shows points with always two decimals: "12,50", "90,00".
func (p Points) Fixed() string {
	s, frac := p.split()
	s += "," + twoDigits(frac)
	if p < 0 {
		return "-" + s
	}
	return s
}

// split returns the whole part of |p| in decimal and the hundredths of |p|.
func (p Points) split() (string, uint64) {
	u := uint64(p)
	if p < 0 {
		u = -u // two's complement: right for math.MinInt64 too
	}
	return strconv.FormatUint(u/100, 10), u % 100
}

func twoDigits(n uint64) string {
	return string([]byte{byte('0' + n/10), byte('0' + n%10)})
}

// MulDiv returns p × num ÷ den computed exactly and rounded half up (halves
// away from zero) to a hundredth, the one rounding of DOMAIN.md §6e. It
// returns 0 when den ≤ 0, and saturates at the int64 range. For a meeting's
// attendance below the threshold, MulDiv(2000, present, counted) is 20 × rate.
func MulDiv(p Points, num, den int64) Points {
	if den <= 0 {
		return 0
	}
	n := new(big.Int).Mul(big.NewInt(int64(p)), big.NewInt(num))
	return Points(roundFrac(n, big.NewInt(den)))
}

// ShareAtLeast tells whether num ÷ den ≥ target, target in hundredths of a
// percent (5000 = 50%), compared exactly on the fraction. A share with
// den ≤ 0 is never at least anything.
func ShareAtLeast(num, den int64, target Points) bool {
	if den <= 0 {
		return false
	}
	return cmpShare(num, den, target) >= 0
}

// ShareAbove tells whether num ÷ den > target, compared exactly on the
// fraction: ShareAbove(18, 21, 8500) is true, ShareAbove(17, 20, 8500) false.
func ShareAbove(num, den int64, target Points) bool {
	if den <= 0 {
		return false
	}
	return cmpShare(num, den, target) > 0
}

// cmpShare compares num/den with target/10000 (den > 0).
func cmpShare(num, den int64, target Points) int {
	l := new(big.Int).Mul(big.NewInt(num), big.NewInt(10000))
	r := new(big.Int).Mul(big.NewInt(int64(target)), big.NewInt(den))
	return l.Cmp(r)
}

// Percent is num ÷ den as hundredths of a percent, truncated toward zero so
// that a displayed share never looks as if it reached a threshold it did not
// reach (2/3 → 6666, "66,66%"). It returns 0 when den ≤ 0.
func Percent(num, den int64) Points {
	if den <= 0 {
		return 0
	}
	n := new(big.Int).Mul(big.NewInt(num), big.NewInt(10000))
	return Points(clampBig(n.Quo(n, big.NewInt(den))))
}

// pct shows num ÷ den as a percentage for explanations: "85,71%".
func pct(num, den int64) string {
	return Percent(num, den).String() + "%"
}

// roundFrac rounds num ÷ den (den > 0) half away from zero, saturating.
func roundFrac(num, den *big.Int) int64 {
	n := new(big.Int).Abs(num)
	n.Lsh(n, 1)
	n.Add(n, den)
	d := new(big.Int).Lsh(den, 1)
	n.Quo(n, d)
	if num.Sign() < 0 {
		n.Neg(n)
	}
	return clampBig(n)
}

// mulDivRound returns a × b ÷ c rounded half up (c > 0, else 0), exactly.
func mulDivRound(a, b, c int64) int64 {
	if c <= 0 {
		return 0
	}
	return roundFrac(new(big.Int).Mul(big.NewInt(a), big.NewInt(b)), big.NewInt(c))
}

// exactDiv tells whether a × b ÷ c is an exact integer (c > 0).
func exactDiv(a, b, c int64) bool {
	if c <= 0 {
		return true
	}
	n := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	return n.Rem(n, big.NewInt(c)).Sign() == 0
}

// mulBig is a × b as a big integer.
func mulBig(a, b int64) *big.Int {
	return new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
}

func clampBig(x *big.Int) int64 {
	if x.IsInt64() {
		return x.Int64()
	}
	if x.Sign() < 0 {
		return math.MinInt64
	}
	return math.MaxInt64
}

// satAdd adds without overflow, saturating at the int64 range.
func satAdd[T ~int64](a, b T) T {
	c := a + b
	if (c > a) == (b > 0) {
		return c
	}
	if b > 0 {
		return T(math.MaxInt64)
	}
	return T(math.MinInt64)
}

// satMul multiplies without overflow, saturating at the int64 range.
func satMul[T ~int64](a, b T) T {
	return T(clampBig(new(big.Int).Mul(big.NewInt(int64(a)), big.NewInt(int64(b)))))
}

func clamp[T ~int64](v, lo, hi T) T {
	if hi < lo {
		hi = lo
	}
	return min(max(v, lo), hi)
}

// scaled shows v ÷ 10^dec with a decimal comma, trailing zeros removed
// (scaled(1200, 4) = "0,12"). v ≥ 0.
func scaled(v int64, dec int) string {
	s := strconv.FormatInt(v, 10)
	if v < 0 {
		return s
	}
	for len(s) <= dec {
		s = "0" + s
	}
	w, f := s[:len(s)-dec], strings.TrimRight(s[len(s)-dec:], "0")
	if f == "" {
		return w
	}
	return w + "," + f
}
