package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"bontot"
	"bontot/store"
)

type ctxKey int

const userKey ctxKey = 1

// userFrom returns the logged-in user, or nil.
func userFrom(r *http.Request) *bontot.User {
	u, _ := r.Context().Value(userKey).(*bontot.User)
	return u
}

// actor is the audit identity of the request.
func actor(r *http.Request) store.Actor {
	a := store.Actor{IP: clientIP(r)}
	if u := userFrom(r); u != nil {
		a.UserID, a.Username = u.ID, u.Username
	}
	return a
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// logRequests logs every request with its status and duration.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: 200}
		next.ServeHTTP(sw, r)
		if strings.HasPrefix(r.URL.Path, "/static/") {
			return
		}
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "ms", time.Since(start).Milliseconds())
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int)        { w.status = code; w.ResponseWriter.WriteHeader(code) }
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// recoverPanics turns a panic into a 500 page and a log entry with the stack.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "err", v, "stack", string(debug.Stack()))
				s.serverError(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// secureHeaders sets the headers every response carries.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		next.ServeHTTP(w, r)
	})
}

// authenticate puts the user of the request into its context: from an API
// token (Authorization: Bearer …) or from the session.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u *bontot.User
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			var err error
			u, err = s.store.UserByToken(r.Context(), strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")))
			if err != nil || u.Disabled {
				s.apiError(w, r, bontot.Errorf(bontot.EUNAUTHORIZED, "Khóa API không hợp lệ."))
				return
			}
		} else if id := s.sessions.GetInt64(r.Context(), "user_id"); id != 0 {
			var err error
			u, err = s.store.User(r.Context(), id)
			if err != nil && bontot.ErrorCode(err) != bontot.ENOTFOUND {
				s.serverError(w, r, err)
				return
			}
			if u != nil && u.Disabled {
				u = nil
			}
		}
		if u != nil {
			r = r.WithContext(context.WithValue(r.Context(), userKey, u))
		}
		next.ServeHTTP(w, r)
	})
}

// requireLogin sends anonymous visitors to the login page (401 JSON for the API).
func (s *Server) requireLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if userFrom(r) == nil {
			if isAPI(r) {
				s.apiError(w, r, bontot.Errorf(bontot.EUNAUTHORIZED, "Vui lòng đăng nhập."))
				return
			}
			next := r.URL.RequestURI()
			http.Redirect(w, r, "/login?next="+urlQueryEscape(next), http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// loginLimiter refuses logins after too many failures within a window: 5
// for one user name, 50 for one address (a committee office shares one
// address, so one person's typos must not lock out the others).
type loginLimiter struct {
	mu     sync.Mutex
	window time.Duration
	fails  map[string][]time.Time
}

// limitOf is the number of failures a key may have: "u:" user names, "ip:" addresses.
func limitOf(key string) int {
	if strings.HasPrefix(key, "ip:") {
		return 50
	}
	return 5
}

func newLoginLimiter(window time.Duration) *loginLimiter {
	return &loginLimiter{window: window, fails: map[string][]time.Time{}}
}

func (l *loginLimiter) recent(key string, now time.Time) []time.Time {
	var keep []time.Time
	for _, t := range l.fails[key] {
		if now.Sub(t) < l.window {
			keep = append(keep, t)
		}
	}
	if len(keep) == 0 {
		delete(l.fails, key)
	} else {
		l.fails[key] = keep
	}
	return keep
}

// Blocked reports whether any of the keys has reached the limit.
func (l *loginLimiter) Blocked(keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	for _, k := range keys {
		if len(l.recent(k, now)) >= limitOf(k) {
			return true
		}
	}
	return false
}

// Fail records a failure for every key.
func (l *loginLimiter) Fail(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	for _, k := range keys {
		l.fails[k] = append(l.recent(k, now), now)
	}
}

// Reset forgets the failures of a key after a successful login.
func (l *loginLimiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}
