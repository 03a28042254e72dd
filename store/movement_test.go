package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"bontot"
	"bontot/store"
)

// execSQL runs a statement written with ? placeholders on either engine.
func execSQL(tb testing.TB, s *store.Store, q string, args ...any) {
	tb.Helper()
	if s.Engine() == store.Postgres {
		var b strings.Builder
		n := 0
		for _, c := range q {
			if c == '?' {
				n++
				b.WriteString("$" + strconv.Itoa(n))
			} else {
				b.WriteRune(c)
			}
		}
		q = b.String()
	}
	if _, err := s.DB().ExecContext(context.Background(), q, args...); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
}

func wantCode(tb testing.TB, err error, code string) *bontot.Error {
	tb.Helper()
	var e *bontot.Error
	if !asError(err, &e) || e.Code != code {
		tb.Fatalf("err = %v, want code %s", err, code)
	}
	return e
}

func mustDeploy(tb testing.TB, s *store.Store, c *bontot.Campaign, o *bontot.Org, launched, disseminated, deployed string) {
	tb.Helper()
	d := &bontot.Deployment{CampaignID: c.ID, OrgID: o.ID, LaunchedOn: date(launched), DisseminatedOn: date(disseminated), DeployedOn: date(deployed),
		LaunchDocument: "Kế hoạch số 05-KH/ĐU"}
	if launched != "" {
		d.Participants = 40
	}
	if err := s.SaveDeployment(context.Background(), admin, d); err != nil {
		tb.Fatalf("SaveDeployment(%s): %v", o.Name, err)
	}
}

func date(s string) bontot.Date {
	if s == "" {
		return bontot.Date{}
	}
	return bontot.MustDate(s)
}

func gapNames(gs []*store.DeploymentGap) string {
	var out []string
	for _, g := range gs {
		out = append(out, g.Name)
	}
	return strings.Join(out, ", ")
}

