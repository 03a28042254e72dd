package web

import (
	"html/template"
	"strings"
)

// navSections maps the pages of the site to the entry of the main
// navigation they belong to, so that a phone, which shows only one line of
// header, can name the section the user is in. Longer prefixes come first.
var navSections = []struct{ prefix, section string }{
	{"/sponsors/recommendations", "/sponsors/recommendations"},
	{"/sponsors", "/sponsors"},
	{"/inspections", "/sponsors"},
	{"/meetings", "/meetings"},
	{"/assessments", "/assessments"},
	{"/evidence", "/assessments"},
	{"/members", "/members"},
	{"/movement", "/movement"},
	{"/registrations", "/movement"},
	{"/results", "/results"},
	{"/tree", "/tree"},
	{"/orgs", "/tree"},
	{"/late", "/late"},
	{"/reviews", "/reviews"},
	{"/ratings", "/ratings"},
	{"/campaigns", "/campaigns"},
	{"/scales", "/campaigns"},
	{"/import", "/import"},
	{"/export", "/import"},
	{"/users", "/users"},
	{"/audit", "/audit"},
}

// navSection returns the link of the navigation entry whose section holds
// the page at path ("/meetings/12/edit" → "/meetings"), or "" for pages of
// no section (the account pages).
func navSection(path string) string {
	if path == "/" {
		return "/"
	}
	for _, s := range navSections {
		if rest, ok := strings.CutPrefix(path, s.prefix); ok && (rest == "" || rest[0] == '/') {
			return s.section
		}
	}
	return ""
}

// navCurrent marks the navigation link to the section holding the page at
// path: aria-current="page" on the section's own page, "true" on a page
// inside it (a meeting, a member), nothing elsewhere.
func navCurrent(path, link string) template.HTMLAttr {
	switch {
	case path == link:
		return `aria-current="page"`
	case navSection(path) == link:
		return `aria-current="true"`
	}
	return ""
}
