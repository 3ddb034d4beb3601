package connectedapps

import "context"

// SetSystemBrowser makes Login open the system browser with open, until the
// function it returns is called: a test plays a system browser that fails.
func SetSystemBrowser(open func(ctx context.Context, url string) error) (restore func()) {
	old := systemBrowser
	systemBrowser = open
	return func() { systemBrowser = old }
}
