package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bontot"
)

func init() {
	routes = append(routes,
		route{"POST", "/users/{user}/email", "email=sai", orgEditors, true, false},
		route{"POST", "/account/email", "email=sai", all, false, false},
	)
}

// The e-mail of an account is checked wherever it is typed: in the new-user
// form, on the account's page, and on the user's own password page; a bad
// address answers with the Vietnamese message and keeps what was typed.
func TestUserEmailIsValidated(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	board := f.MustLogin(t, "bantochuc")
	const invalid = "Địa chỉ e-mail không hợp lệ"

	form := url.Values{"username": {"bithu.tdp1"}, "full_name": {"Võ Văn Sơn"}, "role": {"secretary"}, "org_code": {"HT.TP.TRP.TDP1"},
		"password": {"matkhau123"}, "confirm": {"matkhau123"}, "email": {"son.hatinh.gov.vn"}}
	res, body := board.post("/users", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, invalid) || !strings.Contains(body, `value="son.hatinh.gov.vn"`) {
		t.Fatalf("new user with a bad e-mail: %d, message shown %v", res.StatusCode, strings.Contains(body, invalid))
	}
	if _, err := f.st.UserByUsername(ctx, "bithu.tdp1"); err == nil {
		t.Fatal("the account was created with a bad e-mail")
	}
	form.Set("email", "son.tdp1@hatinh.gov.vn")
	if res, _ := board.post("/users", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new user: %d", res.StatusCode)
	}
	u, err := f.st.UserByUsername(ctx, "bithu.tdp1")
	if err != nil || u.Email != "son.tdp1@hatinh.gov.vn" {
		t.Fatalf("stored e-mail: %v %+v", err, u)
	}
	page := fmt.Sprintf("/users/%d", u.ID)
	if _, body := board.get(page); !strings.Contains(body, `value="son.tdp1@hatinh.gov.vn"`) {
		t.Error("the account page does not show the e-mail")
	}
	res, body = board.post(page+"/email", url.Values{"email": {"Võ Văn Sơn <son@x.vn>"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, invalid) {
		t.Errorf("account page, bad e-mail: %d", res.StatusCode)
	}
	if res, _ := board.post(page+"/email", url.Values{"email": {""}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("removing the e-mail: %d", res.StatusCode)
	}
	if u, _ := f.st.User(ctx, u.ID); u.Email != "" {
		t.Errorf("e-mail after removal %q", u.Email)
	}

	// The user's own page.
	secretary := f.MustLogin(t, "bithu.tdp4")
	res, body = secretary.post("/account/email", url.Values{"email": {"bithu@@hatinh"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, invalid) || !strings.Contains(body, `value="bithu@@hatinh"`) {
		t.Errorf("own page, bad e-mail: %d", res.StatusCode)
	}
	if res, _ := secretary.post("/account/email", url.Values{"email": {" hoa.tdp4@hatinh.gov.vn "}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("own page: %d", res.StatusCode)
	}
	if _, body := secretary.get("/account/password"); !strings.Contains(body, `value="hoa.tdp4@hatinh.gov.vn"`) {
		t.Error("the password page does not show the saved e-mail")
	}
	me, _ := f.st.UserByUsername(ctx, "bithu.tdp4")
	entries, _, _ := f.st.AuditEntries(ctx, bontot.AuditFilter{Action: "user.update", Entity: "user", EntityID: me.ID})
	if len(entries) == 0 || entries[0].Changes[0].New != "hoa.tdp4@hatinh.gov.vn" {
		t.Errorf("no audit entry for the change: %+v", entries)
	}
}

// The API lists an account's e-mail address, as its page shows it.
func TestAPIUsersListsEmail(t *testing.T) {
	f := MustFixture(t)
	setEmails(t, f, map[string]string{"bithu.tdp4": "bithu.tdp4@hatinh.gov.vn"})
	var got struct {
		Users []struct {
			Username string `json:"username"`
			Email    string `json:"email"`
		} `json:"users"`
	}
	if status, body := getJSON(t, f.MustLogin(t, "quantri"), "/api/v1/users", &got); status != 200 {
		t.Fatalf("GET /api/v1/users: %d %s", status, body)
	}
	emails := map[string]string{}
	for _, u := range got.Users {
		emails[u.Username] = u.Email
	}
	if emails["bithu.tdp4"] != "bithu.tdp4@hatinh.gov.vn" || emails["bantochuc"] != "" {
		t.Errorf("e-mails listed: secretary %q, board %q", emails["bithu.tdp4"], emails["bantochuc"])
	}
}
