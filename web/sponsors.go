package web

import "net/http"

// sponsorRoutes registers the pages of sponsor assignments, visits, recommendations and inspection.
func (s *Server) sponsorRoutes(page func(string, http.HandlerFunc)) {}
