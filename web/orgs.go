package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"bontot"
)

// childPage is how many children an organization page lists at a time.
const childPage = 200

type treeData struct {
	Query   string
	Roots   []*treeNode
	Results []*bontot.Org
}

// treeNode is an organization with the children shown under it.
type treeNode struct {
	Org      *bontot.Org
	Children []*bontot.Org
	More     bool
}

func (s *Server) handleTree(w http.ResponseWriter, r *http.Request) {
	d := &treeData{Query: r.URL.Query().Get("q")}
	roots, err := s.scopeRoots(r, bontot.PermReadTree)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Query != "" {
		for _, root := range roots {
			found, err := s.store.Orgs(r.Context(), bontot.OrgFilter{Under: root.Path, Query: d.Query, Limit: 100})
			if err != nil {
				s.fail(w, r, err)
				return
			}
			d.Results = append(d.Results, found...)
		}
	} else {
		for _, root := range roots {
			n := &treeNode{Org: root}
			if n.Children, n.More, err = s.children(r, root, 0); err != nil {
				s.fail(w, r, err)
				return
			}
			d.Roots = append(d.Roots, n)
		}
	}
	s.render(w, r, http.StatusOK, "tree", &Page{Title: "Cây tổ chức", Data: d})
}

// children returns one page of the direct children of o.
func (s *Server) children(r *http.Request, o *bontot.Org, offset int) ([]*bontot.Org, bool, error) {
	id := o.ID
	kids, err := s.store.Orgs(r.Context(), bontot.OrgFilter{ParentID: &id, Limit: childPage + 1, Offset: offset})
	if err != nil {
		return nil, false, err
	}
	more := len(kids) > childPage
	if more {
		kids = kids[:childPage]
	}
	return kids, more, nil
}

type orgData struct {
	Org      *bontot.Org
	Parent   *bontot.Org
	Children []*bontot.Org
	More     bool
	Offset   int
	Events   []*bontot.OrgEvent
}

func (s *Server) handleOrg(w http.ResponseWriter, r *http.Request) {
	o, ok := s.orgFor(w, r, bontot.PermReadTree, pathID(r, "id"))
	if !ok {
		return
	}
	d := &orgData{Org: o}
	d.Offset, _ = strconv.Atoi(r.URL.Query().Get("offset"))
	var err error
	if d.Children, d.More, err = s.children(r, o, d.Offset); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Events, err = s.store.OrgEvents(r.Context(), o.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if o.ParentID != 0 {
		d.Parent, _ = s.store.Org(r.Context(), o.ParentID)
	}
	s.render(w, r, http.StatusOK, "org", &Page{Title: o.Name, Crumbs: s.crumbs(r, o.Path), Data: d})
}

// handleOrgChildren answers the tree's expand button: the children as an
// HTML fragment for htmx, or the organization page for a plain browser.
func (s *Server) handleOrgChildren(w http.ResponseWriter, r *http.Request) {
	o, ok := s.orgFor(w, r, bontot.PermReadTree, pathID(r, "id"))
	if !ok {
		return
	}
	if r.Header.Get("HX-Request") == "" {
		http.Redirect(w, r, "/orgs/"+strconv.FormatInt(o.ID, 10), http.StatusSeeOther)
		return
	}
	kids, more, err := s.children(r, o, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderFragment(w, r, "tree", "children", &treeNode{Org: o, Children: kids, More: more})
}

func (s *Server) handleOrgNew(w http.ResponseWriter, r *http.Request) {
	parent, ok := s.orgFor(w, r, bontot.PermEditOrgs, formID(r, "parent"))
	if !ok {
		return
	}
	form := newForm(url.Values{"parent": {strconv.FormatInt(parent.ID, 10)}, "valid_from": {s.store.Today().String()}}, nil)
	s.render(w, r, http.StatusOK, "org_form", &Page{Title: "Thêm tổ chức trực thuộc", Crumbs: s.crumbs(r, parent.Path), Form: form, Data: parent})
}

// orgFromForm reads the organization fields; date errors go to their fields.
func orgFromForm(v url.Values) (*bontot.Org, bontot.FieldErrors) {
	fe := bontot.FieldErrors{}
	o := &bontot.Org{Code: v.Get("code"), Name: v.Get("name"), ShortName: v.Get("short_name"), Kind: bontot.OrgKind(v.Get("kind")),
		Subtype: bontot.OrgSubtype(v.Get("subtype")), Decision: v.Get("decision")}
	var err error
	if o.ValidFrom, err = bontot.ParseDate(v.Get("valid_from")); err != nil {
		fe.Add("valid_from", bontot.ErrorMessage(err))
	}
	return o, fe
}

func (s *Server) handleOrgCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	parent, ok := s.orgFor(w, r, bontot.PermEditOrgs, formID(r, "parent"))
	if !ok {
		return
	}
	o, fe := orgFromForm(r.PostForm)
	o.ParentID = parent.ID
	err := fe.Err()
	if err == nil {
		err = s.store.CreateOrg(r.Context(), actor(r), o)
	}
	if err != nil {
		s.formError(w, r, err, "org_form", &Page{Title: "Thêm tổ chức trực thuộc", Crumbs: s.crumbs(r, parent.Path), Data: parent})
		return
	}
	s.flash(r, "Đã thêm “"+o.Name+"”.")
	http.Redirect(w, r, "/orgs/"+strconv.FormatInt(o.ID, 10), http.StatusSeeOther)
}

// formError shows a form again with what the user typed and the messages,
// or the error page when err is not about the input.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, err error, page string, p *Page) {
	code := bontot.ErrorCode(err)
	if code != bontot.EINVALID && code != bontot.ECONFLICT {
		s.fail(w, r, err)
		return
	}
	p.Form = newForm(r.PostForm, err)
	p.Error = bontot.ErrorMessage(err)
	s.render(w, r, httpStatus(code), page, p)
}

