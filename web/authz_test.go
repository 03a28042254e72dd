package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"bontot"
	"bontot/demo"
	"bontot/store"
)

var storeSystem = store.System

// Who may do what. Each route lists the roles allowed on objects inside
// their subtree; every other role is refused (403, or 404 when it may not
// even see the object), and every role is refused with 404 on objects
// outside its subtree, so that guessing ids reveals nothing.
var (
	all        = []bontot.Role{bontot.RoleAdmin, bontot.RoleBoard, bontot.RoleCommittee, bontot.RoleSecretary, bontot.RoleSponsor, bontot.RoleViewer, bontot.RoleMember}
	readers    = []bontot.Role{bontot.RoleAdmin, bontot.RoleBoard, bontot.RoleCommittee, bontot.RoleSecretary, bontot.RoleSponsor, bontot.RoleViewer}
	editors    = []bontot.Role{bontot.RoleAdmin, bontot.RoleBoard, bontot.RoleCommittee, bontot.RoleSecretary}
	movers     = []bontot.Role{bontot.RoleAdmin, bontot.RoleBoard, bontot.RoleCommittee}
	orgEditors = []bontot.Role{bontot.RoleAdmin, bontot.RoleBoard}
)

// route is one URL under test. Placeholders: {cell} a cell, {member} a
// member of it, {user} an account inside the subtree. Form bodies are
// deliberately incomplete: an allowed request answers with a validation
// message (422) and changes nothing.
type route struct {
	method, path, body string
	allowed            []bontot.Role
	scoped             bool // the path names an object, so the out-of-scope case applies
	api                bool
}

var routes = []route{
	{"GET", "/", "", all, false, false},
	{"GET", "/tree", "", all, false, false},
	{"GET", "/tree?q=tdp", "", all, false, false},
	{"GET", "/orgs/{cell}", "", readers, true, false},
	{"GET", "/orgs/{cell}/children", "", readers, true, false},
	{"GET", "/orgs/new?parent={parent}", "", orgEditors, true, false},
	{"POST", "/orgs", "parent={parent}", orgEditors, true, false},
	{"GET", "/orgs/{cell}/rename", "", orgEditors, true, false},
	{"POST", "/orgs/{cell}/rename", "name=", orgEditors, true, false},
	{"GET", "/orgs/{cell}/move", "", orgEditors, true, false},
	{"POST", "/orgs/{cell}/move", "parent=0", orgEditors, true, false},
	{"GET", "/members?org={cell}", "", readers, true, false},
	{"GET", "/members/new?org={cell}", "", editors, true, false},
	{"POST", "/members", "org={cell}", editors, true, false},
	{"GET", "/members/{member}", "", append(readers, bontot.RoleMember), true, false},
	{"GET", "/members/{member}/edit", "", editors, true, false},
	{"POST", "/members/{member}", "full_name=", editors, true, false},
	{"GET", "/members/{member}/transfer", "", movers, true, false},
	{"POST", "/members/{member}/transfer", "to_org=0", movers, true, false},
	{"GET", "/export/orgs?under={cell}", "", readers, true, false},
	{"GET", "/export/members?under={cell}", "", readers, true, false},
	{"GET", "/users", "", orgEditors, false, false},
	{"GET", "/users/new", "", orgEditors, false, false},
	{"POST", "/users", "username=", orgEditors, false, false},
	{"GET", "/users/{user}", "", orgEditors, true, false},
	{"POST", "/users/{user}/password", "password=ngan", orgEditors, true, false},
	{"POST", "/users/{user}/grants", "role=", orgEditors, true, false},
	{"GET", "/audit", "", orgEditors, false, false},
	{"GET", "/import", "", editors, false, false},
	{"POST", "/import/members", "", editors, false, false},
	{"POST", "/import/orgs", "", orgEditors, false, false},
	{"GET", "/account/password", "", all, false, false},
	{"GET", "/account/tokens", "", all, false, false},
	{"GET", "/ratings", "", movers, false, false},
	{"GET", "/ratings/{parent}/2024", "", movers, true, false},
	{"POST", "/ratings/{parent}/2024", "c{cell}=XX", movers, true, false},
	{"GET", "/ratings/export?org={parent}&year=2024", "", movers, true, false},
	{"POST", "/ratings/import", "", movers, false, false},
	{"GET", "/members/{member}/disciplines", "", append(readers, bontot.RoleMember), true, false},
	{"POST", "/members/{member}/disciplines", "level=", movers, true, false},
	{"GET", "/api/v1/me", "", all, false, true},
	{"GET", "/api/v1/orgs/{cell}", "", readers, true, true},
	{"GET", "/api/v1/orgs/{cell}/children", "", readers, true, true},
	{"GET", "/api/v1/orgs/{cell}/events", "", readers, true, true},
	{"POST", "/api/v1/orgs", `{"parent_id": {parent}}`, orgEditors, true, true},
	{"POST", "/api/v1/orgs/{cell}/rename", `{"name": ""}`, orgEditors, true, true},
	{"POST", "/api/v1/orgs/{cell}/move", `{"parent_id": {cell}, "date": "01/01/2025"}`, orgEditors, true, true},
	{"GET", "/api/v1/members?org={cell}", "", readers, true, true},
	{"GET", "/api/v1/members/{member}", "", append(readers, bontot.RoleMember), true, true},
	{"GET", "/api/v1/members/{member}/memberships", "", append(readers, bontot.RoleMember), true, true},
	{"POST", "/api/v1/members", `{"org_id": {cell}}`, editors, true, true},
	{"PUT", "/api/v1/members/{member}", `{"full_name": ""}`, editors, true, true},
	{"POST", "/api/v1/members/{member}/transfer", `{"to_org_id": {cell}, "kind": "official", "date": "01/01/2025"}`, movers, true, true},
	{"GET", "/api/v1/audit", "", orgEditors, false, true},
	{"GET", "/api/v1/users", "", orgEditors, false, true},
}

