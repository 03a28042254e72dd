// Package importer applies a tree or member-register file to the store: the
// file is read and checked row by row (xlsx), then checked and applied against
// the database in one transaction (store), and every problem of both kinds is
// returned in one report, sorted by row. The web interface and the command
// line both import through it.
package importer

import (
	"context"
	"io"
	"sort"

	"bontot/store"
	"bontot/xlsx"
)

// Orgs imports an organization tree file. Nothing changes unless the
// returned report is OK; the error is for an unreadable file or a fault.
func Orgs(ctx context.Context, st *store.Store, a store.Actor, r io.Reader, f xlsx.Format, allowed func(path string) bool) (*xlsx.Report, *store.ImportResult, error) {
	rows, report, err := xlsx.ReadOrgs(r, f)
	if err != nil {
		return nil, nil, err
	}
	in := make([]store.OrgImport, len(rows))
	for i, row := range rows {
		in[i] = store.OrgImport{Row: row.Row, Org: row.Org, ParentCode: row.ParentCode}
	}
	// With problems in the file the database checks still run, dry, so
	// that every problem is listed at once.
	res, err := st.ImportOrgs(ctx, a, in, allowed, !report.OK())
	return merge(report, res, nil), res, err
}

// Members imports a member register file; see Orgs.
func Members(ctx context.Context, st *store.Store, a store.Actor, r io.Reader, f xlsx.Format, allowed func(path string) bool) (*xlsx.Report, *store.ImportResult, error) {
	rows, report, err := xlsx.ReadMembers(r, f, st.Today())
	if err != nil {
		return nil, nil, err
	}
	in := make([]store.MemberImport, len(rows))
	for i, row := range rows {
		in[i] = store.MemberImport{Row: row.Row, Member: row.Member, OrgCode: row.OrgCode}
	}
	// Rows refused by the file still have their cell code checked; only
	// that check is kept for them, the file already said the rest.
	for row, code := range report.CellCodes {
		in = append(in, store.MemberImport{Row: row, OrgCode: code})
	}
	res, err := st.ImportMembers(ctx, a, in, allowed, !report.OK())
	return merge(report, res, report.CellCodes), res, err
}

// merge adds the database's problems to the file's report, except those of
// refused rows other than their cell code.
func merge(report *xlsx.Report, res *store.ImportResult, refused map[int]string) *xlsx.Report {
	if res == nil {
		return report
	}
	for _, p := range res.Problems {
		if _, ok := refused[p.Row]; ok && p.Column != "Mã chi bộ" {
			continue
		}
		report.Add(p.Row, p.Column, p.Value, p.Message)
	}
	sort.SliceStable(report.Errors, func(i, j int) bool { return report.Errors[i].Row < report.Errors[j].Row })
	return report
}

// Everywhere allows every path, for imports by the operator on the command line.
func Everywhere(string) bool { return true }
