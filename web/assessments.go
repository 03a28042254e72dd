package web

import "net/http"

// assessmentRoutes registers the yearly assessment pages.
func (s *Server) assessmentRoutes(page func(string, http.HandlerFunc)) {}