// subjects are the objects a route is tried on for one account.
type subjects struct{ parent, cell, member, user int64 }

// morePlaceholders lets other test files add placeholders (e.g. {campaign}):
// each function is called once per test with the fixture and returns, for a
// subjects, the placeholders' values (objects it may create for the purpose).
var morePlaceholders []func(tb testing.TB, f *fixture) func(subjects) map[string]int64

// extraFill holds the current test's functions from morePlaceholders.
var extraFill []func(subjects) map[string]int64

func setupPlaceholders(tb testing.TB, f *fixture) {
	extraFill = nil
	for _, m := range morePlaceholders {
		extraFill = append(extraFill, m(tb, f))
	}
}

func TestAuthorizationEveryRouteRoleAndScope(t *testing.T) {
	f := MustFixture(t)
	setupPlaceholders(t, f)
	ctx := context.Background()
	id := func(code string) int64 {
		o, err := f.st.OrgByCode(ctx, code)
		if err != nil {
			t.Fatal(code, err)
		}
		return o.ID
	}
	firstMember := func(cell int64) int64 {
		page, err := f.st.Members(ctx, bontot.MemberFilter{OrgID: cell})
		if err != nil || len(page.Members) == 0 {
			t.Fatal(err)
		}
		return page.Members[0].ID
	}
	secretary, _ := f.st.UserByUsername(ctx, "bithu.tdp4")
	me, _ := f.st.UserByUsername(ctx, "dangvien")
	tdp4, tdp1, ndu := id("HT.TP.TRP.TDP4"), id("HT.TP.TRP.TDP1"), id("HT.TP.NDU.TDP1")
	outside := subjects{parent: f.other.ParentID, cell: f.other.ID, member: f.otherMember.ID, user: secretary.ID}
	cases := map[string]struct {
		in, out subjects
	}{
		"quantri":        {subjects{id("HT.TP.TRP"), tdp4, firstMember(tdp4), secretary.ID}, outside},
		"bantochuc":      {subjects{id("HT.TP.TRP"), tdp4, firstMember(tdp4), secretary.ID}, outside},
		"thuongvu":       {subjects{id("HT.TP.TRP"), tdp4, firstMember(tdp4), secretary.ID}, outside},
		"danguy.tranphu": {subjects{id("HT.TP.TRP"), tdp4, firstMember(tdp4), secretary.ID}, subjects{id("HT.TP.NDU"), ndu, firstMember(ndu), secretary.ID}},
		"bithu.tdp4":     {subjects{id("HT.TP.TRP"), tdp4, firstMember(tdp4), secretary.ID}, subjects{id("HT.TP.TRP"), tdp1, firstMember(tdp1), secretary.ID}},
		"phutrach":       {subjects{id("HT.TP.NDU"), ndu, firstMember(ndu), secretary.ID}, subjects{id("HT.TP.TRP"), tdp4, firstMember(tdp4), secretary.ID}},
		"dangvien":       {subjects{id("HT.TP.TRP"), tdp4, me.MemberID, secretary.ID}, subjects{id("HT.TP.TRP"), tdp4, firstMember(tdp1), secretary.ID}},
	}
	// The out-of-scope "user" for the board is an account of another province.
	if err := f.st.CreateUser(ctx, storeSystem, &bontot.User{Username: "bithu.xx", FullName: "Bí thư ngoài", Grants: []bontot.Grant{{Role: bontot.RoleSecretary, OrgID: f.other.ID}}}, "matkhau123"); err != nil {
		t.Fatal(err)
	}
	outsider, _ := f.st.UserByUsername(ctx, "bithu.xx")

	for _, login := range demo.Logins {
		c := f.MustLogin(t, login.Username)
		subj := cases[login.Username]
		subj.out.user = outsider.ID
		for _, rt := range routes {
			allowed := hasRole(rt.allowed, login.Role)
			for _, scope := range []string{"in", "out"} {
				if scope == "out" && !rt.scoped {
					continue
				}
				s := subj.in
				if scope == "out" {
					s = subj.out
				}
				path, body := fill(rt.path, s), fill(rt.body, s)
				name := fmt.Sprintf("%s %s %s (%s)", login.Username, rt.method, path, scope)
				res, text := c.send(rt, path, body)
				got := res.StatusCode
				switch {
				case scope == "out" && got != http.StatusNotFound:
					t.Errorf("%s: status %d, want 404 outside the subtree", name, got)
				case scope == "in" && allowed && !(got == 200 || got == 303 || got == 422 || got == 409):
					t.Errorf("%s: status %d, want success or a validation message", name, got)
				case scope == "in" && !allowed && got != 403 && got != 404:
					t.Errorf("%s: status %d, want 403 or 404", name, got)
				}
				if got == 200 && !rt.api && strings.Contains(text, f.other.Name) {
					t.Errorf("%s: page shows an organization outside the subtree", name)
				}
			}
		}
	}
}

