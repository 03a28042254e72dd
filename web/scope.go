package web

import (
	"net/http"
	"strconv"

	"bontot"
)

var forbiddenCSRF = bontot.Error{Code: bontot.EFORBIDDEN, Message: "Yêu cầu bị từ chối vì không xuất phát từ trang của Bốn Tốt. Vui lòng tải lại trang và thử lại."}

// pathID reads a numeric path value; 0 when it is not a number.
func pathID(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id
}

// formID reads a numeric form or query value.
func formID(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(r.FormValue(name), 10, 64)
	return id
}

// orgFor loads an organization the user may exercise perm on. Anything else,
// including an organization that exists outside the user's subtree, is a 404.
func (s *Server) orgFor(w http.ResponseWriter, r *http.Request, perm bontot.Permission, id int64) (*bontot.Org, bool) {
	u := userFrom(r)
	o, err := s.store.Org(r.Context(), id)
	if err != nil {
		s.loadFailed(w, r, err)
		return nil, false
	}
	if !u.Can(perm, o.Path) {
		s.refuse(w, r, u.Can(bontot.PermReadTree, o.Path))
		return nil, false
	}
	return o, true
}

// loadFailed answers a failed load: 404 for a missing object, else the error.
func (s *Server) loadFailed(w http.ResponseWriter, r *http.Request, err error) {
	if bontot.ErrorCode(err) == bontot.ENOTFOUND {
		s.notFound(w, r)
	} else {
		s.fail(w, r, err)
	}
}

// refuse answers a request the user may not make: 403 when the user may see
// the object, 404 otherwise, so that nothing outside the subtree is disclosed.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, visible bool) {
	if visible {
		s.forbidden(w, r)
	} else {
		s.notFound(w, r)
	}
}

// memberFor loads a member the user may exercise perm on: a member whose
// official or temporary cell is in scope; a party member may read their own record.
func (s *Server) memberFor(w http.ResponseWriter, r *http.Request, perm bontot.Permission, id int64) (*bontot.Member, bool) {
	u := userFrom(r)
	m, err := s.store.Member(r.Context(), id)
	if err != nil {
		s.loadFailed(w, r, err)
		return nil, false
	}
	if u.Can(perm, m.OrgPath) {
		return m, true
	}
	if m.TempOrgID != 0 && perm == bontot.PermReadMembers {
		if t, err := s.store.Org(r.Context(), m.TempOrgID); err == nil && u.Can(perm, t.Path) {
			return m, true
		}
	}
	if perm == bontot.PermReadMembers && u.MemberID == m.ID {
		return m, true
	}
	s.refuse(w, r, u.Can(bontot.PermReadMembers, m.OrgPath))
	return nil, false
}

// scopeRoots returns the organizations at the top of the user's subtrees for perm.
func (s *Server) scopeRoots(r *http.Request, perm bontot.Permission) ([]*bontot.Org, error) {
	var out []*bontot.Org
	for _, p := range userFrom(r).Scopes(perm) {
		ids := bontot.PathIDs(p)
		o, err := s.store.Org(r.Context(), ids[len(ids)-1])
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// crumbs returns the ancestors of o that the user can see, for the breadcrumb.
func (s *Server) crumbs(r *http.Request, path string) []*bontot.Org {
	anc, err := s.store.Ancestors(r.Context(), path)
	if err != nil {
		return nil
	}
	u := userFrom(r)
	var out []*bontot.Org
	for _, a := range anc {
		if u.Can(bontot.PermReadTree, a.Path) {
			out = append(out, a)
		}
	}
	return out
}

// pickScope chooses the subtree a list covers: the "under" organization if
// the user may see it, else the user's first subtree.
func (s *Server) pickScope(r *http.Request, perm bontot.Permission) (*bontot.Org, error) {
	u := userFrom(r)
	if id := formID(r, "under"); id != 0 {
		o, err := s.store.Org(r.Context(), id)
		if err == nil && u.Can(perm, o.Path) {
			return o, nil
		}
		return nil, bontot.Errorf(bontot.ENOTFOUND, "Không tìm thấy tổ chức hoặc bạn không có quyền xem.")
	}
	roots, err := s.scopeRoots(r, perm)
	if err != nil {
		return nil, err
	}
	if len(roots) == 0 {
		return nil, bontot.Errorf(bontot.EFORBIDDEN, "Bạn không có quyền xem nội dung này.")
	}
	return roots[0], nil
}

// permits checks that the user may exercise perm on the organization at path
// (above: from strictly above it, as reviews and acknowledgements are) and
// answers the refusal otherwise: 403 when the user may see it, else 404.
func (s *Server) permits(w http.ResponseWriter, r *http.Request, perm bontot.Permission, above bool, path string) bool {
	u := userFrom(r)
	ok := u.Can(perm, path)
	if above {
		ok = u.CanAbove(perm, path)
	}
	if !ok {
		s.refuse(w, r, u.Can(bontot.PermReadTree, path))
	}
	return ok
}
