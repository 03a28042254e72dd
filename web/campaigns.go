package web

import "net/http"

// campaignRoutes registers the campaign and scale pages.
func (s *Server) campaignRoutes(page func(string, http.HandlerFunc)) {}
