package anypointtest

func (s *Server) connectedAppsRoutes() {}
