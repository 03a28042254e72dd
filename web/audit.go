package web

import (
	"net/http"
	"strconv"

	"bontot"
)

type auditData struct {
	Scope   *bontot.Org
	Entries []*bontot.AuditEntry
	Filter  bontot.AuditFilter
	From    string
	To      string
	More    bool
	Next    int
	Actions map[string]string
}

// auditFilter reads the filter of the audit page; the scope is checked by the caller.
func auditFilter(r *http.Request) (bontot.AuditFilter, error) {
	q := r.URL.Query()
	f := bontot.AuditFilter{Action: q.Get("action"), Entity: q.Get("entity"), Limit: 50}
	f.EntityID, _ = strconv.ParseInt(q.Get("entity_id"), 10, 64)
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	var err error
	if f.From, err = bontot.ParseDate(q.Get("from")); err != nil {
		return f, err
	}
	if f.To, err = bontot.ParseDate(q.Get("to")); err != nil {
		return f, err
	}
	return f, nil
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	scope, err := s.pickScope(r, bontot.PermReadAudit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &auditData{Scope: scope, From: r.URL.Query().Get("from"), To: r.URL.Query().Get("to"), Actions: bontot.AuditActions}
	f, ferr := auditFilter(r)
	d.Filter = f
	// Entries outside any organization (logins, accounts) are for the system administrator.
	f.Under = scope.Path
	f.Global = userFrom(r).Can(bontot.PermManageUsers, scope.Path) && userFrom(r).HasRole(bontot.RoleAdmin)
	var p Page
	if ferr != nil {
		p.Error = bontot.ErrorMessage(ferr)
	} else if d.Entries, d.More, err = s.store.AuditEntries(r.Context(), f); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Next = f.Offset + f.Limit
	p.Title, p.Data = "Nhật ký thao tác", d
	s.render(w, r, http.StatusOK, "audit", &p)
}
