package store_test

import (
	"context"
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