func TestDeploymentSharesFollowLaunches(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		shares := func(under *bontot.Org, limit, offset int) *store.DeploymentSummary {
			t.Helper()
			sum, err := s.DeploymentShares(ctx, c.ID, under.Path, limit, offset)
			if err != nil {
				t.Fatal(err)
			}
			return sum
		}
		// Grassroots organizations: ward, ward2 (committees) and school (base cell).
		sum := shares(tr.city, 10, 0)
		if got, want := sum.Total, (bontot.DeploymentTally{Units: 3}); got != want {
			t.Errorf("before: total = %+v, want %+v", got, want)
		}
		if got, want := gapNames(sum.Missing), "Đảng bộ phường Trần Phú, Đảng bộ phường Nguyễn Du, Chi bộ Trường THPT Thành Sen"; got != want {
			t.Errorf("missing = %q, want %q", got, want)
		}
		if sum.Self {
			t.Error("the city counts itself")
		}

		mustDeploy(t, s, c, tr.ward, "20/02/2024", "01/03/2024", "15/03/2024")
		mustDeploy(t, s, c, tr.school, "22/02/2024", "", "")
		sum = shares(tr.city, 10, 0)
		if got, want := sum.Total, (bontot.DeploymentTally{Units: 3, Launched: 2, Disseminated: 1, Deployed: 1, Complete: 1}); got != want {
			t.Errorf("after: total = %+v, want %+v", got, want)
		}
		if got, want := gapNames(sum.Missing), "Đảng bộ phường Nguyễn Du, Chi bộ Trường THPT Thành Sen"; got != want {
			t.Errorf("missing = %q, want %q", got, want)
		}
		if g := sum.Missing[1]; g.LaunchedOn != bontot.MustDate("22/02/2024") || !g.DeployedOn.IsZero() || g.ParentName != "Đảng bộ thành phố Hà Tĩnh" {
			t.Errorf("school's gap = %+v", g)
		}
		// Per child, committees before the base cell.
		var kids []string
		for _, ch := range sum.Children {
			kids = append(kids, fmt.Sprintf("%s %d/%d/%d", ch.Org.Name, ch.Tally.Launched, ch.Tally.Complete, ch.Tally.Units))
		}
		if got, want := strings.Join(kids, "; "), "Đảng bộ phường Nguyễn Du 0/0/1; Đảng bộ phường Trần Phú 1/1/1; Chi bộ Trường THPT Thành Sen 1/0/1"; got != want {
			t.Errorf("children = %q, want %q", got, want)
		}
		// Paging.
		if got := gapNames(shares(tr.city, 1, 1).Missing); got != "Chi bộ Trường THPT Thành Sen" {
			t.Errorf("second page = %q", got)
		}
		// The ward's own view counts the ward itself, and no cell.
		sum = shares(tr.ward, 10, 0)
		if !sum.Self || sum.Total != (bontot.DeploymentTally{Units: 1, Launched: 1, Disseminated: 1, Deployed: 1, Complete: 1}) || len(sum.Children) != 0 || len(sum.Missing) != 0 {
			t.Errorf("ward = %+v", sum)
		}
		// A cell follows its committee's plan: it records no deployment of its own.
		err := s.SaveDeployment(ctx, admin, &bontot.Deployment{CampaignID: c.ID, OrgID: tr.tdp4.ID, LaunchedOn: bontot.MustDate("01/03/2024")})
		wantCode(t, err, bontot.ENOTFOUND)

		// A correction updates the same record and is audited with what changed.
		d, err := s.Deployment(ctx, c.ID, tr.ward.ID)
		if err != nil || d == nil {
			t.Fatal(d, err)
		}
		d.Participants = 152
		if err := s.SaveDeployment(ctx, admin, d); err != nil {
			t.Fatal(err)
		}
		again, _ := s.Deployment(ctx, c.ID, tr.ward.ID)
		if again.ID != d.ID || again.Participants != 152 || again.LaunchDocument != "Kế hoạch số 05-KH/ĐU" || again.Username != "kiemthu" {
			t.Errorf("corrected = %+v", again)
		}
		entries, _, err := s.AuditEntries(ctx, bontot.AuditFilter{Action: "deployment.save", EntityID: tr.ward.ID})
		if err != nil || len(entries) != 2 {
			t.Fatalf("audit = %v, %v", entries, err)
		}
		if ch := entries[0].Changes; len(ch) != 1 || ch[0].Field != "Số người dự" || ch[0].Old != "40" || ch[0].New != "152" {
			t.Errorf("changes = %+v", ch)
		}
		if none, err := s.Deployment(ctx, c.ID, tr.ward2.ID); none != nil || err != nil {
			t.Errorf("nothing recorded: %v, %v", none, err)
		}

		// A dissolved organization no longer counts.
		execSQL(t, s, `UPDATE orgs SET valid_to = ? WHERE id = ?`, bontot.MustDate("01/01/2025"), tr.ward2.ID)
		if sum := shares(tr.city, 10, 0); sum.Total.Units != 2 || gapNames(sum.Missing) != "Chi bộ Trường THPT Thành Sen" {
			t.Errorf("after dissolution: %+v, %s", sum.Total, gapNames(sum.Missing))
		}
	})
}

func TestDeploymentValidation(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr) // 2024–2025; today is 15/03/2025
		cases := []struct {
			name                 string
			org                  *bontot.Org
			launched, dis, dep   string
			code, field, message string
		}{
			{"nothing", tr.ward, "", "", "", bontot.EINVALID, "launched_on", ""},
			{"future", tr.ward, "16/03/2025", "", "", bontot.EINVALID, "launched_on", "chưa tới"},
			{"deployed before launch", tr.ward, "20/02/2024", "", "19/02/2024", bontot.EINVALID, "deployed_on", "trước ngày phát động"},
			{"before the period", tr.ward, "01/05/2022", "", "", bontot.EINVALID, "launched_on", "2024–2025"},
			{"superior", tr.city, "20/02/2024", "", "", bontot.ENOTFOUND, "", "không tham gia"},
		}
		for _, tc := range cases {
			err := s.SaveDeployment(ctx, admin, &bontot.Deployment{CampaignID: c.ID, OrgID: tc.org.ID, LaunchedOn: date(tc.launched),
				DisseminatedOn: date(tc.dis), DeployedOn: date(tc.dep)})
			e := wantCode(t, err, tc.code)
			if tc.field != "" && e.Fields[tc.field] == "" {
				t.Errorf("%s: no message for %s: %+v", tc.name, tc.field, e)
			}
			if tc.message != "" && !strings.Contains(e.Message+fmt.Sprint(e.Fields), tc.message) {
				t.Errorf("%s: message %q lacks %q", tc.name, e.Message+fmt.Sprint(e.Fields), tc.message)
			}
		}
	})
}

