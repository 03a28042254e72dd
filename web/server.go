// Package web is Bốn Tốt's HTTP interface: the Vietnamese HTML pages (plain
// HTML forms, enhanced with htmx where it helps) and the JSON API under
// /api/v1. Every handler checks the user's role and organization subtree on
// the server: an organization or member outside the user's scope answers 404,
// so that guessing ids reveals nothing.
package web

import (
	"context"
	"embed"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"

	"github.com/alexedwards/scs/v2"

	"bontot/mail"
	"bontot/store"
)

//go:embed templates/*.html templates/*.txt static
var assets embed.FS

// Config holds what the server needs.
type Config struct {
	Store  *store.Store
	Logger *slog.Logger
	// SecureCookies marks the session cookie Secure; set it behind HTTPS.
	SecureCookies bool
	// Mail, when set, also e-mails reminders to the people of the units
	// reminded who have an address; nil (the default) sends no e-mail.
	Mail *mail.Outbox
	// BaseURL is the address people open the application at (e.g.
	// https://bontot.hatinh.gov.vn), for links in e-mails; empty: no link.
	BaseURL string
}

// Server serves the web interface and the API.
type Server struct {
	store    *store.Store
	log      *slog.Logger
	sessions *scs.SessionManager
	pages    map[string]*pageTemplate
	mail     *mail.Outbox
	mailText *texttemplate.Template
	baseURL  string
	static   *staticFiles
	limiter  *loginLimiter
	handler  http.Handler
	ready    chan struct{}
	once     sync.Once
}

// New builds the server. It fails if a page template is missing or broken,
// so that a bad build never starts.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{store: cfg.Store, log: cfg.Logger, mail: cfg.Mail, baseURL: strings.TrimRight(cfg.BaseURL, "/"), limiter: newLoginLimiter(15 * time.Minute), ready: make(chan struct{})}
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.pages, err = s.loadTemplates(); err != nil {
		return nil, err
	}
	if s.mailText, err = loadMailTemplates(); err != nil {
		return nil, err
	}
	s.sessions = scs.New()
	s.sessions.Store = cfg.Store.Sessions()
	s.sessions.Lifetime = 12 * time.Hour
	s.sessions.IdleTimeout = 2 * time.Hour
	s.sessions.Cookie.Name = "bontot_session"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Secure = cfg.SecureCookies
	s.sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { s.serverError(w, r, err) }
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// SetReady makes /healthz answer 200.
func (s *Server) SetReady() { s.once.Do(func() { close(s.ready) }) }

// CleanSessions deletes expired sessions every interval until ctx ends.
func (s *Server) CleanSessions(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.store.Sessions().DeleteExpired(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("deleting expired sessions", "err", err)
			}
		}
	}
}
