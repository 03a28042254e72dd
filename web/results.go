package web

import "net/http"

// resultRoutes registers the results dashboards and exports.
func (s *Server) resultRoutes(page func(string, http.HandlerFunc)) {}
