package anypointtest

// UnusedReport exposes the lines ReportUnusedScopes logs, to the tests.
func (s *Server) UnusedReport() []string { return s.unusedReport() }