// threeTargets is a registration of TDP 4 for 2025: one countable target.
func threeTargets(c *bontot.Campaign, cell *bontot.Org) *bontot.Registration {
	return &bontot.Registration{CampaignID: c.ID, Year: 2025, OrgID: cell.ID, SignedOn: bontot.MustDate("10/01/2025"), Targets: []bontot.Target{
		{Criterion: 4, Text: "Kết nạp đảng viên mới", Countable: true, Planned: 200, Unit: "đảng viên"},
		{Criterion: 2, Text: "Sinh hoạt chi bộ đúng kỳ, có chất lượng"},
		{Criterion: 3, Text: "Không có đảng viên vi phạm kỷ luật"},
	}}
}

func TestRegistrationWorkflow(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		unit := store.Actor{UserID: 0, Username: "bithu.tdp4"}
		above := store.Actor{UserID: 0, Username: "danguy.tranphu"}
		facts := func(want string) {
			t.Helper()
			reg, met, ok, err := s.TargetFacts(ctx, c.ID, 2025, tr.tdp4.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprintf("%d/%d %v", met, reg, ok); got != want {
				t.Errorf("TargetFacts = %s, want %s", got, want)
			}
		}
		facts("0/0 false")

		r := threeTargets(c, tr.tdp4)
		if err := s.CreateRegistration(ctx, unit, r); err != nil {
			t.Fatal(err)
		}
		if r.Status != bontot.RegDraft || r.Targets[0].ID == 0 || r.Version != 1 {
			t.Fatalf("created = %+v", r)
		}
		facts("0/0 false") // a draft is not registered yet
		wantCode(t, s.CreateRegistration(ctx, unit, threeTargets(c, tr.tdp4)), bontot.ECONFLICT)

		wantCode(t, s.TransitionRegistration(ctx, above, r.ID, 0, bontot.RegAcknowledge, ""), bontot.ECONFLICT)
		if err := s.TransitionRegistration(ctx, unit, r.ID, 1, bontot.RegSend, ""); err != nil {
			t.Fatal(err)
		}
		facts("0/3 true")
		got, err := s.Registration(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != bontot.RegSent || got.SentAt.IsZero() || len(got.Targets) != 3 || got.Targets[0].Planned != 200 || got.Targets[0].Unit != "đảng viên" ||
			got.OrgName != "Chi bộ TDP 4" || got.OrgParentName != "Đảng bộ phường Trần Phú" || got.SignedOn != bontot.MustDate("10/01/2025") {
			t.Fatalf("sent = %+v", got)
		}
		// Sent: the unit cannot edit; the level above returns it with a note.
		wantCode(t, s.SaveRegistration(ctx, unit, got), bontot.ECONFLICT)
		e := wantCode(t, s.TransitionRegistration(ctx, above, r.ID, 0, bontot.RegReturn, "  "), bontot.EINVALID)
		if e.Fields["note"] == "" {
			t.Error("no message for the note")
		}
		if err := s.TransitionRegistration(ctx, above, r.ID, got.Version, bontot.RegReturn, "Chỉ tiêu kết nạp cần ghi rõ số quần chúng ưu tú được bồi dưỡng."); err != nil {
			t.Fatal(err)
		}
		facts("0/0 false")
		got, _ = s.Registration(ctx, r.ID)
		if got.Status != bontot.RegReturned || !strings.Contains(got.ReturnNote, "quần chúng ưu tú") {
			t.Fatalf("returned = %+v", got)
		}
		// She fixes it (a stale copy is refused) and sends again.
		stale := *got
		stale.Version--
		wantCode(t, s.SaveRegistration(ctx, unit, &stale), bontot.ECONFLICT)
		got.Targets[0].Text = "Kết nạp đảng viên mới; bồi dưỡng 3 quần chúng ưu tú"
		if err := s.SaveRegistration(ctx, unit, got); err != nil {
			t.Fatal(err)
		}
		if err := s.TransitionRegistration(ctx, unit, r.ID, got.Version, bontot.RegSend, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.TransitionRegistration(ctx, above, r.ID, 0, bontot.RegAcknowledge, "Đồng ý"); err != nil {
			t.Fatal(err)
		}
		got, _ = s.Registration(ctx, r.ID)
		if got.Status != bontot.RegAcknowledged || got.AckBy != "danguy.tranphu" || got.AckAt.IsZero() || !strings.HasPrefix(got.Targets[0].Text, "Kết nạp đảng viên mới; bồi dưỡng") {
			t.Fatalf("acknowledged = %+v", got)
		}
		facts("0/3 true")

		// Year end: two of three met.
		yes, no := true, false
		two, oneHalf := bontot.Amount(200), bontot.Amount(150)
		results := []store.TargetResult{{TargetID: got.Targets[0].ID, Achieved: &two, Note: "Kết nạp 2 đồng chí"},
			{TargetID: got.Targets[1].ID, Met: &yes}, {TargetID: got.Targets[2].ID, Met: &no, Note: "1 đảng viên bị khiển trách"}}
		if err := s.RecordAchievements(ctx, unit, r.ID, got.Version, results); err != nil {
			t.Fatal(err)
		}
		facts("2/3 true")
		got, _ = s.Registration(ctx, r.ID)
		if m, known := got.MetCount(); m != 2 || known != 3 || got.Targets[0].ResultNote != "Kết nạp 2 đồng chí" {
			t.Errorf("met %d of %d known; %+v", m, known, got.Targets)
		}
		results[0].Achieved = &oneHalf
		if err := s.RecordAchievements(ctx, unit, r.ID, 0, results[:1]); err != nil {
			t.Fatal(err)
		}
		facts("1/3 true")
		wantCode(t, s.RecordAchievements(ctx, unit, r.ID, 0, []store.TargetResult{{TargetID: 999999, Met: &yes}}), bontot.EINVALID)

		events, err := s.RegistrationEvents(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var steps []string
		for _, e := range events {
			steps = append(steps, fmt.Sprintf("%s %s→%s %s", e.Action, e.From, e.To, e.Username))
		}
		if got, want := strings.Join(steps, "; "), "send draft→sent bithu.tdp4; return sent→returned danguy.tranphu; send returned→sent bithu.tdp4; acknowledge sent→acknowledged danguy.tranphu"; got != want {
			t.Errorf("events = %q\nwant      %q", got, want)
		}
		entries, _, err := s.AuditEntries(ctx, bontot.AuditFilter{Entity: "registration", EntityID: r.ID})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append([]string{e.Action}, actions...)
			if bontot.AuditActions[e.Action] == "" {
				t.Errorf("no label for %s", e.Action)
			}
		}
		if got, want := strings.Join(actions, " "), "registration.create registration.send registration.return registration.update registration.send registration.acknowledge registration.results registration.results"; got != want {
			t.Errorf("audit = %q\nwant    %q", got, want)
		}
		// The unit's registrations, by year.
		list, err := s.Registrations(ctx, c.ID, tr.tdp4.ID)
		if err != nil || len(list) != 1 || len(list[0].Targets) != 3 {
			t.Errorf("registrations = %v, %v", list, err)
		}
		if one, err := s.RegistrationOf(ctx, c.ID, 2025, tr.tdp4.ID); err != nil || one.ID != r.ID {
			t.Errorf("RegistrationOf = %v, %v", one, err)
		}
		_, err = s.RegistrationOf(ctx, c.ID, 2024, tr.tdp4.ID)
		wantCode(t, err, bontot.ENOTFOUND)
	})
}

func TestRegistrationRules(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		bad := threeTargets(c, tr.tdp1)
		bad.Targets[0].Planned, bad.Targets[0].Unit = 0, ""
		bad.Targets[1].Criterion = 5
		bad.Targets[2].Text = " "
		e := wantCode(t, s.CreateRegistration(ctx, admin, bad), bontot.EINVALID)
		for _, f := range []string{"t0_planned", "t0_unit", "t1_criterion", "t2_text"} {
			if e.Fields[f] == "" {
				t.Errorf("no message for %s: %v", f, e.Fields)
			}
		}
		future := threeTargets(c, tr.tdp1)
		future.SignedOn = bontot.MustDate("16/03/2025")
		wantCode(t, s.CreateRegistration(ctx, admin, future), bontot.EINVALID)
		wrongYear := threeTargets(c, tr.tdp1)
		wrongYear.Year = 2023
		wantCode(t, s.CreateRegistration(ctx, admin, wrongYear), bontot.ENOTFOUND)
		wantCode(t, s.CreateRegistration(ctx, admin, threeTargets(c, tr.city)), bontot.ENOTFOUND)

		// An empty draft is kept, but cannot be sent.
		empty := &bontot.Registration{CampaignID: c.ID, Year: 2025, OrgID: tr.tdp1.ID}
		if err := s.CreateRegistration(ctx, admin, empty); err != nil {
			t.Fatal(err)
		}
		e = wantCode(t, s.TransitionRegistration(ctx, admin, empty.ID, 0, bontot.RegSend, ""), bontot.EINVALID)
		if e.Fields["targets"] == "" {
			t.Errorf("fields = %v", e.Fields)
		}
		// Results only once acknowledged.
		yes := true
		wantCode(t, s.RecordAchievements(ctx, admin, empty.ID, 0, []store.TargetResult{{TargetID: 1, Met: &yes}}), bontot.ECONFLICT)

		// The signed document: while the unit edits; replaced by a new upload.
		if err := s.SetRegistrationDocument(ctx, admin, empty.ID, "dang-ky.pdf", "application/pdf", []byte("%PDF-1.4 một")); err != nil {
			t.Fatal(err)
		}
		if err := s.SetRegistrationDocument(ctx, admin, empty.ID, "dang-ky-2.pdf", "application/pdf", []byte("%PDF-1.4 hai")); err != nil {
			t.Fatal(err)
		}
		doc, data, err := s.RegistrationDocument(ctx, empty.ID)
		if err != nil || doc.Filename != "dang-ky-2.pdf" || string(data) != "%PDF-1.4 hai" || doc.Size != int64(len(data)) {
			t.Fatalf("document = %+v %q %v", doc, data, err)
		}
		if r, _ := s.Registration(ctx, empty.ID); r.Document == nil || r.Document.Filename != "dang-ky-2.pdf" {
			t.Errorf("registration's document = %+v", r.Document)
		}
		wantCode(t, s.SetRegistrationDocument(ctx, admin, empty.ID, "x.pdf", "application/pdf", make([]byte, bontot.MaxEvidenceSize+1)), bontot.EINVALID)
		_, _, err = s.RegistrationDocument(ctx, 999999)
		wantCode(t, err, bontot.ENOTFOUND)

		// A locked year refuses every change.
		execSQL(t, s, `UPDATE campaign_years SET locked = ? WHERE campaign_id = ? AND year = ?`, true, c.ID, 2025)
		empty.Targets = threeTargets(c, tr.tdp1).Targets
		wantCode(t, s.SaveRegistration(ctx, admin, empty), bontot.ECONFLICT)
		wantCode(t, s.CreateRegistration(ctx, admin, threeTargets(c, tr.tdp4)), bontot.ECONFLICT)
	})
}

