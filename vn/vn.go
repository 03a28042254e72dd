// Package vn holds the Vietnamese text rules of Bốn Tốt: NFC normalization of
// input, the accent-free search fold ("Nguyễn Văn Đức" → "nguyen van duc"), the
// collation key that puts names in Vietnamese order, and name splitting.
// It imports nothing of ours.
package vn

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Clean normalizes s to NFC, trims it and folds runs of white space to one
// space. Every text a user types goes through Clean before it is stored, so
// that "Đức" typed on a phone (often NFD) equals "Đức" typed on a PC.
func Clean(s string) string {
	s = norm.NFC.String(s)
	return strings.Join(strings.Fields(s), " ")
}

// Fold returns the search key of s: lower case, without diacritics, đ → d,
// white space folded, so that "nguyen du" matches "Nguyễn Du".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drops leading space and folds runs
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		b.WriteRune(unicode.ToLower(r))
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// collators are not safe for concurrent use; keep one per goroutine via a pool.
var collators = sync.Pool{New: func() any { return collate.New(language.Vietnamese) }}

// Key returns the Vietnamese collation key of s. Comparing keys bytewise
// (SQLite BLOB, PostgreSQL bytea) gives Vietnamese order: a < ă < â < b … d < đ.
func Key(s string) []byte {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	var buf collate.Buffer
	k := c.KeyFromString(&buf, s)
	return append([]byte(nil), k...)
}

// OrgKey is the collation key of an organization name, with numbers
// compared by value: "Chi bộ TDP 2" sorts before "Chi bộ TDP 10".
func OrgKey(name string) []byte { return Key(padNumbers(name)) }

// padNumbers left-pads every run of digits to 9 digits.
func padNumbers(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		for k := j - i; k < 9; k++ {
			b.WriteByte('0')
		}
		b.WriteString(s[i:j])
		i = j
	}
	return b.String()
}

// Compare compares a and b in Vietnamese order.
func Compare(a, b string) int {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	return c.CompareString(a, b)
}

// SplitName splits a Vietnamese full name into family name (first word),
// middle names and given name (last word). "Nguyễn Thị Minh Khai" →
// ("Nguyễn", "Thị Minh", "Khai").
func SplitName(full string) (family, middle, given string) {
	w := strings.Fields(full)
	switch len(w) {
	case 0:
		return "", "", ""
	case 1:
		return "", "", w[0]
	}
	return w[0], strings.Join(w[1:len(w)-1], " "), w[len(w)-1]
}

// NameOrder returns the name rearranged for sorting as Vietnamese lists do:
// given name first, then family name, then middle names.
// "Nguyễn Văn Đức" → "Đức Nguyễn Văn".
func NameOrder(full string) string {
	family, middle, given := SplitName(full)
	return strings.TrimSpace(strings.Join([]string{given, family, middle}, " "))
}

// NameKey is the collation key used to sort people: Key(NameOrder(full)).
func NameKey(full string) []byte { return Key(NameOrder(full)) }