func (s *Server) handleOrgRenameForm(w http.ResponseWriter, r *http.Request) {
	o, ok := s.orgFor(w, r, bontot.PermEditOrgs, pathID(r, "id"))
	if !ok {
		return
	}
	form := newForm(url.Values{"name": {o.Name}, "short_name": {o.ShortName}, "date": {s.store.Today().String()}}, nil)
	s.render(w, r, http.StatusOK, "org_rename", &Page{Title: "Đổi tên " + o.Name, Crumbs: s.crumbs(r, o.Path), Form: form, Data: o})
}

func (s *Server) handleOrgRename(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	o, ok := s.orgFor(w, r, bontot.PermEditOrgs, pathID(r, "id"))
	if !ok {
		return
	}
	date, err := bontot.ParseDate(r.PostForm.Get("date"))
	if err != nil {
		err = &bontot.Error{Code: bontot.EINVALID, Message: bontot.ErrorMessage(err), Fields: map[string]string{"date": bontot.ErrorMessage(err)}}
	} else {
		err = s.store.RenameOrg(r.Context(), actor(r), o.ID, r.PostForm.Get("name"), r.PostForm.Get("short_name"), date, r.PostForm.Get("decision"))
	}
	if err != nil {
		s.formError(w, r, err, "org_rename", &Page{Title: "Đổi tên " + o.Name, Crumbs: s.crumbs(r, o.Path), Data: o})
		return
	}
	s.flash(r, "Đã đổi tên tổ chức.")
	http.Redirect(w, r, "/orgs/"+strconv.FormatInt(o.ID, 10), http.StatusSeeOther)
}

type moveData struct {
	Org        *bontot.Org
	Query      string
	Candidates []*bontot.Org
}

// parentKinds lists the kinds an organization of kind k may sit under.
func parentKinds(k bontot.OrgKind) []bontot.OrgKind {
	var out []bontot.OrgKind
	for _, p := range bontot.OrgKinds {
		if k.CanBeChildOf(p) {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) moveCandidates(r *http.Request, o *bontot.Org, q string) ([]*bontot.Org, error) {
	if q == "" {
		return nil, nil
	}
	roots, err := s.scopeRoots(r, bontot.PermEditOrgs)
	if err != nil {
		return nil, err
	}
	var out []*bontot.Org
	for _, root := range roots {
		found, err := s.store.Orgs(r.Context(), bontot.OrgFilter{Under: root.Path, Query: q, Kinds: parentKinds(o.Kind), Limit: 30})
		if err != nil {
			return nil, err
		}
		for _, c := range found {
			if c.ID != o.ParentID && !strings.HasPrefix(c.Path, o.Path) {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

func (s *Server) handleOrgMoveForm(w http.ResponseWriter, r *http.Request) {
	o, ok := s.orgFor(w, r, bontot.PermEditOrgs, pathID(r, "id"))
	if !ok {
		return
	}
	d := &moveData{Org: o, Query: r.URL.Query().Get("q")}
	var err error
	if d.Candidates, err = s.moveCandidates(r, o, d.Query); err != nil {
		s.fail(w, r, err)
		return
	}
	form := newForm(url.Values{"date": {s.store.Today().String()}}, nil)
	s.render(w, r, http.StatusOK, "org_move", &Page{Title: "Chuyển trực thuộc", Crumbs: s.crumbs(r, o.Path), Form: form, Data: d})
}

func (s *Server) handleOrgMove(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	o, ok := s.orgFor(w, r, bontot.PermEditOrgs, pathID(r, "id"))
	if !ok {
		return
	}
	d := &moveData{Org: o, Query: r.PostForm.Get("q")}
	var err error
	parentID := formID(r, "parent")
	date, derr := bontot.ParseDate(r.PostForm.Get("date"))
	switch {
	case parentID == 0:
		err = &bontot.Error{Code: bontot.EINVALID, Message: "Vui lòng chọn tổ chức cấp trên mới.", Fields: map[string]string{"parent": "Vui lòng chọn tổ chức cấp trên mới."}}
	case derr != nil:
		err = &bontot.Error{Code: bontot.EINVALID, Message: bontot.ErrorMessage(derr), Fields: map[string]string{"date": bontot.ErrorMessage(derr)}}
	default:
		// The new parent must be in the user's scope as well.
		np, perr := s.store.Org(r.Context(), parentID)
		if perr != nil || !userFrom(r).Can(bontot.PermEditOrgs, np.Path) {
			s.notFound(w, r)
			return
		}
		err = s.store.ReparentOrg(r.Context(), actor(r), o.ID, np.ID, date, r.PostForm.Get("decision"))
	}
	if err != nil {
		d.Candidates, _ = s.moveCandidates(r, o, d.Query)
		s.formError(w, r, err, "org_move", &Page{Title: "Chuyển trực thuộc", Crumbs: s.crumbs(r, o.Path), Data: d})
		return
	}
	s.flash(r, "Đã chuyển trực thuộc.")
	http.Redirect(w, r, "/orgs/"+strconv.FormatInt(o.ID, 10), http.StatusSeeOther)
}
