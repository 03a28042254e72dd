package web

import (
	"net/http"
)

// routes lists every URL of the program in one place.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.Handle("GET /static/", s.static)
	mux.HandleFunc("GET /login", s.handleLoginForm)
	mux.HandleFunc("POST /login", s.handleLogin)
	mux.HandleFunc("POST /logout", s.handleLogout)

	// Pages behind the login.
	page := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.requireLogin(h)) }
	page("GET /{$}", s.handleHome)
	page("GET /tree", s.handleTree)
	page("GET /orgs/{id}", s.handleOrg)
	page("GET /orgs/{id}/children", s.handleOrgChildren)
	page("GET /orgs/new", s.handleOrgNew)
	page("POST /orgs", s.handleOrgCreate)
	page("GET /orgs/{id}/rename", s.handleOrgRenameForm)
	page("POST /orgs/{id}/rename", s.handleOrgRename)
	page("GET /orgs/{id}/move", s.handleOrgMoveForm)
	page("POST /orgs/{id}/move", s.handleOrgMove)
	page("GET /members", s.handleMembers)
	page("GET /members/new", s.handleMemberNew)
	page("POST /members", s.handleMemberCreate)
	page("GET /members/{id}", s.handleMember)
	page("GET /members/{id}/edit", s.handleMemberEdit)
	page("POST /members/{id}", s.handleMemberUpdate)
	page("GET /members/{id}/transfer", s.handleTransferForm)
	page("POST /members/{id}/transfer", s.handleTransfer)
	page("GET /users", s.handleUsers)
	page("GET /users/new", s.handleUserNew)
	page("POST /users", s.handleUserCreate)
	page("GET /users/{id}", s.handleUser)
	page("POST /users/{id}/password", s.handleUserPassword)
	page("POST /users/{id}/email", s.handleUserEmail)
	page("POST /users/{id}/grants", s.handleUserGrantAdd)
	page("POST /users/{id}/grants/{gid}/delete", s.handleUserGrantDelete)
	page("POST /users/{id}/disable", s.handleUserDisable)
	page("GET /account/password", s.handlePasswordForm)
	page("POST /account/password", s.handlePasswordChange)
	page("POST /account/email", s.handleAccountEmail)
	page("GET /account/tokens", s.handleTokens)
	page("POST /account/tokens", s.handleTokenCreate)
	page("GET /audit", s.handleAudit)
	page("GET /import", s.handleImportForm)
	page("POST /import/{kind}", s.handleImport)
	page("GET /export/{kind}", s.handleExport)
	// The yearly "4 tốt" cycle: campaigns and scales, assessments, ratings, results.
	s.campaignRoutes(page)
	s.assessmentRoutes(page)
	s.ratingRoutes(page)
	s.resultRoutes(page)
	// The movement through the year: launch and registration, meetings, sponsors and inspection.
	s.movementRoutes(page)
	s.meetingRoutes(page)
	s.sponsorRoutes(page)
	s.reviewRoutes(page)
	s.lateRoutes(page)

	// JSON API: the same resources, for integrations (API tokens) and scripts.
	api := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.requireLogin(h)) }
	api("GET /api/v1/me", s.apiMe)
	api("GET /api/v1/orgs", s.apiOrgs)
	api("GET /api/v1/orgs/{id}", s.apiOrg)
	api("GET /api/v1/orgs/{id}/children", s.apiOrgChildren)
	api("GET /api/v1/orgs/{id}/events", s.apiOrgEvents)
	api("POST /api/v1/orgs", s.apiOrgCreate)
	api("POST /api/v1/orgs/{id}/rename", s.apiOrgRename)
	api("POST /api/v1/orgs/{id}/move", s.apiOrgMove)
	api("GET /api/v1/members", s.apiMembers)
	api("GET /api/v1/members/{id}", s.apiMember)
	api("GET /api/v1/members/{id}/memberships", s.apiMemberships)
	api("POST /api/v1/members", s.apiMemberCreate)
	api("PUT /api/v1/members/{id}", s.apiMemberUpdate)
	api("POST /api/v1/members/{id}/transfer", s.apiTransfer)
	api("GET /api/v1/audit", s.apiAudit)
	api("GET /api/v1/users", s.apiUsers)
	api("GET /api/v1/campaigns", s.apiCampaigns)
	api("GET /api/v1/assessments", s.apiAssessments)
	api("GET /api/v1/assessments/{id}", s.apiAssessment)
	api("GET /api/v1/meetings", s.apiMeetings)
	api("GET /api/v1/meetings/{id}", s.apiMeeting)
	api("GET /api/v1/late", s.apiLate)
	api("GET /api/v1/registrations", s.apiRegistrations)
	api("GET /api/v1/registrations/{id}", s.apiRegistration)
	api("GET /api/v1/recommendations", s.apiRecommendations)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) { s.apiNotFound(w, r) })

	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &forbiddenCSRF)
	}))
	var h http.Handler = mux
	h = csrf.Handler(h) // inside the session, so that its refusal page can render
	h = s.authenticate(h)
	h = s.sessions.LoadAndSave(h)
	h = secureHeaders(h)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	return h
}