func TestRegistrationShares(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		reg := func(o *bontot.Org, steps ...bontot.RegAction) {
			t.Helper()
			r := threeTargets(c, o)
			if err := s.CreateRegistration(ctx, admin, r); err != nil {
				t.Fatal(err)
			}
			for _, a := range steps {
				note := ""
				if a == bontot.RegReturn {
					note = "Bổ sung chỉ tiêu"
				}
				if err := s.TransitionRegistration(ctx, admin, r.ID, 0, a, note); err != nil {
					t.Fatal(err)
				}
			}
		}
		reg(tr.tdp4, bontot.RegSend, bontot.RegAcknowledge)
		reg(tr.tdp1) // draft
		reg(tr.ward, bontot.RegSend)
		reg(tr.school, bontot.RegSend, bontot.RegReturn)
		sum, err := s.RegistrationShares(ctx, c.ID, 2025, tr.city.Path, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		// Units: ward, ward2, tdp1, tdp4, w2cell, school.
		if got, want := sum.Total, (bontot.RegistrationTally{Units: 6, Draft: 1, Sent: 1, Acknowledged: 1, Returned: 1}); got != want {
			t.Errorf("total = %+v, want %+v", got, want)
		}
		if sum.Total.Registered() != 2 || sum.Total.None() != 2 || sum.Total.Unsent() != 4 || sum.Self != nil {
			t.Errorf("derived: %d %d %d %v", sum.Total.Registered(), sum.Total.None(), sum.Total.Unsent(), sum.Self)
		}
		var kids []string
		for _, ch := range sum.Children {
			kids = append(kids, fmt.Sprintf("%s %d/%d", ch.Org.Name, ch.Tally.Registered(), ch.Tally.Units))
		}
		if got, want := strings.Join(kids, "; "), "Đảng bộ phường Nguyễn Du 0/2; Đảng bộ phường Trần Phú 2/3; Chi bộ Trường THPT Thành Sen 0/1"; got != want {
			t.Errorf("children = %q, want %q", got, want)
		}
		var unsent []string
		for _, g := range sum.Unsent {
			unsent = append(unsent, fmt.Sprintf("%s [%s]", g.Name, g.Status))
			if (g.Status == "") != (g.RegistrationID == 0) {
				t.Errorf("%s: status %q, registration %d", g.Name, g.Status, g.RegistrationID)
			}
		}
		if got, want := strings.Join(unsent, ", "), "Chi bộ TDP 1 [draft], Đảng bộ phường Nguyễn Du [], Chi bộ TDP 2 [], Chi bộ Trường THPT Thành Sen [returned]"; got != want {
			t.Errorf("unsent = %q\nwant     %q", got, want)
		}
		// The ward's view: itself apart, its two cells as children.
		sum, err = s.RegistrationShares(ctx, c.ID, 2025, tr.ward.Path, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Self == nil || sum.Self.Sent != 1 || sum.Total.Units != 3 || len(sum.Children) != 2 || sum.Unsent != nil {
			t.Errorf("ward = %+v", sum)
		}
		// Another year has nothing yet; a year outside the campaign is not found.
		if sum, err := s.RegistrationShares(ctx, c.ID, 2024, tr.city.Path, 10, 0); err != nil || sum.Total.Registered() != 0 || sum.Total.Units != 6 {
			t.Errorf("2024 = %+v, %v", sum, err)
		}
		_, err = s.RegistrationShares(ctx, c.ID, 2030, tr.city.Path, 10, 0)
		wantCode(t, err, bontot.ENOTFOUND)

		// Scoring a subtree reads every sent or acknowledged unit at once.
		all, err := s.TargetFactsUnder(ctx, c.ID, 2025, tr.city.Path)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[tr.tdp4.ID] != (store.TargetCount{Registered: 3}) || all[tr.ward.ID].Registered != 3 {
			t.Errorf("TargetFactsUnder = %v", all)
		}
		// Re-parenting a cell keeps its registration with it.
		if err := s.ReparentOrg(ctx, admin, tr.tdp4.ID, tr.ward2.ID, bontot.MustDate("01/03/2025"), ""); err != nil {
			t.Fatal(err)
		}
		sum, err = s.RegistrationShares(ctx, c.ID, 2025, MustGet(t, s, tr.ward2.ID).Path, 0, 0)
		if err != nil || sum.Total.Acknowledged != 1 || sum.Total.Units != 3 {
			t.Errorf("ward2 after the move = %+v, %v", sum, err)
		}
		moved, err := s.TargetFactsUnder(ctx, c.ID, 2025, MustGet(t, s, tr.ward2.ID).Path)
		if err != nil || len(moved) != 1 || moved[tr.tdp4.ID].Registered != 3 {
			t.Errorf("facts under ward2 = %v, %v", moved, err)
		}
		// registrations.org_path, which other subtree queries read, follows the unit.
		var path string
		q := `SELECT org_path FROM registrations WHERE org_id = ?`
		if s.Engine() == store.Postgres {
			q = strings.Replace(q, "?", "$1", 1)
		}
		if err := s.DB().QueryRowContext(ctx, q, tr.tdp4.ID).Scan(&path); err != nil || path != MustGet(t, s, tr.tdp4.ID).Path {
			t.Errorf("org_path = %q, want %q (%v)", path, MustGet(t, s, tr.tdp4.ID).Path, err)
		}
	})
}

