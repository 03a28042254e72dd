package web

import "net/http"

// meetingRoutes registers the pages of monthly cell meetings.
func (s *Server) meetingRoutes(page func(string, http.HandlerFunc)) {}
