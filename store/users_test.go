package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"bontot"
	"bontot/store"
)

func TestUsersGrantsTokensSessions(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		tr := mustTree(t, s)
		ctx := context.Background()
		u := &bontot.User{Username: " BiThu.TDP4 ", FullName: "Nguyễn Văn Đức", Grants: []bontot.Grant{{Role: bontot.RoleSecretary, OrgID: tr.tdp4.ID}}}
		if err := s.CreateUser(ctx, admin, u, "matkhau123"); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(ctx, admin, &bontot.User{Username: "bithu.tdp4", FullName: "Khác"}, "matkhau123"); bontot.ErrorCode(err) != bontot.ECONFLICT {
			t.Errorf("duplicate username: %v", err)
		}
		if err := s.CreateUser(ctx, admin, &bontot.User{Username: "ngan", FullName: "Ngắn"}, "123"); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("short password: %v", err)
		}
		got, err := s.UserByUsername(ctx, "bithu.tdp4")
		if err != nil {
			t.Fatal(err)
		}
		if !bontot.CheckPassword(got.PasswordHash, "matkhau123") || bontot.CheckPassword(got.PasswordHash, "sai") {
			t.Error("password check")
		}
		if !got.Can(bontot.PermEditMembers, tr.tdp4.Path) || got.Can(bontot.PermReadMembers, tr.tdp1.Path) || got.Can(bontot.PermReadTree, tr.ward.Path) {
			t.Errorf("scope of a cell secretary is wrong: %+v", got.Grants)
		}
		if err := s.SetPassword(ctx, admin, u.ID, "matkhaumoi1"); err != nil {
			t.Fatal(err)
		}
		got, _ = s.User(ctx, u.ID)
		if !bontot.CheckPassword(got.PasswordHash, "matkhaumoi1") {
			t.Error("new password not saved")
		}
		users, _ := s.Users(ctx, tr.ward.Path)
		if len(users) != 1 {
			t.Errorf("users under the ward: %d", len(users))
		}
		if users, _ := s.Users(ctx, tr.ward2.Path); len(users) != 0 {
			t.Errorf("users under the other ward: %d", len(users))
		}

		token, err := s.CreateToken(ctx, admin, u.ID, "tích hợp")
		if err != nil {
			t.Fatal(err)
		}
		if tu, err := s.UserByToken(ctx, token); err != nil || tu.ID != u.ID {
			t.Errorf("UserByToken = %v, %v", tu, err)
		}
		if _, err := s.UserByToken(ctx, token+"x"); bontot.ErrorCode(err) != bontot.ENOTFOUND {
			t.Errorf("bad token: %v", err)
		}

		ss := s.Sessions()
		if err := ss.Commit("tok", []byte("dữ liệu"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := ss.Commit("tok", []byte("mới"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if b, ok, err := ss.Find("tok"); err != nil || !ok || string(b) != "mới" {
			t.Errorf("Find = %q %v %v", b, ok, err)
		}
		ss.Commit("old", []byte("x"), time.Now().Add(-time.Hour))
		if _, ok, _ := ss.Find("old"); ok {
			t.Error("expired session found")
		}
		ss.Delete("tok")
		if _, ok, _ := ss.Find("tok"); ok {
			t.Error("deleted session found")
		}
	})
}

// An account's optional e-mail is validated, stored, changed with an audit
// entry, and chosen as a reminder's recipient only when its owner sees the
// unit's home page.
func TestUserEmailAndRecipients(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		tr := mustTree(t, s)
		ctx := context.Background()
		add := func(username, email string, grants ...bontot.Grant) *bontot.User {
			t.Helper()
			u := &bontot.User{Username: username, FullName: "Người dùng " + username, Email: email, Grants: grants}
			if err := s.CreateUser(ctx, admin, u, "matkhau123"); err != nil {
				t.Fatal(username, err)
			}
			return u
		}
		on := func(r bontot.Role, o *bontot.Org) bontot.Grant { return bontot.Grant{Role: r, OrgID: o.ID} }

		err := s.CreateUser(ctx, admin, &bontot.User{Username: "sai", FullName: "Sai", Email: "khong-phai-email"}, "matkhau123")
		var e *bontot.Error
		if !errors.As(err, &e) || e.Code != bontot.EINVALID || e.Fields["email"] == "" {
			t.Fatalf("bad e-mail at creation: %v", err)
		}
		secretary := add("bithu.tdp4", " bithu.tdp4@hatinh.gov.vn ", on(bontot.RoleSecretary, tr.tdp4), on(bontot.RoleViewer, tr.tdp4))
		if got, _ := s.User(ctx, secretary.ID); got.Email != "bithu.tdp4@hatinh.gov.vn" {
			t.Errorf("stored e-mail %q", got.Email)
		}
		add("khongco", "", on(bontot.RoleSecretary, tr.tdp4))                   // no address
		add("dangvien", "dangvien@x.vn", on(bontot.RoleMember, tr.tdp4))        // a member does not see the unit's home page
		add("danguy", "danguy@x.vn", on(bontot.RoleCommittee, tr.ward))         // above the unit, not on it
		add("bithu.tdp1", "bithu.tdp1@x.vn", on(bontot.RoleSecretary, tr.tdp1)) // another unit
		locked := add("khoa", "khoa@x.vn", on(bontot.RoleSecretary, tr.tdp4))
		if err := s.SetDisabled(ctx, admin, locked.ID, true); err != nil {
			t.Fatal(err)
		}

		rs, err := s.Recipients(ctx, []int64{tr.tdp4.ID, tr.tdp1.ID})
		if err != nil {
			t.Fatal(err)
		}
		want := []store.Recipient{
			{Email: "bithu.tdp1@x.vn", FullName: "Người dùng bithu.tdp1", OrgID: tr.tdp1.ID, OrgName: "Chi bộ TDP 1"},
			{Email: "bithu.tdp4@hatinh.gov.vn", FullName: "Người dùng bithu.tdp4", OrgID: tr.tdp4.ID, OrgName: "Chi bộ TDP 4"},
		}
		if len(rs) != len(want) {
			t.Fatalf("recipients %+v, want %+v", rs, want)
		}
		for i := range want {
			if rs[i] != want[i] {
				t.Errorf("recipient %d = %+v, want %+v", i, rs[i], want[i])
			}
		}

		// Changing and clearing the address.
		if err := s.SetEmail(ctx, admin, secretary.ID, "a@b@c"); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("SetEmail with a bad address: %v", err)
		}
		if err := s.SetEmail(ctx, admin, secretary.ID, "moi@hatinh.gov.vn"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.UserByUsername(ctx, "bithu.tdp4"); got.Email != "moi@hatinh.gov.vn" {
			t.Errorf("changed e-mail %q", got.Email)
		}
		entries, _, err := s.AuditEntries(ctx, bontot.AuditFilter{Action: "user.update", Entity: "user", EntityID: secretary.ID})
		if err != nil || len(entries) == 0 || len(entries[0].Changes) != 1 || entries[0].Changes[0].New != "moi@hatinh.gov.vn" || entries[0].Changes[0].Old != "bithu.tdp4@hatinh.gov.vn" {
			t.Errorf("audit of the change: %v %+v", err, entries)
		}
		if err := s.SetEmail(ctx, admin, secretary.ID, ""); err != nil {
			t.Fatal(err)
		}
		if rs, _ := s.Recipients(ctx, []int64{tr.tdp4.ID}); len(rs) != 0 {
			t.Errorf("recipients after the address was removed: %+v", rs)
		}
	})
}