func TestAmountParsingAndWriting(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bontot.Amount
		text string
	}{
		{"2", 200, "2"}, {"80", 8000, "80"}, {"1,5", 150, "1,5"}, {"1.5", 150, "1,5"}, {"1.500", 150000, "1.500"},
		{"1.234.567,89", 123456789, "1.234.567,89"}, {" 0,05 ", 5, "0,05"}, {"12,50", 1250, "12,5"},
	} {
		got, err := bontot.ParseAmount(tc.in)
		if err != nil || got != tc.want || got.String() != tc.text {
			t.Errorf("ParseAmount(%q) = %d (%s), %v; want %d (%s)", tc.in, got, got.String(), err, tc.want, tc.text)
		}
	}
	for _, in := range []string{"", "-1", "abc", "1,234", "1.23.4", "1,5,6", "12.", "1234567890123"} {
		if _, err := bontot.ParseAmount(in); err == nil {
			t.Errorf("ParseAmount(%q) accepted", in)
		}
	}
}

// TestMovementSharesScale loads BONTOT_MOVEMENT_ORGS organizations shaped
// like the national tree (provinces of districts of base committees of
// cells, plus base cells), records a launch for 90% of the grassroots
// organizations and a registration for 80% of the units, then times the
// shares and the first page of each late list at the root and at one
// province. Skipped unless the variable is set (e.g. 352000); the engine is
// BONTOT_BULK_ENGINE (sqlite by default, or postgres).
func TestMovementSharesScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("BONTOT_MOVEMENT_ORGS"))
	if n <= 0 {
		t.Skip("set BONTOT_MOVEMENT_ORGS to run")
	}
	engine := store.SQLite
	if os.Getenv("BONTOT_BULK_ENGINE") == store.Postgres {
		engine = store.Postgres
	}
	ctx := context.Background()
	s := MustOpen(t, engine)
	if dir := os.Getenv("BONTOT_BULK_DIR"); dir != "" && engine == store.SQLite {
		// Keep the database, to look at query plans afterwards.
		path := filepath.Join(dir, "movement.db")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		var err error
		if s, err = store.Open(ctx, path); err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	var units, grassroots []int64
	st, err := s.BulkLoad(ctx, func(sink store.BulkSink) error {
		from := bontot.MustDate("03/02/1990")
		var o bontot.Org
		org := func(code, name string, kind bontot.OrgKind, parent string) error {
			o = bontot.Org{Code: code, Name: name, Kind: kind, Subtype: bontot.SubVillage, ValidFrom: from}
			return sink.Org(&o, parent)
		}
		if err := org("VN", "Đảng bộ thí điểm", bontot.KindSuperior, ""); err != nil {
			return err
		}
		count := 1
		for p := 0; count < n; p++ {
			prov := "VN.P" + strconv.Itoa(p)
			if err := org(prov, "Đảng bộ tỉnh "+strconv.Itoa(p), bontot.KindSuperior, "VN"); err != nil {
				return err
			}
			count++
			for d := 0; d < 10 && count < n; d++ {
				dist := prov + ".D" + strconv.Itoa(d)
				if err := org(dist, "Đảng bộ huyện "+strconv.Itoa(d), bontot.KindSuperior, prov); err != nil {
					return err
				}
				count++
				for b := 0; b < 60 && count < n; b++ {
					if b%6 == 5 {
						if err := org(dist+".B"+strconv.Itoa(b), "Chi bộ cơ sở "+strconv.Itoa(b), bontot.KindBaseCell, dist); err != nil {
							return err
						}
						count++
						continue
					}
					bc := dist + ".X" + strconv.Itoa(b)
					if err := org(bc, "Đảng bộ xã "+strconv.Itoa(b), bontot.KindBaseCommittee, dist); err != nil {
						return err
					}
					count++
					for c := 0; c < 9 && count < n; c++ {
						if err := org(bc+".C"+strconv.Itoa(c), "Chi bộ thôn "+strconv.Itoa(c), bontot.KindCell, bc); err != nil {
							return err
						}
						count++
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	root, err := s.OrgByCode(ctx, "VN")
	if err != nil {
		t.Fatal(err)
	}
	c := &bontot.Campaign{Name: "Phong trào thí điểm", IssuerID: root.ID, ScopeID: root.ID, FromYear: 2024, ToYear: 2025, Quota: 2000}
	if err := s.CreateCampaign(ctx, admin, c); err != nil {
		t.Fatal(err)
	}
	execSQL(t, s, `INSERT INTO campaign_years (campaign_id, year, locked) VALUES (?, 2025, ?)`, c.ID, false)
	rows, err := s.DB().QueryContext(ctx, `SELECT id, kind FROM orgs WHERE kind IN ('base_committee', 'base_cell', 'cell') ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var kind string
		if err := rows.Scan(&id, &kind); err != nil {
			t.Fatal(err)
		}
		units = append(units, id)
		if kind != "cell" {
			grassroots = append(grassroots, id)
		}
	}
	rows.Close()
	// Seed in large multi-row statements, in one transaction.
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	seed := func(ids []int64, every int, row func(id int64) string) {
		var vals []string
		flush := func() {
			if len(vals) == 0 {
				return
			}
			q := strings.Join(vals, ", ")
			var err error
			if strings.HasPrefix(vals[0], "(D") {
				_, err = tx.ExecContext(ctx, `INSERT INTO deployments (campaign_id, org_id, launched_on, deployed_on, created_at, updated_at) VALUES `+strings.ReplaceAll(q, "(D", "("))
			} else {
				_, err = tx.ExecContext(ctx, `INSERT INTO registrations (campaign_id, year, org_id, org_path, status, created_at, updated_at) VALUES `+strings.ReplaceAll(q, "(R", "("))
			}
			if err != nil {
				t.Fatal(err)
			}
			vals = vals[:0]
		}
		for i, id := range ids {
			if i%10 < every {
				vals = append(vals, row(id))
			}
			if len(vals) == 500 {
				flush()
			}
		}
		flush()
	}
	ts := "'2025-03-01 00:00:00'"
	seed(grassroots, 9, func(id int64) string {
		return fmt.Sprintf("(D%d, %d, '2024-02-20', '2024-03-15', %s, %s)", c.ID, id, ts, ts)
	})
	seed(units, 8, func(id int64) string {
		status := []string{"sent", "acknowledged", "draft", "returned"}[id%4]
		return fmt.Sprintf("(R%d, 2025, %d, '', '%s', %s, %s)", c.ID, id, status, ts, ts)
	})
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := s.RecountRegistrations(ctx); err != nil { // the rows above went around the store
		t.Fatal(err)
	}
	if err := s.RecountDeployments(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d organizations (%d units, %d grassroots) loaded and seeded in %v", engine, st.Orgs, len(units), len(grassroots), time.Since(start).Round(time.Millisecond))
	prov, err := s.OrgByCode(ctx, "VN.P0")
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []*bontot.Org{root, prov} {
		for round := 0; round < 2; round++ { // the second round runs with a warm cache
			t0 := time.Now()
			d, err := s.DeploymentShares(ctx, c.ID, at.Path, 200, 0)
			if err != nil {
				t.Fatal(err)
			}
			t1 := time.Now()
			r, err := s.RegistrationShares(ctx, c.ID, 2025, at.Path, 200, 0)
			if err != nil {
				t.Fatal(err)
			}
			t2 := time.Now()
			t.Logf("%s (round %d): deployment %v (%d grassroots, %d complete, %d children, %d listed); registration %v (%d units, %d registered, %d children, %d listed)",
				at.Code, round+1, t1.Sub(t0).Round(time.Millisecond), d.Total.Units, d.Total.Complete, len(d.Children), len(d.Missing),
				t2.Sub(t1).Round(time.Millisecond), r.Total.Units, r.Total.Registered(), len(r.Children), len(r.Unsent))
			if at == root && (d.Total.Units != int64(len(grassroots)) || r.Total.Units != int64(len(units))) {
				t.Errorf("root counts %d/%d, want %d/%d", d.Total.Units, r.Total.Units, len(grassroots), len(units))
			}
		}
	}
}
