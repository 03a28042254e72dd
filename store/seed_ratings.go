package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"bontot"
	"bontot/scoring"
)

// seedBatch is the number of rows of one multi-row INSERT of SeedRatings:
// at most 7 values a row, well under either engine's limit on parameters.
const seedBatch = 500

// SeedRatings writes a year's annual ratings and discipline decisions in bulk,
// in one transaction, for demo data, benchmarks and migrations from other
// tools: orgs maps organizations to their own rating, members maps members to
// theirs, filed under the member's current cell (members.org_id) like
// SaveRatings does, and each discipline decision is filed under the member's
// current cell too (Discipline.OrgID is filled in). Unrated entries are
// skipped.
//
// It is a plain loader: it does not check the rating rules (check the sheets
// with scoring.CheckRatings first), it refuses a rating that is already
// stored (a unique-key error), and it does not re-score assessments: seed
// the ratings before SeedAssessments, or call ScoreYear afterwards.
func (s *Store) SeedRatings(ctx context.Context, year int, orgs map[int64]scoring.Rating, members map[int64]scoring.Rating, disciplines []bontot.Discipline) error {
	for id, r := range orgs {
		if !validRating(r) {
			return bontot.Errorf(bontot.EINVALID, "Xếp loại không hợp lệ cho tổ chức %d: %d.", id, r)
		}
	}
	for id, r := range members {
		if !validRating(r) {
			return bontot.Errorf(bontot.EINVALID, "Xếp loại không hợp lệ cho đảng viên %d: %d.", id, r)
		}
	}
	for i := range disciplines {
		d := &disciplines[i]
		d.Normalize()
		if err := d.Validate(); err != nil {
			return err
		}
	}
	return s.tx(ctx, func(tx *Tx) error {
		orgIDs := ratedIDs(orgs)
		for start := 0; start < len(orgIDs); start += seedBatch {
			end := min(start+seedBatch, len(orgIDs))
			rows := make([]string, 0, end-start)
			args := make([]any, 0, 4*(end-start))
			for _, id := range orgIDs[start:end] {
				rows = append(rows, "(?, ?, ?, ?)")
				args = append(args, id, year, int(orgs[id]), tx.now)
			}
			if _, err := tx.Exec(`INSERT INTO org_ratings (org_id, year, rating, updated_at) VALUES `+strings.Join(rows, ", "), args...); err != nil {
				return fmt.Errorf("store: seed org ratings: %w", err)
			}
		}

		memberIDs := ratedIDs(members)
		for start := 0; start < len(memberIDs); start += seedBatch {
			ids := memberIDs[start:min(start+seedBatch, len(memberIDs))]
			cells, err := tx.memberCells(ids)
			if err != nil {
				return err
			}
			rows := make([]string, 0, len(ids))
			args := make([]any, 0, 5*len(ids))
			for _, id := range ids {
				rows = append(rows, "(?, ?, ?, ?, ?)")
				args = append(args, id, year, cells[id], int(members[id]), tx.now)
			}
			if _, err := tx.Exec(`INSERT INTO member_ratings (member_id, year, org_id, rating, updated_at) VALUES `+strings.Join(rows, ", "), args...); err != nil {
				return fmt.Errorf("store: seed member ratings: %w", err)
			}
		}

		for start := 0; start < len(disciplines); start += seedBatch {
			batch := disciplines[start:min(start+seedBatch, len(disciplines))]
			ids := make([]int64, len(batch))
			for i, d := range batch {
				ids[i] = d.MemberID
			}
			cells, err := tx.memberCells(ids)
			if err != nil {
				return err
			}
			rows := make([]string, 0, len(batch))
			args := make([]any, 0, 7*len(batch))
			for i := range batch {
				d := &batch[i]
				d.OrgID, d.CreatedAt = cells[d.MemberID], tx.now
				rows = append(rows, "(?, ?, ?, ?, ?, ?, ?)")
				args = append(args, d.MemberID, d.OrgID, string(d.Level), d.Date, d.Decision, d.Reason, tx.now)
			}
			if _, err := tx.Exec(`INSERT INTO disciplines (member_id, org_id, level, decided_on, decision, reason, created_at) VALUES `+strings.Join(rows, ", "), args...); err != nil {
				return fmt.Errorf("store: seed disciplines: %w", err)
			}
		}
		return tx.audit(System, "rating.seed", "rating", 0, "",
			fmt.Sprintf("Nạp xếp loại năm %d: %d tổ chức, %d đảng viên, %d quyết định kỷ luật", year, len(orgIDs), len(memberIDs), len(disciplines)), nil)
	})
}

// ratedIDs returns the ids of the rated entries of m, in order.
func ratedIDs(m map[int64]scoring.Rating) []int64 {
	ids := make([]int64, 0, len(m))
	for id, r := range m {
		if r != scoring.Unrated {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// memberCells returns the current cell of each member of ids, and refuses a
// member that does not exist or is registered in no cell.
func (tx *Tx) memberCells(ids []int64) (map[int64]int64, error) {
	out := make(map[int64]int64, len(ids))
	rows, err := tx.Query(`SELECT id, org_id FROM members WHERE org_id IS NOT NULL AND id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, org int64
		if err := rows.Scan(&id, &org); err != nil {
			return nil, err
		}
		out[id] = org
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			return nil, bontot.Errorf(bontot.EINVALID, "Đảng viên %d không có hoặc hiện không sinh hoạt tại chi bộ nào.", id)
		}
	}
	return out, nil
}