func (c *client) send(rt route, path, body string) (*http.Response, string) {
	switch {
	case rt.api && rt.method != "GET":
		return c.do(rt.method, path, body, "application/json")
	case rt.method == "POST" && strings.HasPrefix(path, "/import/"):
		return c.do("POST", path, "--x--\r\n", "multipart/form-data; boundary=x")
	case rt.method == "POST":
		return c.do("POST", path, body, "application/x-www-form-urlencoded")
	}
	return c.get(path)
}

func fill(s string, sub subjects) string {
	pairs := []string{"{parent}", strconv.FormatInt(sub.parent, 10), "{cell}", strconv.FormatInt(sub.cell, 10),
		"{member}", strconv.FormatInt(sub.member, 10), "{user}", strconv.FormatInt(sub.user, 10)}
	for _, more := range extraFill {
		for k, v := range more(sub) {
			pairs = append(pairs, k, strconv.FormatInt(v, 10))
		}
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

func hasRole(roles []bontot.Role, r bontot.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

func TestAnonymousIsSentToLogin(t *testing.T) {
	f := MustFixture(t)
	setupPlaceholders(t, f)
	c := f.client(t)
	for _, rt := range routes {
		path := fill(rt.path, subjects{1, 1, 1, 1})
		res, _ := c.send(rt, path, fill(rt.body, subjects{1, 1, 1, 1}))
		want := http.StatusSeeOther
		if rt.api {
			want = http.StatusUnauthorized
		}
		if res.StatusCode != want {
			t.Errorf("anonymous %s %s: status %d, want %d", rt.method, path, res.StatusCode, want)
		}
		if !rt.api && !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("anonymous %s %s: redirected to %q", rt.method, path, res.Header.Get("Location"))
		}
	}
}
