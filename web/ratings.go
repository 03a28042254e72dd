package web

import "net/http"

// ratingRoutes registers the annual rating and discipline pages.
func (s *Server) ratingRoutes(page func(string, http.HandlerFunc)) {}
