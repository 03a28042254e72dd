package demo

import (
	"math/rand/v2"
	"time"

	"bontot"
)

// cellRef is a cell that will receive members.
type cellRef struct {
	code string
	sub  bontot.OrgSubtype
	from int // day number of the cell's ValidFrom
	n    int // number of members, when drawn with the organizations
}

// Mobile prefixes in use in Việt Nam (Viettel, VinaPhone, MobiFone, Vietnamobile).
var phonePrefixes = [...]string{
	"032", "033", "034", "035", "036", "037", "038", "039", "070", "076",
	"077", "078", "079", "081", "082", "083", "084", "085", "086", "088",
	"089", "090", "091", "093", "094", "096", "097", "098", "099", "056", "058",
}

// scramble maps 0…999,999 onto itself one to one, in an order that looks
// random: a four-round Feistel network on the two three-digit halves. Card
// numbers drawn from a sequence this way never repeat. A prefix holds up to
// a million cards.
func scramble(n int) int {
	l, r := n/1000, n%1000
	for k := range 4 {
		h := uint32(r*2654435761) ^ uint32(k*40503+0x9e37)
		h ^= h >> 15
		h *= 0x2c1b3c6d
		h ^= h >> 12
		l, r = r, (l+int(h%1000))%1000
	}
	return l*1000 + r
}

// memberGen draws the members of one cell at a time into a reused buffer.
type memberGen struct {
	r      *rand.Rand
	names  *nameTables
	prefix int // two-digit card prefix: the card is prefix followed by six digits
	seq    int // card numbers issued so far under prefix

	ms    []MemberSeed
	buf   []byte  // card and phone digits of the cell
	phone []int32 // offset of each member's phone in buf, -1 for none
}

func newMemberGen(r *rand.Rand, prefix int) *memberGen {
	return &memberGen{r: r, names: names(), prefix: prefix}
}

// profile says who the members of a cell of some subtype tend to be.
type profile struct {
	female         int // per cent
	exempt         int // per thousand, besides the officers
	probation      int // per thousand
	bornLo, bornHi int // birth years of full members
}

func profileOf(sub bontot.OrgSubtype) profile {
	switch sub {
	case bontot.SubVillage, bontot.SubResidential:
		return profile{female: 36, exempt: 40, probation: 45, bornLo: 1942, bornHi: 1998}
	case bontot.SubSchool:
		return profile{female: 68, exempt: 0, probation: 70, bornLo: 1965, bornHi: 1998}
	case bontot.SubArmed:
		return profile{female: 12, exempt: 0, probation: 60, bornLo: 1968, bornHi: 1998}
	case bontot.SubRetired:
		return profile{female: 30, exempt: 300, probation: 0, bornLo: 1940, bornHi: 1964}
	}
	return profile{female: 40, exempt: 5, probation: 55, bornLo: 1964, bornHi: 1998}
}

// monthDay draws a month and a day that exists in every year.
func monthDay(r *rand.Rand) (int, int) {
	m := 1 + r.IntN(12)
	return m, 1 + r.IntN(daysIn[m])
}

var daysIn = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// endFullYear is the last year of admission of a full member: admitted plus
// one year must fall in 2024 at the latest.
const endFullYear = 2023

// officers is how many members at the head of a cell are drawn as full
// members in their working years, to hold the secretary, deputy and committee.
const officers = 5

// cell draws n (≥ officers) members of cell c. The returned slice is reused
// by the next call.
func (g *memberGen) cell(c *cellRef, n int) []MemberSeed {
	if cap(g.ms) < n {
		g.ms = make([]MemberSeed, n)
		g.phone = make([]int32, n)
	}
	ms, r, p := g.ms[:n], g.r, profileOf(c.sub)
	g.buf = g.buf[:0]
	full := 0
	for i := range ms {
		m := &ms[i]
		m.OrgCode = c.code
		officer := i < officers

		status := bontot.StatusFull
		if !officer {
			switch u := r.IntN(1000); {
			case u < p.exempt:
				status = bontot.StatusExempt
			case u < p.exempt+p.probation:
				status = bontot.StatusProbation
			}
		}
		gender := 0
		if r.IntN(100) < p.female {
			gender = 1
		}

		// Birth, admission (at 19 or later, so always after the 18th
		// birthday) and the day the member became full, one year on.
		var by, ay int
		switch {
		case status == bontot.StatusExempt:
			by = 1940 + r.IntN(15)
			ay = by + 19 + r.IntN(22)
		case status == bontot.StatusProbation:
			by = 1984 + r.IntN(17)
			ay = 2024
		default:
			lo, hi := p.bornLo, p.bornHi
			if officer {
				lo, hi = max(lo, 1958), min(hi, 1990)
			}
			by = lo + r.IntN(hi-lo+1)
			span := min(endFullYear-(by+19), 30) + 1
			ay = by + 19 + min(r.IntN(span), r.IntN(span)) // skewed to young admissions
		}
		bm, bd := monthDay(r)
		am, ad := monthDay(r)
		if status == bontot.StatusProbation { // admitted in the first half of 2024
			am = 1 + r.IntN(6)
			ad = 1 + r.IntN(daysIn[am])
		}
		m.FullName = g.names.name(r, gender)
		m.Gender = bontot.Male
		if gender == 1 {
			m.Gender = bontot.Female
		}
		m.Status = status
		m.BirthDate = bontot.NewDate(by, time.Month(bm), bd)
		m.AdmittedDate = bontot.NewDate(ay, time.Month(am), ad)
		m.FullMemberDate = bontot.Date{}
		if status != bontot.StatusProbation {
			m.FullMemberDate = bontot.NewDate(ay+1, time.Month(am), ad)
		}
		if status == bontot.StatusFull {
			full++
		}

		// Registered in this cell since a day after both the admission and
		// the founding of the cell; a probationary member since admission.
		since := max(dayOf(ay, am, ad), c.from)
		if status != bontot.StatusProbation {
			since += r.IntN(end2024 - since + 1)
		}
		m.Since = dateOf(since)

		// Card: the prefix, then the sequence number scrambled.
		g.buf = append2(g.buf, g.prefix)
		g.buf = appendN(g.buf, scramble(g.seq), 6)
		g.seq++

		g.phone[i] = -1
		noPhone := 8
		if status == bontot.StatusExempt {
			noPhone = 45
		}
		if r.IntN(100) >= noPhone {
			g.phone[i] = int32(len(g.buf))
			g.buf = append(g.buf, phonePrefixes[r.IntN(len(phonePrefixes))]...)
			g.buf = appendN(g.buf, r.IntN(10_000_000), 7)
		}
		m.Position = bontot.PosMember
	}

	// One string for the whole cell; each member's card and phone are slices of it.
	s, off := string(g.buf), 0
	for i := range ms {
		ms[i].CardNumber = s[off : off+8]
		off += 8
		if g.phone[i] >= 0 {
			ms[i].Phone = s[off : off+10]
			off += 10
		} else {
			ms[i].Phone = ""
		}
	}

	// A secretary; usually a deputy; an elected committee from 9 full members.
	ms[0].Position = bontot.PosSecretary
	if full >= 9 || r.IntN(100) < 70 {
		ms[1].Position = bontot.PosDeputySecretary
	}
	if full >= 9 {
		k := 1
		if n >= 20 {
			k++
		}
		if n >= 35 {
			k++
		}
		for i := 2; i < 2+k; i++ {
			ms[i].Position = bontot.PosCommittee
		}
	}
	return ms
}
