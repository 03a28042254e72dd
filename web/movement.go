package web

import "net/http"

// movementRoutes registers the pages of launch, deployment and registration of emulation targets.
func (s *Server) movementRoutes(page func(string, http.HandlerFunc)) {}
